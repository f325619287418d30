using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NndlPS.Core.Tests;

public class PickleReaderTests
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void Reads_the_books_pickle_written_by_Python_2_or_3(bool python3, bool gzip)
    {
        using var files = new IdxTestFiles();
        byte[] pickle = PickleTestFiles.BookPickle([6, 3, 2], 4, python3);
        string path = files.Write(gzip ? "mnist.pkl.gz" : "mnist.pkl", gzip ? IdxTestFiles.Gzip(pickle) : pickle);

        MnistDataset data = MnistLoader.LoadFiles([path], new DatasetLoadOptions { ValidationSize = 3 });

        Assert.Equal(6, data.Training.Count);
        Assert.Equal(3, data.Validation.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal(2, data.Test.ImageRows);
        Assert.Equal(1, data.Training.GetLabel(1));
        Assert.Equal([4 / 256f, 5 / 256f, 6 / 256f, 7 / 256f], data.Training.GetImage(1));
        Assert.Equal(0, data.Validation.GetLabel(0)); // the pickle's validation set follows its training set
    }

    [Fact]
    public void A_folder_with_mnist_pkl_gz_loads_it()
    {
        using var files = new IdxTestFiles();
        files.Write("mnist.pkl.gz", IdxTestFiles.Gzip(PickleTestFiles.BookPickle([4, 4, 4], 9, python3: false)));
        Assert.Equal(4, MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 4 }).Test.Count);
    }

    public static TheoryData<string, byte[]> HostilePickles() => new()
    {
        { "os.system", PickleTestFiles.Hostile("os", "system") },
        { "builtins.eval", PickleTestFiles.Hostile("builtins", "eval") },
        { "subprocess via STACK_GLOBAL", [0x80, 4, 0x8c, 10, .. "subprocess"u8, 0x8c, 5, .. "Popen"u8, 0x93, (byte)'.'] },
        { "unknown opcode (INST)", [0x80, 2, (byte)'i', .. "os\nsystem\n"u8, (byte)'.'] },
        { "PERSID", [0x80, 2, (byte)'P', .. "x\n"u8, (byte)'.'] },
        { "truncated", PickleTestFiles.BookPickle([2, 2, 2], 4, false)[..50] },
        { "a string claiming 4 GB", [0x80, 2, (byte)'T', 0xff, 0xff, 0xff, 0x7f, 1, 2, 3] },
        { "empty", [] },
        { "not a tuple of three", [0x80, 2, (byte)'N', (byte)'.'] },
        { "labels out of range", PickleTestFiles.BookPickle([2, 2, 2], 4, false, label: i => 42) },
        { "non-square images", PickleTestFiles.BookPickle([2, 2, 2], 5, false) },
    };

    [Theory]
    [MemberData(nameof(HostilePickles))]
    public void Refuses_anything_but_numpy_arrays(string why, byte[] bytes)
    {
        using var files = new IdxTestFiles();
        string path = files.Write("mnist.pkl", bytes);
        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFiles([path], new DatasetLoadOptions { ValidationSize = 1 }));
        Assert.True(ex.ErrorId is "PickleInvalid" or "MnistLabelOutOfRange" or "DataFileNotRegular", $"{why}: {ex.ErrorId} {ex.Message}");
        Assert.Equal(NndlErrorKind.InvalidData, ex.Kind);
    }
}

public class CsvReaderTests
{
    private static string Row(int label, int pixels, Func<int, string>? value = null) =>
        label + "," + string.Join(",", Enumerable.Range(0, pixels).Select(p => value?.Invoke(p) ?? (p % 256).ToString()));

    private static void WriteCsvPair(IdxTestFiles files, string training, string test, bool header)
    {
        string head = header ? "label," + string.Join(",", Enumerable.Range(0, 784).Select(p => $"pixel{p}")) + "\n" : "";
        files.Write("mnist_train.csv", Encoding.ASCII.GetBytes(head + training));
        files.Write("mnist_test.csv", Encoding.ASCII.GetBytes(head + test));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_the_Kaggle_layout_with_or_without_a_header(bool header)
    {
        using var files = new IdxTestFiles();
        string training = string.Join("\n", Enumerable.Range(0, 12).Select(i => Row(i % 10, 784)));
        WriteCsvPair(files, training, Row(7, 784) + "\n" + Row(2, 784), header);

        MnistDataset data = MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 2 });

