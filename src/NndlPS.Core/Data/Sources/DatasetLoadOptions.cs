namespace NndlPS.Core;

/// <summary>How to load a dataset: which one (for its class names), how to split it, how much of it.</summary>
public sealed record DatasetLoadOptions
{
    public DatasetDescriptor Dataset { get; init; } = DatasetCatalog.Mnist;

    /// <summary>
    /// Images held out of the training file as the validation set; null: the split an Export-Mnist folder records,
    /// else <see cref="MnistLoader.DefaultValidationSize"/> (the book's 10,000).
    /// </summary>
    public int? ValidationSize { get; init; }

    /// <summary>Keep only the first n images of each set; null keeps all.</summary>
    public int? First { get; init; }
}
