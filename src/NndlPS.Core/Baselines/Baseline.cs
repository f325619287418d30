namespace NndlPS.Core;

/// <summary>Runs one of the chapter's baselines: learn from a training set, count the hits on a test set.</summary>
public static class Baseline
{
    /// <summary>
    /// Trains <paramref name="method"/> on <paramref name="training"/> and scores it on <paramref name="test"/>,
    /// as Test-Network scores a network.
    /// </summary>
    /// <param name="method">Which baseline.</param>
    /// <param name="training">The images it learns from (unused by <see cref="BaselineMethod.Random"/>).</param>
    /// <param name="test">The images it is scored on.</param>
    /// <param name="seed">Drives the random guesses and the SVM's sample order.</param>
    /// <param name="threads">Cores for the SVM (null: all). The result is the same for any number.</param>
    /// <param name="cancellationToken">Stops the SVM between passes.</param>
    public static EvaluationResult Measure(BaselineMethod method, ImageSet training, ImageSet test, int seed,
        int? threads = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(test);
        if (training.InputSize != test.InputSize || training.ClassCount != test.ClassCount)
        {
            throw new NndlException("BaselineDataMismatch", NndlErrorKind.InvalidArgument,
                $"The training images ({training.ImageRows}x{training.ImageColumns}, {training.ClassCount} classes) and the test images " +
                $"({test.ImageRows}x{test.ImageColumns}, {test.ClassCount} classes) do not match. Take both from the same dataset, e.g. (Import-Mnist).Training and .Test.");
        }

        ShapeCheck.RequireImages(test);
        return method switch
        {
            BaselineMethod.Random => RandomGuess.Evaluate(test, seed),
            BaselineMethod.AverageDarkness => AverageDarkness.Train(training).Evaluate(test),
            BaselineMethod.LinearSvm => LinearSvm.Train(training, new LinearSvmOptions { Seed = seed, Threads = threads }, cancellationToken).Evaluate(test),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown baseline."),
        };
    }
}
