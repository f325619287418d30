namespace NndlPS.Core;

/// <summary>
/// Loads MNIST from its four IDX files, the way the book's <c>mnist_loader.load_data</c> does:
/// training = the first (60,000 − validationSize) training images, validation = the rest, test = t10k.
/// </summary>
public static class MnistLoader
{
    public const int DefaultValidationSize = 10_000;
    private const int ClassCount = 10;

    /// <summary>Loads the dataset from <paramref name="folder"/> (raw or .gz files, in any of their usual names).</summary>
    /// <exception cref="NndlException">A folder or file is missing, or a file is not valid MNIST.</exception>
    public static MnistDataset Load(string folder, int validationSize = DefaultValidationSize, string name = "MNIST")
    {
        if (!Directory.Exists(folder))
        {
            throw new NndlException("MnistFolderNotFound", NndlErrorKind.NotFound,
                $"The folder '{folder}' does not exist. Pass -Path with the folder that holds the four MNIST IDX files, or run './build.ps1 Data' to put them in the cache.", folder);
        }

        string[] paths = MnistFiles.All.Select(file => MnistFiles.Find(folder, file) ?? throw new NndlException(
            "MnistFileNotFound", NndlErrorKind.NotFound,
            $"The folder '{folder}' has no '{file}' (nor '{file}.gz'). It needs all four MNIST files: {string.Join(", ", MnistFiles.All)}.",
            Path.Combine(folder, file))).ToArray();

        // The two halves are independent files: read them on both cores; it halves the time of a .gz import.
        var training = Task.Run(() => ReadPair(paths[0], paths[1]));
        var test = ReadPair(paths[2], paths[3]);
        (byte[] trainPixels, byte[] trainLabels, int rows, int columns) = Unwrap(training);

        if (validationSize < 0 || validationSize >= trainLabels.Length)
        {
            throw new NndlException("ValidationSizeOutOfRange", NndlErrorKind.InvalidArgument,
                $"The validation size {validationSize} must be between 0 and {trainLabels.Length - 1}: the training file holds {trainLabels.Length} images.", validationSize.ToString());
        }

        if (test.Rows != rows || test.Columns != columns)
        {
            throw new NndlException("MnistImageSizeMismatch", NndlErrorKind.InvalidData,
                $"The training images are {rows}x{columns} but the test images are {test.Rows}x{test.Columns}; the files do not belong together.", folder);
        }

        var all = new ImageSet("Training", trainPixels, trainLabels, rows, columns, ClassCount);
        int trainingCount = all.Count - validationSize;
        return new MnistDataset(
            name,
            all.Slice("Training", 0, trainingCount),
            all.Slice("Validation", trainingCount, validationSize),
            new ImageSet("Test", test.Pixels, test.Labels, rows, columns, ClassCount),
            Path.GetFullPath(folder));
    }

    private static (byte[] Pixels, byte[] Labels, int Rows, int Columns) Unwrap(Task<(byte[], byte[], int, int)> task)
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

    /// <summary>Reads one images file and its labels file and checks that they belong together.</summary>
    private static (byte[] Pixels, byte[] Labels, int Rows, int Columns) ReadPair(string imagesPath, string labelsPath)
    {
        IdxArray images = IdxReader.Read(imagesPath);
        IdxArray labels = IdxReader.Read(labelsPath);
        if (images.Dimensions.Count != 3 || images.ElementType != IdxElementType.UnsignedByte)
        {
            throw new NndlException("MnistImagesInvalid", NndlErrorKind.InvalidData,
                $"'{imagesPath}' holds {images}, but MNIST images are unsigned bytes of shape [count×rows×columns] (magic 0x00000803).", imagesPath);
        }

        if (labels.Dimensions.Count != 1 || labels.ElementType != IdxElementType.UnsignedByte)
        {
            throw new NndlException("MnistLabelsInvalid", NndlErrorKind.InvalidData,
                $"'{labelsPath}' holds {labels}, but MNIST labels are unsigned bytes of shape [count] (magic 0x00000801).", labelsPath);
        }

        if (images.Count != labels.Count)
        {
            throw new NndlException("MnistCountMismatch", NndlErrorKind.InvalidData,
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Count} labels; the files do not belong together.", imagesPath);
        }

        for (int i = 0; i < labels.Data.Length; i++)
        {
            if (labels.Data[i] >= ClassCount)
            {
                throw new NndlException("MnistLabelOutOfRange", NndlErrorKind.InvalidData,
                    $"Label {i} in '{labelsPath}' is {labels.Data[i]}, but MNIST labels are digits 0 to 9.", labelsPath);
            }
        }

        // The bytes are kept as they are; ImageSet scales them to [0, 1] as the book's loader does, batch by batch.
        return (images.Data, labels.Data, images.Dimensions[1], images.Dimensions[2]);
    }
}
