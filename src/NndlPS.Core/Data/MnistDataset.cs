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

    /// <summary>The folder the files were read from.</summary>
    public string Source { get; }

    public override string ToString() =>
        $"{Name}: {Training.Count} training, {Validation.Count} validation, {Test.Count} test images from {Source}";
}
