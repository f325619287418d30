namespace NndlPS.Core;

/// <summary>
/// The book's first baseline (mnist_average_darkness.py): learn each digit's average darkness — the sum of an
/// image's pixels, averaged over that digit's training images — then guess, for an image, the digit whose average
/// is nearest its darkness. On MNIST it gets 2,225 of the 10,000 test images, as the book reports.
/// </summary>
public sealed class AverageDarkness
{
    private readonly double[] _averages;

    private AverageDarkness(double[] averages) => _averages = averages;

    /// <summary>Each class's average darkness; NaN for a class the training set never shows (never guessed).</summary>
    public IReadOnlyList<double> Averages => _averages;

    /// <summary>The book's <c>avg_darknesses</c>: the mean darkness of each class's training images.</summary>
    public static AverageDarkness Train(ImageSet training)
    {
        ArgumentNullException.ThrowIfNull(training);
        ShapeCheck.RequireTraining(training); // every class would be unseen, so no digit could be guessed

        var totals = new double[training.ClassCount];
        var counts = new int[training.ClassCount];
        ReadOnlySpan<byte> labels = training.Labels;
        for (int i = 0; i < training.Count; i++)
        {
            totals[labels[i]] += Darkness(training, i);
            counts[labels[i]]++;
        }

        var averages = new double[training.ClassCount];
        for (int c = 0; c < averages.Length; c++)
        {
            averages[c] = counts[c] == 0 ? double.NaN : totals[c] / counts[c];
        }

        return new AverageDarkness(averages);
    }

    /// <summary>
    /// The book's <c>guess_digit</c>: the class whose average darkness is nearest. On a tie the lower class wins,
    /// as Python's <c>min</c> over the book's dictionary of digits 0..9 picks the first.
    /// </summary>
    public int Guess(double darkness)
    {
        int best = -1;
        double bestDistance = double.PositiveInfinity;
        for (int c = 0; c < _averages.Length; c++)
        {
            double distance = Math.Abs(_averages[c] - darkness);
            if (distance < bestDistance)
            {
                best = c;
                bestDistance = distance;
            }
        }

        return best;
    }

    public EvaluationResult Evaluate(ImageSet test)
    {
        ArgumentNullException.ThrowIfNull(test);
        return BaselineScore.Of(test, i => Guess(Darkness(test, i)));
    }

    /// <summary>
    /// The sum of an image's pixels, as the network sees them (byte pixels / 255). Byte pixels are summed as
    /// integers, exactly, and divided once, so no rounding accumulates over 784 additions.
    /// </summary>
    internal static double Darkness(ImageSet set, int index)
    {
        int size = set.InputSize;
        if (set.StoresFloats)
        {
            double sum = 0;
            foreach (float pixel in set.FloatPixels.Span.Slice(index * size, size))
            {
                sum += pixel;
            }

            return sum;
        }

        long total = 0;
        foreach (byte pixel in set.BytePixels.Span.Slice(index * size, size))
        {
            total += pixel;
        }

        return total / (double)ImageSet.PixelMaximum;
    }

    public override string ToString() => $"AverageDarkness [{string.Join(", ", _averages.Select(a => a.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))}]";
}
