namespace NndlPS.Core;

/// <summary>The datasets known by name, with the checksums and mirrors their authors publish (as torchvision records them).</summary>
public static class DatasetCatalog
{
    public static DatasetDescriptor Mnist { get; } = new(
        "MNIST", "mnist",
        ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        [
            new Uri("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new Uri("https://storage.googleapis.com/cvdf-datasets/mnist/"),
            // The original site has answered 403, 503 and 404 to downloaders: last resort only.
            new Uri("http://yann.lecun.com/exdb/mnist/"),
        ],
        Md5("f68b3c2dcbeaaa9fbdd348bbdeb94873", "d53e105ee54ea40749a09fcbcd1e9432", "9fb629c4189551a2d022fa330f9573f3", "ec29112dd5afa0611ce80d1b7f02629c"),
        contents: MnistFiles.All.ToDictionary(name => name, name => new PublishedContents(MnistFiles.Lengths[name], MnistFiles.Sha256[name])),
        testLabelsSha256: MnistFiles.Sha256[MnistFiles.TestLabels]);

    public static DatasetDescriptor FashionMnist { get; } = new(
        "Fashion-MNIST", "fashion-mnist",
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        [new Uri("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")],
        Md5("8d4fb7e6c68d591d4c3dfef9ec88bf0d", "25c81989df183df01b3e8a0aad5dffbe", "bef4ecab320f06d8554ea6380940ec79", "bb300cfdad3c16e7a12a480ee83cd310"),
        ["/usr/share/datasets/fashion-mnist"],
        // Its test labels as Debian's dataset-fashion-mnist holds them (the published .gz recompressed: only the
        // decompressed contents can be compared).
        testLabelsSha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    public static DatasetDescriptor KMnist { get; } = new(
        "Kuzushiji-MNIST", "kmnist",
        ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
        [new Uri("http://codh.rois.ac.jp/kmnist/dataset/kmnist/")],
        Md5("bdb82020997e1d708af4cf47b453dcf7", "e144d726b3acfaa3e44228e80efcd344", "5c965bf0a639b31b8f53240b1b52f4d7", "7320c461ea6c1c855c0b718fb2a4b134"),
        ["/usr/share/datasets/kmnist"]);

    public static DatasetDescriptor Get(DatasetName name) => name switch
    {
        DatasetName.Mnist => Mnist,
        DatasetName.FashionMnist => FashionMnist,
        DatasetName.KMnist => KMnist,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown dataset."),
    };

    /// <summary>Every dataset known by name.</summary>
    public static IReadOnlyList<DatasetDescriptor> All { get; } = [Mnist, FashionMnist, KMnist];

    /// <summary>
    /// The dataset whose folder <paramref name="folder"/> is by its name (the cache's and the system packages' names:
    /// mnist, fashion-mnist, kmnist, any case), or by the name of the folder it links to; or null: a folder of files
    /// named as every set's are.
    /// </summary>
    public static DatasetDescriptor? ByFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        return Named(Path.GetFileName(full)) ?? (ResolvedLink(full) is { } target ? Named(Path.GetFileName(Path.TrimEndingDirectorySeparator(target))) : null);
    }

    /// <summary>
    /// The dataset that <paramref name="paths"/> are by their folder's name: one folder (<see cref="ByFolder"/>), or files
    /// that all lie in one folder (Get-ChildItem fashion-mnist | Import-Mnist gives its four files); else null.
    /// </summary>
    public static DatasetDescriptor? ByPaths(IReadOnlyList<string> paths)
    {
        return FolderOf(paths) is (string folder, _) ? ByFolder(folder) : null;
    }

    /// <summary>
    /// The one folder <paramref name="paths"/> name: a folder given alone (<c>Whole</c>), or the folder that files given
    /// all lie in (Get-ChildItem fashion-mnist | Import-Mnist); else null.
    /// </summary>
    private static (string Folder, bool Whole)? FolderOf(IReadOnlyList<string> paths)
    {
        if (paths.Count == 1 && Directory.Exists(paths[0]))
        {
            return (paths[0], true);
        }

        string?[] folders = paths.Select(path => File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path)) : null).Distinct().ToArray();
        return folders is [string one] ? (one, false) : null;
    }

    /// <summary>
    /// The dataset whose published test labels are among <paramref name="paths"/> (a folder, or the files themselves),
    /// by the SHA-256 of their decompressed contents (<see cref="DatasetDescriptor.TestLabelsSha256"/>); or null: no
    /// test labels, labels of another length, a set whose labels are not known here (Kuzushiji-MNIST's), or a file that
    /// cannot be read, a pipe or a device (the load that follows says what is wrong with it). Reads at most 10,009
    /// decompressed bytes from a file of at most 1 MiB.
    /// </summary>
    public static DatasetDescriptor? ByContents(IReadOnlyList<string> paths) => ByContents(paths, All);

    /// <summary>
    /// The set whose classes are <paramref name="classNames"/>, what Export-Mnist records: the classes are what a set's
    /// name decides (an expanded or converted Fashion-MNIST keeps them under another name); null for classes of the
    /// user's own.
    /// </summary>
    public static DatasetDescriptor? ByClassNames(IReadOnlyList<string> classNames) =>
        All.FirstOrDefault(known => known.ClassNames.SequenceEqual(classNames, StringComparer.Ordinal));

    /// <summary>
    /// The set an export's checksum file records (Export-Mnist writes it), for one folder that holds an export or files
    /// that all lie in one and that its checksum file lists; else null. An export of a few images has not the published
    /// test labels <see cref="ByContents(IReadOnlyList{string})"/> knows a set by, and it is often saved under a name of
    /// the user's.
    /// </summary>
    /// <exception cref="NndlException">ExportDatasetUnknown: the record names a set this module does not know, or two;
    /// ExportDatasetMismatch: the export's test labels are another known set's published ones.</exception>
    public static DatasetDescriptor? ByExport(IReadOnlyList<string> paths)
    {
        if (FolderOf(paths) is not var (folder, whole) || ExportManifest.Describe(folder) is not var (records, files)
            || (!whole && !paths.All(path => files.ContainsKey(Path.GetFileName(path)))) || records.Count == 0)
        {
            return null; // no export, files given that are not (all) the export's (the load reads what it was given), or no record
        }

        string manifest = Path.Combine(folder, ExportManifest.FileName);
        string[] unknown = records.Where(record => Named(record) is null).ToArray();
        DatasetDescriptor[] named = records.Select(Named).OfType<DatasetDescriptor>().Distinct().ToArray();
        if (unknown.Length > 0 || named.Length > 1)
        {
            string why = unknown.Length > 0
                ? $"records the dataset as {string.Join(" and ", unknown.Select(record => $"'{record}'"))}, which this module does not know (it knows {string.Join(", ", All.Select(set => set.FolderName))})"
                : $"records {named.Length} datasets: {string.Join(" and ", named.Select(set => set.FolderName))}";
            throw new NndlException("ExportDatasetUnknown", NndlErrorKind.InvalidData,
                $"'{manifest}' {why}. Pass -Name to say which set the export is.", manifest);
        }

        DatasetDescriptor recorded = named[0];

        // The record is a comment, outside the checksums. Where the export's test labels are a known set's published
        // ones they are the stronger word, and a record they contradict is refused rather than believed (after the
        // files are checked against the checksums: a replaced file is ExportSetMismatch, whatever it holds).
        string labels = MnistFiles.TestLabels + ".gz";
        if (files.ContainsKey(labels) && ExportManifest.ReadVerifiedSet(folder) is not null
            && ByLabels(Path.Combine(folder, labels), All) is { } published && published != recorded)
        {
            throw new NndlException("ExportDatasetMismatch", NndlErrorKind.InvalidData,
                $"'{manifest}' records the dataset '{recorded.FolderName}', but the export's test labels are {published.DisplayName}'s published ones. Pass -Name to say which set it is, or export it again (Export-Mnist -Force).", manifest);
        }

        return recorded;
    }

    /// <summary>
    /// The largest test-labels file worth reading for <see cref="ByContents(IReadOnlyList{string})"/>: the published labels
    /// are 10,008 bytes raw and about 5 KB compressed, so a larger file is not them, and a large one is not read twice
    /// (once here, once by the load that follows).
    /// </summary>
    private const long MaxLabelsFileBytes = 1 << 20;

    /// <summary><see cref="ByContents(IReadOnlyList{string})"/> among <paramref name="candidates"/> (tests: a set of their own).</summary>
    internal static DatasetDescriptor? ByContents(IReadOnlyList<string> paths, IEnumerable<DatasetDescriptor> candidates)
    {
        // The labels the load will read, found as it finds them: in a folder, only beside the other three IDX files and
        // with no export's checksum file (which names its own .gz files); given by name, by the loader's naming rule.
        string? labels = paths.Count == 1 && Directory.Exists(paths[0])
            ? File.Exists(Path.Combine(paths[0], ExportManifest.FileName)) || MnistFiles.All.Any(file => MnistFiles.Find(paths[0], file) is null)
                ? null
                : MnistFiles.Find(paths[0], MnistFiles.TestLabels)
            : paths.FirstOrDefault(path => MnistFiles.CanonicalNameOf(path) == MnistFiles.TestLabels);
        return labels is null ? null : ByLabels(labels, candidates);
    }

    /// <summary>The set among <paramref name="candidates"/> whose published test labels are the file <paramref name="labels"/>' contents (raw or gzip), or null.</summary>
    private static DatasetDescriptor? ByLabels(string labels, IEnumerable<DatasetDescriptor> candidates)
    {
        if (!File.Exists(labels))
        {
            return null;
        }

        long length = MnistFiles.Lengths[MnistFiles.TestLabels];
        try
        {
            // DataFile refuses a pipe or a device before opening it (opening a pipe waits for a writer forever).
            using FileStream file = DataFile.OpenRead(labels);
            if (file.Length > MaxLabelsFileBytes)
            {
                return null; // not the published labels, raw or compressed: nothing to decompress through
            }

            using Stream contents = CheckedGzipStream.IsGzip(file) ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress) : file;
            var bytes = new byte[length + 1];
            int read = contents.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read != length)
            {
                return null;
            }

            string sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes.AsSpan(0, read)));
            return candidates.FirstOrDefault(dataset => string.Equals(dataset.TestLabelsSha256, sha256, StringComparison.OrdinalIgnoreCase));
        }
        catch (Exception ex) when (ex is NndlException or IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
        {
            return null; // the load that follows reads the same file and says what is wrong with it
        }
    }

    private static DatasetDescriptor? Named(string name) =>
        All.FirstOrDefault(dataset => string.Equals(dataset.FolderName, name, StringComparison.OrdinalIgnoreCase));

    private static string? ResolvedLink(string folder)
    {
        try
        {
            return Directory.ResolveLinkTarget(folder, returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            return null; // a broken or cyclic link: its name says nothing
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Dictionary<string, string> Md5(string trainImages, string trainLabels, string testImages, string testLabels) => new()
    {
        [MnistFiles.TrainingImages] = trainImages,
        [MnistFiles.TrainingLabels] = trainLabels,
        [MnistFiles.TestImages] = testImages,
        [MnistFiles.TestLabels] = testLabels,
    };
}
