namespace NndlPS.Core;

/// <summary>
/// The chapter's yardsticks for "95%": what a classifier that knows nothing, a single hand-made feature, and a
/// well-tuned linear classifier get on the same images.
/// </summary>
public enum BaselineMethod
{
    /// <summary>Guess a class uniformly at random: about 1 in 10 for MNIST.</summary>
    Random,

    /// <summary>The book's mnist_average_darkness.py: the digit whose average darkness is nearest the image's.</summary>
    AverageDarkness,

    /// <summary>One-vs-rest linear support vector machines (the book's mnist_svm.py uses an SVM too).</summary>
    LinearSvm,
}
