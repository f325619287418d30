using System.Text;

namespace NndlPS.Core;

/// <summary>
/// How often each class was taken for each other class: <c>this[actual, predicted]</c> counts the images
/// labelled <c>actual</c> that the network answered <c>predicted</c>. The diagonal holds the correct answers;
/// everything off it is a mistake, and where it piles up says which classes the network confuses.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;
    private readonly string[] _classNames;

    /// <param name="classNames">One name per class.</param>
    /// <param name="counts">Row-major, actual class by predicted class; owned by the matrix from now on.</param>
    internal ConfusionMatrix(IReadOnlyList<string> classNames, int[] counts)
    {
        if (counts.Length != (long)classNames.Count * classNames.Count)
        {
            throw new ArgumentException($"{classNames.Count} classes need {classNames.Count * classNames.Count} counts, got {counts.Length}.", nameof(counts));
        }

        _classNames = classNames.ToArray();
        _counts = counts;
        Classes = Enumerable.Range(0, ClassCount)
            .Select(c => new ClassAccuracy(c, _classNames[c], this[c, c], _counts.AsSpan(c * ClassCount, ClassCount).ToArray().Sum()))
            .ToArray();
    }

    public int ClassCount => _classNames.Length;

    public IReadOnlyList<string> ClassNames => _classNames;

    /// <summary>Images labelled <paramref name="actual"/> that the network classified as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[Index(actual, predicted)];

    /// <summary>The same as the indexer, for scripts: <c>$m.GetCount(4, 9)</c>.</summary>
    public int GetCount(int actual, int predicted) => this[actual, predicted];

    /// <summary>Per class: how many of its images were classified correctly (its recall).</summary>
    public IReadOnlyList<ClassAccuracy> Classes { get; }

    /// <summary>The matrix as a table: one row per actual class, one column per predicted class, then the class's accuracy.</summary>
    public string ToText()
    {
        const string corner = "actual \\ predicted";
        int labelWidth = Math.Max(corner.Length, _classNames.Max(name => name.Length));
        int width = Math.Max(_classNames.Max(name => name.Length), _counts.Max().ToString("N0").Length) + 2;
        var text = new StringBuilder((ClassCount + 1) * (labelWidth + ((ClassCount + 1) * width) + 12));
        text.Append(corner.PadRight(labelWidth));
        foreach (string name in _classNames)
        {
            text.Append(name.PadLeft(width));
        }

        text.Append("  accuracy\n");
        for (int actual = 0; actual < ClassCount; actual++)
        {
            text.Append(_classNames[actual].PadRight(labelWidth));
            for (int predicted = 0; predicted < ClassCount; predicted++)
            {
                text.Append(this[actual, predicted].ToString("N0").PadLeft(width));
            }

            text.Append($"{100 * Classes[actual].Accuracy,9:F2}%\n");
        }

        return text.ToString();
    }

    public override string ToString() =>
        $"Confusion matrix of {ClassCount} classes: {Classes.Sum(c => c.Correct)} / {Classes.Sum(c => c.Total)} on the diagonal";

    private int Index(int actual, int predicted)
    {
        if ((uint)actual >= (uint)ClassCount || (uint)predicted >= (uint)ClassCount)
        {
            throw new ArgumentOutOfRangeException(nameof(actual), $"[{actual}, {predicted}] is outside this {ClassCount}x{ClassCount} matrix.");
        }

        return (actual * ClassCount) + predicted;
    }
}
