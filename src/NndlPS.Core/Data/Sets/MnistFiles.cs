namespace NndlPS.Core;

/// <summary>The four MNIST files: their names (as the mirrors and Kaggle spell them) and checksums.</summary>
public static class MnistFiles
{
    public const string TrainingImages = "train-images-idx3-ubyte";
    public const string TrainingLabels = "train-labels-idx1-ubyte";
    public const string TestImages = "t10k-images-idx3-ubyte";
    public const string TestLabels = "t10k-labels-idx1-ubyte";

    /// <summary>The four canonical names, in the order training images, training labels, test images, test labels.</summary>
    public static IReadOnlyList<string> All { get; } = [TrainingImages, TrainingLabels, TestImages, TestLabels];

    /// <summary>
    /// SHA-256 of each file's decompressed contents: the same whichever mirror, npm package or
    /// compression the file came from, so one table verifies every source.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Sha256 { get; } = new Dictionary<string, string>
    {
        [TrainingImages] = "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
        [TrainingLabels] = "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
        [TestImages] = "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
        [TestLabels] = "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
    };

    /// <summary>The length of each file's decompressed contents, header included: a file of exactly this length
    /// is taken to be the published one, and must match its <see cref="Sha256"/>.</summary>
    public static IReadOnlyDictionary<string, long> Lengths { get; } = new Dictionary<string, long>
    {
        [TrainingImages] = 16 + (60_000L * 28 * 28),
        [TrainingLabels] = 8 + 60_000L,
        [TestImages] = 16 + (10_000L * 28 * 28),
        [TestLabels] = 8 + 10_000L,
    };

    /// <summary>
    /// The canonical name a file given by name stands for (its name, Kaggle's ".idx" read as "-idx", starts with it:
    /// "t10k-labels-idx1-ubyte.gz", "t10k-labels.idx1-ubyte"), or null.
    /// </summary>
    public static string? CanonicalNameOf(string path)
    {
        string name = Path.GetFileName(path).Replace(".idx", "-idx", StringComparison.OrdinalIgnoreCase);
        return All.FirstOrDefault(canonical => name.StartsWith(canonical, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Every name under which <paramref name="canonicalName"/> is found in a folder, in the order <see cref="Find"/> tries them.</summary>
    public static IReadOnlyList<string> Spellings(string canonicalName)
    {
        string kaggleName = ReplaceLast(canonicalName, "-idx", ".idx");
        return [canonicalName, kaggleName, canonicalName + ".gz", kaggleName + ".gz"];
    }

    /// <summary>
    /// Finds <paramref name="canonicalName"/> in <paramref name="folder"/> under any of its usual spellings
    /// (<c>train-images-idx3-ubyte</c>, Kaggle's <c>train-images.idx3-ubyte</c>, either with <c>.gz</c>).
    /// Raw files win over compressed ones because they load faster.
    /// </summary>
    public static string? Find(string folder, string canonicalName)
    {
        foreach (string candidate in Spellings(canonicalName))
        {
            string path = Path.Combine(folder, candidate);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static string ReplaceLast(string text, string oldValue, string newValue)
    {
        int at = text.LastIndexOf(oldValue, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), newValue, text.AsSpan(at + oldValue.Length));
    }
}
