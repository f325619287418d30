using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace NndlPS.Core.Tests;

/// <summary>
/// Files built to hurt: gzip bombs and broken trailers, pickle bombs, shapes that wrap around 64 bits, pipes in
/// place of files. Each must fail with our error, within a bound on memory, and never hang.
/// </summary>
public class HostileDataTests
{
    private static readonly byte[] Labels = IdxTestFiles.Idx(0x08, [4], [1, 2, 3, 4]);

    [Fact]
    public void An_export_never_replaces_a_device_but_replaces_a_regular_file()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Only the check is called: were it wrong, AtomicFile.Write with overwrite would replace /dev/null as root.
        var ex = Assert.Throws<NndlException>(() => ExportTarget.RequireReplaceable("/dev/null"));
        Assert.Equal("ExportTargetNotAFile", ex.ErrorId);
        Assert.Contains("a device", ex.Message);

        using var files = new IdxTestFiles();
        ExportTarget.RequireReplaceable(files.Write("regular.bin", []));
        ExportTarget.RequireReplaceable(files.Write("missing.bin", []) + ".not-there");
    }

    [Fact]
    public void A_gzip_whose_trailer_was_cut_off_is_refused()
    {
        using var files = new IdxTestFiles();
        byte[] gz = IdxTestFiles.Gzip(Labels);
        string path = files.Write("cut.gz", gz[..^8]);

        var ex = Assert.Throws<NndlException>(() => IdxReader.Read(path));

        Assert.Equal("GzipInvalid", ex.ErrorId);
        Assert.Contains("trailer", ex.Message);
    }

    [Fact]
    public void The_gzip_reader_refuses_an_empty_file_instead_of_decoding_its_own_end_marker()
    {
        // The readers check the gzip magic first, so an empty file is refused before this (DataFileNotRegular); the
        // stream itself must not read as empty either: after the file it reads a gzip member of its own.
        using var files = new IdxTestFiles();
        string path = files.Write("empty.gz", []);
        using FileStream file = File.OpenRead(path);
        using var gzip = new CheckedGzipStream(file, path);

        Assert.Throws<InvalidDataException>(() => gzip.CopyTo(Stream.Null));
        Assert.Equal("DataFileNotRegular", Assert.Throws<NndlException>(() => IdxReader.Read(path)).ErrorId);
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3 })]
    [InlineData(new byte[] { 0x1f, 0x8b, 8 })]
    public void A_gzip_with_bytes_after_its_end_is_refused_like_a_raw_file_with_trailing_data(byte[] junk)
    {
        using var files = new IdxTestFiles();
        string path = files.Write("junk.gz", [.. IdxTestFiles.Gzip(Labels), .. junk]);

        var ex = Assert.Throws<NndlException>(() => IdxReader.Read(path));

        Assert.Equal("GzipInvalid", ex.ErrorId);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(9)]
    [InlineData(3000)]
    public void A_gzip_of_several_members_is_read_as_their_contents_one_after_another(int split)
    {
        // What `cat a.gz b.gz` (or pigz, or a tool that appends) makes from one IDX file cut in two at any byte.
        byte[] idx = IdxTestFiles.Idx(0x08, [5, 28, 28], Enumerable.Range(0, 5 * 28 * 28).Select(i => (byte)(i * 7)).ToArray());
        using var files = new IdxTestFiles();
        string path = files.Write("members.gz", [.. IdxTestFiles.Gzip(idx[..split]), .. IdxTestFiles.Gzip(idx[split..])]);

        IdxArray array = IdxReader.Read(path);

        Assert.Equal([5, 28, 28], array.Dimensions);
        Assert.Equal(idx[16..], array.Data);
    }

    [Fact]
    public void A_gzip_of_several_members_is_refused_when_a_member_is_cut_or_bytes_follow_the_last()
    {
        byte[] idx = IdxTestFiles.Idx(0x08, [5, 28, 28], Enumerable.Range(0, 5 * 28 * 28).Select(i => (byte)(i * 7)).ToArray());
        byte[] first = IdxTestFiles.Gzip(idx[..100]), second = IdxTestFiles.Gzip(idx[100..]);
        using var files = new IdxTestFiles();
        foreach (byte[] damaged in new byte[][] { [.. first, .. second[..^8]], [.. first, .. second[..^1]], [.. first[..^4], .. second], [.. first, .. second, 0], [.. first, .. second, 0x1f, 0x8b, 8] })
        {
            var ex = Assert.Throws<NndlException>(() => IdxReader.Read(files.Write("damaged.gz", damaged)));
            Assert.Equal("GzipInvalid", ex.ErrorId);
        }
    }

    [Fact]
    public void Many_small_members_are_bounded_by_their_total_expansion()
    {
        // Each member alone expands little; together they must still stop at the bound for the file's size.
        byte[] member = IdxTestFiles.Gzip(new byte[1 << 20]); // 1 MiB of zeros in about 1 KB
        using var files = new IdxTestFiles();
        byte[] header = IdxTestFiles.Gzip(IdxTestFiles.Idx(0x08, [1 << 30], []));
        string path = files.Write("many.gz", [.. header, .. Enumerable.Repeat(member, 64).SelectMany(m => m)]);

        var ex = Assert.Throws<NndlException>(() => IdxReader.Read(path));

        Assert.Equal("GzipTooLarge", ex.ErrorId);
    }

    [Fact]
    public void An_honest_header_of_a_huge_array_in_a_small_gzip_stops_at_the_expansion_bound()
    {
        // 2^27 items of zeros: 128 MiB that gzip packs into about 128 KB (the code before the bound took it all).
        using var files = new IdxTestFiles();
        int items = 1 << 27;
        using var packed = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.SmallestSize))
        {
            gzip.Write(IdxTestFiles.Idx(0x08, [items], new byte[items]));
        }

        string path = files.Write("bomb.gz", packed.ToArray());

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<NndlException>(() => IdxReader.Read(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("GzipTooLarge", ex.ErrorId);
        Assert.Contains("16 MiB", ex.Message);
        Assert.True(allocated < 96L << 20, $"reading the bomb allocated {allocated:N0} bytes");
    }

    [Fact]
    public void An_empty_file_is_refused_before_it_is_opened()
    {
        using var files = new IdxTestFiles();
        string path = files.Write("empty", []);
        Assert.Equal("DataFileNotRegular", Assert.Throws<NndlException>(() => IdxReader.Read(path)).ErrorId);
    }

    [Fact]
    public async Task A_named_pipe_in_place_of_a_data_file_is_refused_instead_of_waiting_for_a_writer()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no mkfifo; Windows named pipes do not live in folders
        }

        using var files = new IdxTestFiles();
        files.WriteMnist(train: 4, test: 2);
        string pipe = Path.Combine(files.Folder, MnistFiles.TestLabels);
        File.Delete(pipe);
        Assert.Equal(0, MakeFifo(pipe, Convert.ToUInt32("600", 8)));

        Task<NndlException> load = Task.Run(() => Assert.Throws<NndlException>(
            () => MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 1 })));

        NndlException ex = await load.WaitAsync(TimeSpan.FromSeconds(30)); // a timeout only against a hang
        Assert.Equal("DataFileNotRegular", ex.ErrorId);
        Assert.Contains(pipe, ex.Message);
    }

    [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
    private static extern int MakeFifo([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint mode);

    [Fact]
    public void A_pickle_shape_whose_size_wraps_around_64_bits_is_refused_before_allocating()
    {
        // 1397975606 × 40613² values of 8 bytes: the byte count wraps around 2^64 to 296,496.
        ulong wrapped = unchecked(1397975606UL * 40613UL * 40613UL * 8UL);
        Assert.Equal(296_496UL, wrapped);
        using var files = new IdxTestFiles();
        string path = files.Write("mnist.pkl", PickleTestFiles.WithImages([1397975606, 40613 * 40613], "f8", new byte[wrapped]));

        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFiles([path], new DatasetLoadOptions()));

        Assert.Equal("PickleInvalid", ex.ErrorId);
        Assert.Contains("1397975606", ex.Message);
    }

    [Fact]
    public void A_memoized_string_encoded_many_times_is_held_once()
    {
        // 200 copies of a 16 MiB string would be 3.2 GB; the same string encodes to the same bytes, once.
        using var files = new IdxTestFiles();
        string path = files.Write("mnist.pkl", PickleTestFiles.EncodedCopies(16 << 20, 200));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFiles([path], new DatasetLoadOptions()));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("PickleInvalid", ex.ErrorId); // it is no MNIST: after the copies, its stack is not the book's tuple
        Assert.True(allocated < 160L << 20, $"reading the bomb allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_pickle_that_asks_for_more_memory_than_its_bound_stops_with_PickleTooLarge()
    {
        using var files = new IdxTestFiles();
        string path = files.Write("mnist.pkl", PickleTestFiles.BookPickle([300, 100, 100], 784, python3: true));

        var ex = Assert.Throws<NndlException>(() => MnistPickleReader.Read(path, DatasetCatalog.Mnist.ClassNames, memoryBound: 1 << 20));

        Assert.Equal("PickleTooLarge", ex.ErrorId);
        Assert.Contains("1,048,576", ex.Message);
    }

    [Fact]
    public void A_list_grown_by_appends_counts_against_the_memory_bound()
    {
        // One byte per append ('h' recalls a memo entry in two): a small file, but each entry is a reference in a list.
        using var files = new IdxTestFiles();
        byte[] appends = Enumerable.Repeat(new byte[] { (byte)'h', 0, (byte)'a' }, 200_000).SelectMany(b => b).ToArray();
        string path = files.Write("mnist.pkl", [0x80, 2, (byte)'N', (byte)'q', 0, (byte)']', .. appends, (byte)'.']);

        var ex = Assert.Throws<NndlException>(() => MnistPickleReader.Read(path, DatasetCatalog.Mnist.ClassNames, memoryBound: 1 << 20));

        Assert.Equal("PickleTooLarge", ex.ErrorId);
    }

    [Fact]
    public void A_gzipped_pickle_with_its_trailer_cut_is_refused()
    {
        using var files = new IdxTestFiles();
        byte[] gz = IdxTestFiles.Gzip(PickleTestFiles.BookPickle([3, 2, 2], 4, python3: false));
        string path = files.Write("mnist.pkl.gz", gz[..^8]);

        Assert.Equal("PickleInvalid", Assert.Throws<NndlException>(() => MnistLoader.LoadFiles([path], new DatasetLoadOptions { ValidationSize = 1 })).ErrorId);
    }

    [Fact]
    public void A_CSV_row_longer_than_the_bound_says_so_in_the_users_terms()
    {
        using var files = new IdxTestFiles();
        string training = files.Write("mnist_train.csv", System.Text.Encoding.ASCII.GetBytes("1," + string.Join(",", Enumerable.Repeat("0", CsvImageReader.MaxRowCharacters / 2 + 10)) + "\n"));
        string test = files.Write("mnist_test.csv", "1,0,0,0,0\n"u8.ToArray());

        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFiles([training, test], new DatasetLoadOptions { ValidationSize = 0 }));

        Assert.Equal("CsvInvalid", ex.ErrorId);
        Assert.DoesNotContain("MaxBufferSize", ex.Message);
        Assert.Contains("one image per line", ex.Message);
    }

    private static MnistDataset Tiny(IdxTestFiles files, int train = 20, int test = 5)
    {
        files.WriteMnist(train, test);
        return MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 5 });
    }

    [Fact]
    public void Export_into_a_folder_holding_raw_MNIST_files_needs_Force_and_then_imports_the_export()
    {
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source, train: 10, test: 5);
        using var target = new IdxTestFiles();
        target.WriteMnist(train: 50, test: 20); // raw files, which an import used to prefer over .gz

        var ex = Assert.Throws<NndlException>(() => IdxWriter.Export(small, target.Folder));
        Assert.Equal("ExportTargetExists", ex.ErrorId);
        Assert.Contains(MnistFiles.TrainingImages, ex.Message);

        IdxWriter.Export(small, target.Folder, overwrite: true);
        MnistDataset back = MnistLoader.LoadFolder(target.Folder, new DatasetLoadOptions { ValidationSize = 5 });
        Assert.Equal(5, back.Training.Count);
        Assert.Equal(5, back.Test.Count);
        Assert.True(File.Exists(Path.Combine(target.Folder, MnistFiles.TrainingImages)), "the user's raw files are left alone");
    }

    [Fact]
    public void A_mix_of_two_exports_is_refused_not_read_as_a_dataset()
    {
        // What an Export-Mnist -Force killed between its renames leaves: some files new, some old.
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source);
        using var first = new IdxTestFiles();
        using var second = new IdxTestFiles();
        IdxWriter.Export(small, first.Folder);
        IdxWriter.Export(MnistLoader.LoadFolder(source.Folder, new DatasetLoadOptions { ValidationSize = 5, First = 3 }), second.Folder);
        File.Copy(Path.Combine(second.Folder, MnistFiles.TestImages + ".gz"), Path.Combine(first.Folder, MnistFiles.TestImages + ".gz"), overwrite: true);

        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFolder(first.Folder, new DatasetLoadOptions { ValidationSize = 5 }));

        Assert.Equal("ExportSetMismatch", ex.ErrorId);
        Assert.Contains(MnistFiles.TestImages, ex.Message);
        Assert.Contains("-Force", ex.Message);
    }

    [Fact]
    public void Export_writes_a_checksum_file_that_sha256sum_can_check_and_leaves_no_temporary_file()
    {
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source);
        using var target = new IdxTestFiles();

        IdxWriter.Export(small, target.Folder);

        string[] lines = File.ReadAllLines(Path.Combine(target.Folder, ExportManifest.FileName));
        Assert.Equal(6, lines.Length);
        // The split and the set, as comment lines sha256sum -c skips; then one checksum line per file.
        Assert.Equal($"# validation-size: {small.Validation.Count}", lines[0]);
        Assert.Equal("# dataset: mnist", lines[1]);
        Assert.All(lines[2..], line => Assert.Matches("^[0-9a-f]{64}  [a-z0-9-]+\\.gz$", line));
        Assert.Empty(Directory.GetFiles(target.Folder, "*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public void An_export_imports_back_to_the_same_split_without_a_validation_size()
    {
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source);
        using var target = new IdxTestFiles();
        IdxWriter.Export(small, target.Folder);

        MnistDataset back = MnistLoader.LoadFolder(target.Folder, new DatasetLoadOptions());

        Assert.Equal(small.Training.Count, back.Training.Count);
        Assert.Equal(small.Validation.Count, back.Validation.Count);
        Assert.Equal(small.Validation.GetImage(0), back.Validation.GetImage(0));
        Assert.Equal(2, MnistLoader.LoadFolder(target.Folder, new DatasetLoadOptions { ValidationSize = 2 }).Validation.Count);
    }

    [Theory]
    [InlineData("\r\n")] // an editor on Windows saved it
    [InlineData("\r")] // an old Mac editor, or a tool that converted line endings one way too far
    [InlineData("mixed")] // edited in one editor, appended to in another
    public void An_export_whose_checksum_file_has_other_line_endings_verifies_and_keeps_its_split_and_set(string ending)
    {
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source);
        using var target = new IdxTestFiles();
        IdxWriter.Export(small, target.Folder);
        string manifest = Path.Combine(target.Folder, ExportManifest.FileName);
        string[] lines = File.ReadAllLines(manifest);
        string[] endings = ending == "mixed" ? ["\r", "\r\n", "\n"] : [ending];
        File.WriteAllText(manifest, string.Concat(lines.Select((line, i) => line + endings[i % endings.Length])));

        MnistDataset back = MnistLoader.LoadFolder(target.Folder, new DatasetLoadOptions());

        Assert.Equal(small.Validation.Count, back.Validation.Count); // the split line was read as a line
        Assert.Equal(small.Test.GetImage(1), back.Test.GetImage(1));
        Assert.Same(DatasetCatalog.Mnist, DatasetCatalog.ByExport([target.Folder])); // and the set's
    }

    [Fact]
    public void An_export_whose_checksum_file_lacks_a_file_says_it_is_not_listed_not_that_it_changed()
    {
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source);
        using var target = new IdxTestFiles();
        IdxWriter.Export(small, target.Folder);
        string manifest = Path.Combine(target.Folder, ExportManifest.FileName);
        File.WriteAllLines(manifest, File.ReadAllLines(manifest).Where(line => !line.EndsWith(MnistFiles.TrainingLabels + ".gz", StringComparison.Ordinal)));

        var ex = Assert.Throws<NndlException>(() => MnistLoader.LoadFolder(target.Folder, new DatasetLoadOptions()));

        Assert.Equal("ExportSetMismatch", ex.ErrorId);
        Assert.Contains($"'{MnistFiles.TrainingLabels}.gz' is not listed in it", ex.Message);
    }

    [Fact]
    public void Export_to_a_file_path_is_refused_with_ExportPathIsFile()
    {
        using var source = new IdxTestFiles();
        MnistDataset small = Tiny(source);
        string file = source.Write("not-a-folder", [1]);

        Assert.Equal("ExportPathIsFile", Assert.Throws<NndlException>(() => IdxWriter.Export(small, file)).ErrorId);

        var ex = Assert.Throws<NndlException>(() => IdxWriter.Export(small, Path.Combine(file, "below")));
        Assert.Equal("ExportFolderNotFound", ex.ErrorId);
        Assert.Equal(NndlErrorKind.NotFound, ex.Kind);
    }

    [Fact]
    public void Export_says_how_many_pixels_it_clamped_into_0_to_1()
    {
        using var files = new IdxTestFiles();
        byte[] pixels = new byte[2 * 4 * 4];
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(pixels.AsSpan(0), 2.5f);
        System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(pixels.AsSpan(4), -1f);
        files.Write(MnistFiles.TrainingImages, IdxTestFiles.Idx(0x0D, [2, 2, 2], pixels[..32]));
        files.Write(MnistFiles.TrainingLabels, IdxTestFiles.Idx(0x08, [2], [1, 2]));
        files.Write(MnistFiles.TestImages, IdxTestFiles.Idx(0x0D, [1, 2, 2], new byte[16]));
        files.Write(MnistFiles.TestLabels, IdxTestFiles.Idx(0x08, [1], [3]));
        MnistDataset data = MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 1 });
        using var target = new IdxTestFiles();
        var warnings = new List<string>();

        IdxWriter.Export(data, target.Folder, warn: warnings.Add);

        Assert.Single(warnings);
        Assert.StartsWith("2 pixels", warnings[0]);
    }

    [Fact]
    public void A_cached_file_of_the_published_length_but_other_contents_is_refused()
    {
        // The test labels file has MNIST's length (10,008 bytes) but not its labels: a flipped byte looks like this.
        using var root = new IdxTestFiles();
        string cache = Path.Combine(root.Folder, "mnist");
        Directory.CreateDirectory(cache);
        File.WriteAllBytes(Path.Combine(cache, MnistFiles.TrainingImages), IdxTestFiles.Idx(0x08, [20, 1, 1], new byte[20]));
        File.WriteAllBytes(Path.Combine(cache, MnistFiles.TrainingLabels), IdxTestFiles.Idx(0x08, [20], new byte[20]));
        File.WriteAllBytes(Path.Combine(cache, MnistFiles.TestImages), IdxTestFiles.Idx(0x08, [10_000, 1, 1], new byte[10_000]));
        File.WriteAllBytes(Path.Combine(cache, MnistFiles.TestLabels), IdxTestFiles.Idx(0x08, [10_000], new byte[10_000]));
        Assert.Equal(MnistFiles.Lengths[MnistFiles.TestLabels], new FileInfo(Path.Combine(cache, MnistFiles.TestLabels)).Length);

        var ex = Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { DataRoot = root.Folder, ValidationSize = 5, NoDownload = true }));

        Assert.Equal("DatasetChecksumMismatch", ex.ErrorId);
        Assert.Contains(MnistFiles.TestLabels, ex.Message);
        Assert.Contains("Delete it", ex.Message);

        // The same files named with -Path are the user's own and are read as they are.
        Assert.Equal(10_000, MnistLoader.LoadFolder(cache, new DatasetLoadOptions { ValidationSize = 5 }).Test.Count);
    }
}