        Assert.Equal(10, data.Training.Count);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal(28, data.Test.ImageRows);
        Assert.Equal(7, data.Test.GetLabel(0));
        Assert.Equal(3 / 255f, data.Test.GetImage(0)[3]);
    }

    [Theory]
    [InlineData("a row with 783 pixels", "783")]
    [InlineData("a pixel that is not a number", "abc")]
    [InlineData("a pixel above 255", "256")]
    [InlineData("a label out of range", "label")]
    public void Refuses_a_broken_row(string why, string fault)
    {
        using var files = new IdxTestFiles();
        string bad = fault switch
        {
            "783" => Row(1, 783),
            "abc" => Row(1, 784, p => p == 5 ? "abc" : "0"),
            "256" => Row(1, 784, p => p == 5 ? "256" : "0"),
            _ => Row(12, 784),
        };
        WriteCsvPair(files, Row(1, 784) + "\n" + bad + "\n" + Row(2, 784), Row(1, 784), header: false);

        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 1 }));

        Assert.True(ex.ErrorId is "CsvInvalid" or "MnistLabelOutOfRange", $"{why}: {ex.ErrorId}");
        Assert.Contains("mnist_train.csv", ex.Message);
        Assert.Contains("Row 2", ex.Message);
    }
}

public class IdxElementTypeTests
{
    [Fact]
    public void Float32_images_and_int16_labels_are_decoded_big_endian()
    {
        using var files = new IdxTestFiles();
        foreach ((string images, string labels, int count) in new[]
                 { (MnistFiles.TrainingImages, MnistFiles.TrainingLabels, 5), (MnistFiles.TestImages, MnistFiles.TestLabels, 2) })
        {
            var pixels = new byte[count * 4 * 4];
            for (int i = 0; i < count * 4; i++)
            {
                BinaryPrimitives.WriteSingleBigEndian(pixels.AsSpan(4 * i), i / 100f);
            }

            var digits = new byte[count * 2];
            for (int i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt16BigEndian(digits.AsSpan(2 * i), (short)(9 - i));
            }

            files.Write(images, IdxTestFiles.Idx(0x0D, [count, 2, 2], pixels));
            files.Write(labels, IdxTestFiles.Idx(0x0B, [count], digits));
        }

        MnistDataset data = MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 1 });

        Assert.Equal([0.04f, 0.05f, 0.06f, 0.07f], data.Training.GetImage(1));
        Assert.Equal(8, data.Training.GetLabel(1));
    }

    [Fact]
    public void Float_labels_are_refused()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 4, test: 2);
        files.Write(MnistFiles.TestLabels, IdxTestFiles.Idx(0x0D, [2], new byte[8]));
        Assert.Equal("MnistLabelsInvalid", Assert.Throws<NndlException>(() => MnistLoader.Load(files.Folder, 1)).ErrorId);
    }
}

public class ExportTests
{
    [Fact]
    public void Export_then_import_gives_back_the_same_sets()
    {
        using var source = new IdxTestFiles();
        using var target = new IdxTestFiles();
        source.WriteMnist(train: 30, test: 7);
        MnistDataset original = MnistLoader.Load(source.Folder, validationSize: 5);

        IReadOnlyList<string> written = IdxWriter.Export(original, target.Folder);
        MnistDataset copy = MnistLoader.Load(target.Folder, validationSize: 5);

        Assert.Equal(4, written.Count);
        Assert.All(written, path => Assert.EndsWith(".gz", path));
        Assert.Equal(original.Validation.GetImage(2), copy.Validation.GetImage(2));
        Assert.Equal(original.Test.GetLabel(6), copy.Test.GetLabel(6));
        Assert.Empty(Directory.GetFiles(target.Folder, "*.partial"));
        Assert.Equal("ExportTargetExists", Assert.Throws<NndlException>(() => IdxWriter.Export(original, target.Folder)).ErrorId);
    }

