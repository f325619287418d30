namespace NndlPS.Core;

/// <summary>
/// Loads an MNIST-shaped dataset the way the book's <c>mnist_loader.load_data</c> does: training = the first
/// (60,000 − validationSize) training images, validation = the rest, test = the test images. Reads the four IDX
/// files (raw or .gz, any element type), the common Kaggle CSV layout, or the book's own <c>mnist.pkl.gz</c>.
/// </summary>
public static class MnistLoader
{
    public const int DefaultValidationSize = 10_000;

    private static readonly (string Training, string Test)[] CsvNames = [("mnist_train.csv", "mnist_test.csv"), ("train.csv", "test.csv")];
    private static readonly string[] PickleNames = ["mnist.pkl.gz", "mnist.pkl"];

    /// <summary>Loads MNIST from a folder holding its four IDX files.</summary>
    public static MnistDataset Load(string folder, int validationSize = DefaultValidationSize) =>
        LoadFolder(folder, new DatasetLoadOptions { ValidationSize = validationSize });

    /// <summary>
    /// Loads from <paramref name="folder"/>: the four IDX files if it has them, else a training and a test CSV
    /// (<c>mnist_train.csv</c>/<c>mnist_test.csv</c> or <c>train.csv</c>/<c>test.csv</c>), else <c>mnist.pkl.gz</c>.
    /// </summary>
    /// <param name="folder">The folder to read.</param>
    /// <param name="options">Which dataset, how to split it, how much of it.</param>
    /// <param name="verifyPublished">Check files of the published length against the dataset's published SHA-256
    /// (for the data cache, which should hold the published files; a folder of the user's may hold their own).</param>
    /// <exception cref="NndlException">The folder or its files are missing or not valid.</exception>
    public static MnistDataset LoadFolder(string folder, DatasetLoadOptions options, bool verifyPublished = false)
    {
        if (!Directory.Exists(folder))
        {
            throw new NndlException("MnistFolderNotFound", NndlErrorKind.NotFound,
                $"The folder '{folder}' does not exist. Pass -Path with the folder that holds the four {options.Dataset.DisplayName} IDX files, or run Import-Mnist without -Path to use the data cache (it downloads MNIST when needed).", folder);
        }

        // An export's checksum file names its set: never stale raw files beside it, never a mix of two exports.
        if (ExportManifest.ReadVerifiedSet(folder) is var (exported, exportedValidationSize))
        {
            // With no -ValidationSize, the split the export recorded: what was exported comes back as it was.
            options = options with { ValidationSize = options.ValidationSize ?? exportedValidationSize };
            return LoadIdx(exported, options, Path.GetFullPath(folder), verifyPublished: false);
        }

        string?[] idx = MnistFiles.All.Select(file => MnistFiles.Find(folder, file)).ToArray();
        if (idx.All(path => path is not null))
        {
            return LoadIdx(idx!, options, Path.GetFullPath(folder), verifyPublished);
        }

        foreach ((string training, string test) in CsvNames)
        {
            if (File.Exists(Path.Combine(folder, training)) && File.Exists(Path.Combine(folder, test)))
            {
                return LoadCsv(Path.Combine(folder, training), Path.Combine(folder, test), options, Path.GetFullPath(folder));
            }
        }

        foreach (string pickle in PickleNames)
        {
            if (File.Exists(Path.Combine(folder, pickle)))
            {
                return LoadPickle(Path.Combine(folder, pickle), options);
            }
        }

        string missing = string.Join(", ", MnistFiles.All.Where((_, i) => idx[i] is null));
        throw new NndlException("MnistFileNotFound", NndlErrorKind.NotFound,
            $"The folder '{folder}' has no {missing} (nor .gz). It needs all four IDX files ({string.Join(", ", MnistFiles.All)}), " +
            "or mnist_train.csv and mnist_test.csv, or the book's mnist.pkl.gz.", Path.Combine(folder, missing.Split(',')[0]));
    }

    /// <summary>
    /// Loads from files named one by one: four IDX files (recognised by their names), a training and a test
    /// CSV (the test one has "test" in its name), or one <c>mnist.pkl.gz</c>; or an export's checksum file, alone or
    /// with files it lists, which is read as the export's folder is (<see cref="ExportFolderAmong"/>).
    /// </summary>
    public static MnistDataset LoadFiles(IReadOnlyList<string> files, DatasetLoadOptions options)
    {
        RequireFiles(files);
        if (ExportFolderAmong(files) is { } export)
        {
            return LoadFolder(export, options);
        }

        string source = string.Join(", ", files.Select(Path.GetFullPath));
        if (files.Count == 1 && IsPickle(files[0]))
        {
            return LoadPickle(files[0], options);
        }

        if (files.Count == 2 && files.All(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)))
        {
            string[] ordered = files.OrderBy(f => Path.GetFileName(f).Contains("test", StringComparison.OrdinalIgnoreCase)).ToArray();
            if (Path.GetFileName(ordered[0]).Contains("test", StringComparison.OrdinalIgnoreCase) || !Path.GetFileName(ordered[1]).Contains("test", StringComparison.OrdinalIgnoreCase))
            {
                throw FilesNotRecognised(files, "of two CSV files, exactly one must have 'test' in its name");
            }

            return LoadCsv(ordered[0], ordered[1], options, source);
        }

