namespace NndlPS.Core;

/// <summary>
/// MNIST split the way the book's <c>mnist_loader</c> splits it: the first 50,000 training images for
/// training, the last 10,000 for validation, and the 10,000 test images.
/// </summary>
public sealed class MnistDataset
{
    public MnistDataset(string name, ImageSet training, ImageSet validation, ImageSet test, string source)
    {
        Name = name;
        Training = training;
        Validation = validation;
        Test = test;
        Source = source;
    }

    public string Name { get; }

    public ImageSet Training { get; }

    public ImageSet Validation { get; }

    public ImageSet Test { get; }

    /// <summary>Where the files were read from: a folder, or the files themselves.</summary>
    public string Source { get; }

    /// <summary>What each label means, e.g. "T-shirt/top" for label 0 of Fashion-MNIST.</summary>
    public IReadOnlyList<string> ClassNames => Test.ClassNames;

    public override string ToString() =>
        $"{Name}: {Training.Count} training, {Validation.Count} validation, {Test.Count} test images from {Source}";
}