    [Fact]
    public void An_export_is_imported_as_the_set_it_was_exported_from_whatever_its_folder_is_called()
    {
        // A few Fashion-MNIST images exported to ~/clothes: their test labels are not the published ones an import
        // knows the set by, and the folder's name says nothing; the export's checksum file says it.
        using var source = new IdxTestFiles();
        using var target = new IdxTestFiles();
        source.WriteMnist(train: 30, test: 7);
        MnistDataset clothes = MnistLoader.LoadFolder(source.Folder, new DatasetLoadOptions { Dataset = DatasetCatalog.FashionMnist, ValidationSize = 5 });
        Assert.Equal(DatasetCatalog.FashionMnist.ClassNames, clothes.ClassNames);
        string folder = Path.Combine(target.Folder, "clothes");
        IdxWriter.Export(clothes, folder);
        Assert.Contains("# dataset: fashion-mnist", File.ReadAllText(Path.Combine(folder, ExportManifest.FileName)));
        Assert.Same(DatasetCatalog.FashionMnist, DatasetCatalog.ByExport([folder]));

        var log = new List<string>();
        MnistDataset imported = new DatasetImporter(log.Add).Import(new ImportRequest { Paths = [folder], NoDownload = true });
        Assert.Equal(DatasetCatalog.FashionMnist.DisplayName, imported.Name);
        Assert.Equal(DatasetCatalog.FashionMnist.ClassNames, imported.ClassNames);
        Assert.Contains(log, line => line.Contains("Fashion-MNIST", StringComparison.Ordinal) && line.Contains(ExportManifest.FileName, StringComparison.Ordinal));
        // -Name wins, as over the labels and the folder's name.
        MnistDataset named = new DatasetImporter().Import(new ImportRequest { Paths = [folder], Dataset = DatasetCatalog.Mnist, DatasetNamed = true, NoDownload = true });
        Assert.Equal(DatasetCatalog.Mnist.DisplayName, named.Name);

        // Its files piped, all the export's and in its folder, are the export too; with a file it does not list, not.
        string[] exportedFiles = Directory.GetFiles(folder, "*.gz");
        Assert.Same(DatasetCatalog.FashionMnist, DatasetCatalog.ByExport(exportedFiles));
        Assert.Null(DatasetCatalog.ByExport([.. exportedFiles, Path.Combine(folder, ExportManifest.FileName)]));

        // Every file of the folder piped (Get-ChildItem clothes | Import-Mnist), its checksum file among them: that file
        // is the export's own, and the export is read as its folder is, checked, with its split and its set.
        string[] everyFile = Directory.GetFiles(folder);
        Assert.Contains(Path.Combine(folder, ExportManifest.FileName), everyFile);
        MnistDataset piped = new DatasetImporter().Import(new ImportRequest { Paths = everyFile, NoDownload = true });
        Assert.Equal(DatasetCatalog.FashionMnist.DisplayName, piped.Name);
        Assert.Equal((imported.Training.Count, imported.Validation.Count), (piped.Training.Count, piped.Validation.Count));
        Assert.Equal(imported.Test.GetImage(3), piped.Test.GetImage(3));

        // A file of the user's piped with them is none of the export's: named, with what the export is.
        string notes = Path.Combine(folder, "notes.txt");
        File.WriteAllText(notes, "clothes, a few");
        var stranger = Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { Paths = [.. everyFile, notes], NoDownload = true }));
        Assert.Equal("MnistFilesNotRecognised", stranger.ErrorId);
        Assert.Contains("'notes.txt' is not", stranger.Message);
        Assert.Contains(ExportManifest.FileName, stranger.Message);
        File.Delete(notes);

        // An expanded or converted set keeps its classes under another name: the classes decide what is recorded.
        string expanded = Path.Combine(target.Folder, "expanded");
        IdxWriter.Export(new MnistDataset("Fashion-MNIST expanded", clothes.Training, clothes.Validation, clothes.Test, source.Folder), expanded);
        Assert.Same(DatasetCatalog.FashionMnist, DatasetCatalog.ByExport([expanded]));

        // An export from before the set was recorded names none: the folder's name decides, as it did.
        string manifestPath = Path.Combine(folder, ExportManifest.FileName);
        string manifestText = File.ReadAllText(manifestPath);
        File.WriteAllText(manifestPath, manifestText.Replace("# dataset: fashion-mnist\n", string.Empty, StringComparison.Ordinal));
        Assert.Null(DatasetCatalog.ByExport([folder]));
        Assert.Equal(DatasetCatalog.Mnist.DisplayName, new DatasetImporter().Import(new ImportRequest { Paths = [folder], NoDownload = true }).Name);

        // A record this module does not know (a newer one's set), or two that disagree: refused, never taken for MNIST;
        // -Name still reads it.
        foreach (string record in new[] { "# dataset: emnist\n", "# dataset: \n", "# dataset: mnist\n# dataset: kmnist\n", "# dataset: kmnist\n# dataset: Kuzushiji-MNIST\n" })
        {
            File.WriteAllText(manifestPath, record + manifestText.Replace("# dataset: fashion-mnist\n", string.Empty, StringComparison.Ordinal));
            Assert.Equal("ExportDatasetUnknown", Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { Paths = [folder], NoDownload = true })).ErrorId);
            Assert.Equal(DatasetCatalog.KMnist.DisplayName, new DatasetImporter().Import(new ImportRequest { Paths = [folder], Dataset = DatasetCatalog.KMnist, DatasetNamed = true, NoDownload = true }).Name);
        }

        File.WriteAllText(manifestPath, manifestText);
        File.WriteAllText(manifestPath, manifestText.Replace("fashion-mnist", "fashion-mnist\n# dataset: fashion-mnist", StringComparison.Ordinal));
        Assert.Same(DatasetCatalog.FashionMnist, DatasetCatalog.ByExport([folder])); // the same set twice is one set
        File.WriteAllText(manifestPath, manifestText);

        // A checksum file larger than any export writes is not read: refused, whether the folder or its files are given.
        File.AppendAllText(Path.Combine(folder, ExportManifest.FileName), new string('#', 70 * 1024));
        Assert.Equal("ExportSetMismatch", Assert.Throws<NndlException>(() => DatasetCatalog.ByExport([folder])).ErrorId);
        Assert.Equal("ExportSetMismatch", Assert.Throws<NndlException>(() => DatasetCatalog.ByExport(exportedFiles)).ErrorId);
        Assert.Equal("ExportSetMismatch", Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { Paths = everyFile, NoDownload = true })).ErrorId);
        Assert.Equal("ExportSetMismatch", Assert.Throws<NndlException>(() => MnistLoader.Load(folder, validationSize: 5)).ErrorId);
    }

    [Fact]
    public void Files_given_that_are_no_set_are_named_with_what_is_read()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 10, test: 4);
        string[] idx = Directory.GetFiles(files.Folder);
        string notes = files.Write("notes.txt", "mine"u8.ToArray());
        NndlException Refusal(params string[] given) =>
            Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { Paths = given, NoDownload = true }));

        // Get-ChildItem of a folder with a file of the user's beside the four.
        NndlException five = Refusal([.. idx, notes]);
        Assert.Equal("MnistFilesNotRecognised", five.ErrorId);
        Assert.Contains("'notes.txt' is not a dataset file by its name", five.Message);
        Assert.Contains("Give the four IDX files", five.Message);

        // The same file twice, from a copy elsewhere, is not the fourth file.
        using var other = new IdxTestFiles();
        string copy = Path.Combine(other.Folder, MnistFiles.TrainingImages);
        File.Copy(Path.Combine(files.Folder, MnistFiles.TrainingImages), copy);
        string[] twice = [.. idx.Where(path => !path.EndsWith(MnistFiles.TestLabels, StringComparison.Ordinal)), copy];
        Assert.Contains($"'{MnistFiles.TrainingImages}' is a second {MnistFiles.TrainingImages}", Refusal(twice).Message);

        // An export's checksum file given with files from elsewhere is named for what it is.
        using var export = new IdxTestFiles();
        IdxWriter.Export(MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 2 }), export.Folder);
        string manifest = Path.Combine(export.Folder, ExportManifest.FileName);
        NndlException elsewhere = Refusal([.. idx, manifest]);
        Assert.Equal("MnistFilesNotRecognised", elsewhere.ErrorId);
        Assert.Contains($"'{idx[0]}'", elsewhere.Message); // a file from another folder, named by its full path
        Assert.Contains($"-Path '{export.Folder}'", elsewhere.Message);

        // Two exports' checksum files: which export was meant is not for the import to guess.
        using var second = new IdxTestFiles();
        IdxWriter.Export(MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 2 }), second.Folder);
        Assert.Contains("checksum files of 2 exports", Refusal(manifest, Path.Combine(second.Folder, ExportManifest.FileName)).Message);

        // The checksum file alone is its export.
        Assert.Equal(2, new DatasetImporter().Import(new ImportRequest { Paths = [manifest], NoDownload = true }).Validation.Count);
    }

    [Fact]
    public void An_export_piped_with_a_damaged_checksum_file_a_folder_or_thousands_of_files_gets_the_error_its_folder_would()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 10, test: 4);
        using var export = new IdxTestFiles();
        IdxWriter.Export(MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 2 }), export.Folder);
        string manifest = Path.Combine(export.Folder, ExportManifest.FileName);
        string[] everyFile = Directory.GetFiles(export.Folder);
        NndlException Refusal(params string[] given) =>
            Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { Paths = given, NoDownload = true }));

        // A checksum file that lost a file's line: the export's own four files are not strangers; the load says what -Path says.
        string[] lines = File.ReadAllLines(manifest);
        File.WriteAllLines(manifest, lines.Where(line => !line.Contains(MnistFiles.TestLabels, StringComparison.Ordinal)));
        NndlException byFolder = Assert.Throws<NndlException>(() => MnistLoader.Load(export.Folder));
        NndlException piped = Refusal(everyFile);
        Assert.Equal("ExportSetMismatch", byFolder.ErrorId);
        Assert.Equal(byFolder.ErrorId, piped.ErrorId);
        Assert.Contains("not listed in it", piped.Message);
        File.WriteAllLines(manifest, lines);

        // Only the four names an export writes are its own: a file of the user's named like one is still a stranger.
        string lookalike = Path.Combine(export.Folder, MnistFiles.TrainingImages + ".bak");
        File.Copy(Path.Combine(export.Folder, MnistFiles.TrainingImages + ".gz"), lookalike);
        NndlException stranger = Refusal(manifest, lookalike);
        Assert.Equal("MnistFilesNotRecognised", stranger.ErrorId);
        Assert.Contains($"'{MnistFiles.TrainingImages}.bak' is not among the files", stranger.Message);
        File.Delete(lookalike);
        everyFile = Directory.GetFiles(export.Folder);

        // Get-ChildItem -Recurse pipes folders too: a folder is said to be one, not to be missing.
        string inner = Directory.CreateDirectory(Path.Combine(export.Folder, "inner")).FullName;
        NndlException folder = Refusal([.. everyFile, inner]);
        Assert.Equal("MnistFilesNotRecognised", folder.ErrorId);
        Assert.Contains($"'{inner}' is a folder", folder.Message);
        Assert.Contains("MnistFilesNotRecognised", Refusal([.. Directory.GetFiles(files.Folder), inner]).ErrorId);

        // Thousands of files of the user's beside it: the message names the first few and counts the rest.
        string[] many = Enumerable.Range(0, 3000).Select(i => files.Write($"user-file-{i:D4}.txt", "x"u8.ToArray())).ToArray();
        NndlException crowded = Refusal([.. everyFile, .. many]);
        Assert.Equal("MnistFilesNotRecognised", crowded.ErrorId);
        Assert.Contains("and 2992 more", crowded.Message);
        Assert.True(crowded.Message.Length < 4000, $"a message of {crowded.Message.Length} characters");
        NndlException noSet = Refusal([.. Directory.GetFiles(files.Folder).Where(path => !path.EndsWith(".txt", StringComparison.Ordinal)), .. many]);
        Assert.True(noSet.Message.Length < 4000, $"a message of {noSet.Message.Length} characters");
    }

    [Fact]
    public void First_keeps_the_first_images_of_each_set()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 30, test: 7);
        MnistDataset data = MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 10, First = 4 });
        Assert.Equal((4, 4, 4), (data.Training.Count, data.Validation.Count, data.Test.Count));
        Assert.Equal(0, data.Validation.GetLabel(0)); // image 20 of the training file
    }
}