        if (files.Count == 4)
        {
            var byName = new string?[4];
            foreach (string file in files)
            {
                int slot = MnistFiles.CanonicalNameOf(file) is string canonical ? MnistFiles.All.ToList().IndexOf(canonical) : -1;
                if (slot < 0 || byName[slot] is not null)
                {
                    string what = slot < 0 ? $"is not one of {string.Join(", ", MnistFiles.All)}" : $"is a second {MnistFiles.All[slot]}";
                    throw FilesNotRecognised(files, $"'{Path.GetFileName(file)}' {what}. {WhatIsRead}");
                }

                byName[slot] = file;
            }

            return LoadIdx(byName!, options, source, verifyPublished: false);
        }

        string[] unknown = files.Where(file => MnistFiles.CanonicalNameOf(file) is null && !IsPickle(file)
            && !file.EndsWith(".csv", StringComparison.OrdinalIgnoreCase)).ToArray();
        string why = unknown.Length switch
        {
            0 => $"{files.Count} {(files.Count == 1 ? "file is" : "files are")} not a set",
            1 => $"{NameOfUnrecognised(unknown[0])} is not a dataset file by its name",
            _ => $"{Listed(unknown.Select(NameOfUnrecognised))} are not dataset files by their names",
        };
        throw FilesNotRecognised(files, $"{why}. {WhatIsRead}");
    }

    private static void RequireFiles(IReadOnlyList<string> files)
    {
        foreach (string file in files)
        {
            if (Directory.Exists(file))
            {
                // Get-ChildItem -Recurse pipes the folders too: "does not exist" would be false.
                throw FilesNotRecognised(files, $"'{file}' is a folder. Give a folder with -Path, or pipe its files only (Get-ChildItem -File)");
            }

            if (!File.Exists(file))
            {
                throw new NndlException("MnistFileNotFound", NndlErrorKind.NotFound, $"The file '{file}' does not exist.", file);
            }
        }
    }

    /// <summary>What files given one by one may be, for a message that says why some are not.</summary>
    private static readonly string WhatIsRead =
        $"Give the four IDX files ({string.Join(", ", MnistFiles.All)}, raw or .gz), two CSV files (training and test) or one mnist.pkl.gz; or -Path with their folder";

    /// <summary>A file that is no dataset file, named; an export's checksum file away from its export is said to be one.</summary>
    private static string NameOfUnrecognised(string file) => IsExportManifest(file)
        ? $"'{file}' (an export's checksum file, read with its own export's files only)"
        : $"'{Path.GetFileName(file)}'";

    private static bool IsPickle(string path) =>
        path.EndsWith(".pkl.gz", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase);

    private static bool IsExportManifest(string path) =>
        string.Equals(Path.GetFileName(path), ExportManifest.FileName, StringComparison.Ordinal) && File.Exists(path);

    private static string FolderOfFile(string path) => Path.GetDirectoryName(Path.GetFullPath(path))!;

    /// <summary>
    /// The folder of the export whose checksum file is among <paramref name="files"/>, given one by one
    /// (Get-ChildItem export | Import-Mnist pipes it with the four files): the export is then read as its folder is,
    /// checked against the checksums, with its split. Null when none of the files is an export's checksum file.
    /// </summary>
    /// <exception cref="NndlException">MnistFilesNotRecognised: a file given with it that it does not list (one of the
    /// user's own, or a file from another folder), or the checksum files of two exports; DataFileUnreadable or
    /// ExportSetMismatch: the checksum file cannot be read, or is larger than any export writes.</exception>
    internal static string? ExportFolderAmong(IReadOnlyList<string> files)
    {
        string[] manifests = files.Where(IsExportManifest).Select(Path.GetFullPath).Distinct().ToArray();
        if (manifests.Length == 0)
        {
            return null;
        }

        RequireFiles(files);
        if (manifests.Length > 1)
        {
            throw FilesNotRecognised(files, $"they hold the checksum files of {manifests.Length} exports ({Listed(manifests.Select(m => $"'{m}'"))}). Give one export: its folder, or its files");
        }

        string folder = FolderOfFile(manifests[0]);
        if (ExportManifest.Describe(folder) is not var (_, listed))
        {
            return null; // gone since it was seen: the load of the files as given says what is missing
        }

        // The four files an export writes are left to the load, listed or not: a damaged checksum file then gives the error
        // -Path with the folder gives (ExportSetMismatch), not a refusal of files the user chose rightly.
        string[] strangers = files.Where(file => !IsExportManifest(file)
                && !(FolderOfFile(file) == folder && (listed.ContainsKey(Path.GetFileName(file)) || ExportManifest.IsExportedName(Path.GetFileName(file)))))
            .Select(file => FolderOfFile(file) == folder ? $"'{Path.GetFileName(file)}'" : $"'{file}'").ToArray();
        if (strangers.Length > 0)
        {
            string names = listed.Count == 0 ? "no file" : Listed(listed.Keys.Order(StringComparer.Ordinal));
            throw FilesNotRecognised(files,
                $"{Listed(strangers)} {(strangers.Length == 1 ? "is" : "are")} not among the files that '{manifests[0]}' lists ({names}). " +
                $"Give the checksum file with its export's own files only, or -Path '{folder}', which reads the export whatever else its folder holds");
        }

        return folder;
    }

    private static NndlException FilesNotRecognised(IReadOnlyList<string> files, string why) =>
        new("MnistFilesNotRecognised", NndlErrorKind.InvalidArgument,
            $"Cannot tell which dataset files these are ({Listed(files.Select(Path.GetFileName)!)}): {why}.");

    /// <summary>
    /// The first few of <paramref name="names"/>, and how many more: a message about files piped in is bounded however
    /// many are piped (a folder of 20,000 files made a message of 1.5 million characters).
    /// </summary>
    internal static string Listed(IEnumerable<string> names)
    {
        const int shown = 8;
        string[] all = names.ToArray(); // once: a name may cost a look at the disk
        return all.Length <= shown ? string.Join(", ", all) : $"{string.Join(", ", all.Take(shown))} and {all.Length - shown} more";
    }

    private static MnistDataset LoadIdx(string[] paths, DatasetLoadOptions options, string source, bool verifyPublished)
    {
        IReadOnlyList<string> classes = options.Dataset.ClassNames;
        IdxArray Read(int file) => IdxReader.Read(paths[file],
            verifyPublished ? options.Dataset.Contents.GetValueOrDefault(MnistFiles.All[file]) : null);

        // The two halves are independent files: read them on both cores; it halves the time of a .gz import.
        var training = Task.Run(() => IdxDecoding.ToImageSet("Training", Read(0), Read(1), classes));
        ImageSet test = IdxDecoding.ToImageSet("Test", Read(2), Read(3), classes);
        return Split(Unwrap(training), test, options, source);
    }

    private static MnistDataset LoadCsv(string trainingPath, string testPath, DatasetLoadOptions options, string source)
    {
        IReadOnlyList<string> classes = options.Dataset.ClassNames;
        var training = Task.Run(() => CsvImageReader.Read(trainingPath, "Training", classes));
        ImageSet test = CsvImageReader.Read(testPath, "Test", classes);
        return Split(Unwrap(training), test, options, source);
    }

    private static MnistDataset LoadPickle(string path, DatasetLoadOptions options)
    {
        (ImageSet training, ImageSet validation, ImageSet test) = MnistPickleReader.Read(path, options.Dataset.ClassNames);
        return Split(Concatenate(training, validation), test, options, Path.GetFullPath(path));
    }

    /// <summary>The book's pickle keeps training and validation apart; joined, they split like the IDX files.</summary>
    private static ImageSet Concatenate(ImageSet first, ImageSet second)
    {
        var pixels = new float[(first.Count + second.Count) * first.InputSize];
        first.CopyImages(0, first.Count, pixels);
        second.CopyImages(0, second.Count, pixels.AsSpan(first.Count * first.InputSize));
        byte[] labels = [.. first.Labels, .. second.Labels];
        return new ImageSet("Training", pixels, labels, first.ImageRows, first.ImageColumns, first.ClassCount, first.ClassNames);
    }

    private static MnistDataset Split(ImageSet all, ImageSet test, DatasetLoadOptions options, string source)
    {
        int validationSize = options.ValidationSize ?? DefaultValidationSize;
        if (validationSize < 0 || validationSize >= all.Count)
        {
            throw new NndlException("ValidationSizeOutOfRange", NndlErrorKind.InvalidArgument,
                $"The validation size {validationSize} must be between 0 and {all.Count - 1}: the training file holds {all.Count} images. Give -ValidationSize a smaller number.", validationSize.ToString());
        }

        if (test.ImageRows != all.ImageRows || test.ImageColumns != all.ImageColumns)
        {
            throw new NndlException("MnistImageSizeMismatch", NndlErrorKind.InvalidData,
                $"The training images are {all.ImageRows}x{all.ImageColumns} but the test images are {test.ImageRows}x{test.ImageColumns}; the files do not belong together.", source);
        }

        int trainingCount = all.Count - validationSize;
        ImageSet training = all.Slice("Training", 0, trainingCount);
        ImageSet validation = all.Slice("Validation", trainingCount, validationSize);
        if (options.First is int first)
        {
            // -First keeps the first n images of each set, for quick experiments.
            training = training.Slice("Training", 0, Math.Min(first, training.Count));
            validation = validation.Slice("Validation", 0, Math.Min(first, validation.Count));
            test = test.Slice("Test", 0, Math.Min(first, test.Count));
        }

        return new MnistDataset(options.Dataset.DisplayName, training, validation, test, source);
    }

    private static ImageSet Unwrap(Task<ImageSet> task)
    {
        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (AggregateException ex) when (ex.InnerException is NndlException inner)
        {
            throw inner;
        }
    }
}
