using System.Security.Cryptography;

namespace NndlPS.Core.Tests;

/// <summary>The download path against a server on 127.0.0.1: mirror order, failures, checksums, timeouts, no partial files.</summary>
[Collection(LocalHttpServerCollection.Name)]
public class DownloadTests
{
    internal static (DatasetDescriptor Dataset, Dictionary<string, byte[]> Files) TinyDataset(IReadOnlyList<Uri> mirrors)
    {
        using var source = new IdxTestFiles();
        source.WriteMnist(train: 20, test: 5, gzip: true);
        var files = MnistFiles.All.ToDictionary(name => name, name => File.ReadAllBytes(Path.Combine(source.Folder, name + ".gz")));
        var md5 = files.ToDictionary(pair => pair.Key, pair => Convert.ToHexString(MD5.HashData(pair.Value)).ToLowerInvariant());
        return (new DatasetDescriptor("Tiny", "tiny", DatasetCatalog.Mnist.ClassNames, mirrors, md5), files);
    }

    internal static void Serve(LocalHttpServer server, string mirror, Dictionary<string, byte[]> files)
    {
        foreach ((string name, byte[] body) in files)
        {
            server.File($"/{mirror}/{name}.gz", body);
        }
    }

    [Fact]
    public void Tries_mirrors_in_order_and_skips_one_that_answers_404()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = TinyDataset([server.Mirror("missing"), server.Mirror("good")]);
        Serve(server, "good", files);
        using var cache = new IdxTestFiles();
        var log = new List<string>();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10), log.Add);
        IReadOnlyList<string> failures = downloader.Download(dataset, cache.Folder, MnistFiles.All);

        Assert.Equal(4, failures.Count);
        Assert.All(failures, failure => Assert.Contains("404", failure));
        Assert.Equal($"/missing/{MnistFiles.TrainingImages}.gz", server.Requests[0]);
        Assert.Equal($"/good/{MnistFiles.TrainingImages}.gz", server.Requests[1]);
        Assert.Equal(20, MnistLoader.Load(cache.Folder, validationSize: 5).Training.Count + 5);
        Assert.Empty(Directory.GetFiles(cache.Folder, "*.partial"));
    }

    [Fact]
    public void A_wrong_checksum_is_refused_and_the_next_mirror_used()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = TinyDataset([server.Mirror("tampered"), server.Mirror("good")]);
        Serve(server, "tampered", files.ToDictionary(pair => pair.Key, pair => pair.Value.Reverse().ToArray()));
        Serve(server, "good", files);
        using var cache = new IdxTestFiles();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10));
        IReadOnlyList<string> failures = downloader.Download(dataset, cache.Folder, MnistFiles.All);

        Assert.All(failures, failure => Assert.Contains("does not match the published", failure));
        Assert.Equal(files[MnistFiles.TestLabels], File.ReadAllBytes(Path.Combine(cache.Folder, MnistFiles.TestLabels + ".gz")));
    }

    [Fact]
    public void A_body_cut_short_is_refused_and_leaves_nothing_behind()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = TinyDataset([server.Mirror("flaky")]);
        foreach ((string name, byte[] body) in files)
        {
            server.Truncated($"/flaky/{name}.gz", body);
        }

        using var cache = new IdxTestFiles();
        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10));
        var ex = Assert.Throws<NndlException>(() => downloader.Download(dataset, cache.Folder, MnistFiles.All));

        Assert.Equal("DatasetDownloadFailed", ex.ErrorId);
        Assert.Empty(Directory.GetFiles(cache.Folder)); // no partial, no unverified file
    }

    [Fact]
    public void A_stalled_server_hits_the_timeout()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = TinyDataset([server.Mirror("slow")]);
        server.Stalled($"/slow/{MnistFiles.TrainingImages}.gz", files[MnistFiles.TrainingImages]);
        using var cache = new IdxTestFiles();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ex = Assert.Throws<NndlException>(() => downloader.Download(dataset, cache.Folder, [MnistFiles.TrainingImages]));

        Assert.Contains("no new data for 1 s", ex.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the timeout must stop the download");
        Assert.Empty(Directory.GetFiles(cache.Folder));
    }

    [Fact]
    public void Cancelling_mid_download_leaves_no_partial_file()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = TinyDataset([server.Mirror("slow")]);
        server.Stalled($"/slow/{MnistFiles.TrainingImages}.gz", files[MnistFiles.TrainingImages]);
        using var cache = new IdxTestFiles();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(30));
        Assert.ThrowsAny<OperationCanceledException>(() => downloader.Download(dataset, cache.Folder, [MnistFiles.TrainingImages], cancel.Token));
        Assert.Empty(Directory.GetFiles(cache.Folder));
    }

    [Fact]
    public void The_importer_downloads_into_the_cache_and_reads_it_offline_afterwards()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = TinyDataset([server.Mirror("good")]);
        Serve(server, "good", files);
        using var root = new IdxTestFiles();
        string? saved = Environment.GetEnvironmentVariable(DataFolders.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataFolders.EnvironmentVariable, root.Folder);
            var log = new List<string>();
            var progress = new List<DownloadProgress>();
            var importer = new DatasetImporter(log.Add, new SynchronousProgress(progress));

            MnistDataset first = importer.Import(new ImportRequest { Dataset = dataset, ValidationSize = 5 });
            int requests = server.Requests.Count;
            MnistDataset second = importer.Import(new ImportRequest { Dataset = dataset, ValidationSize = 5, NoDownload = true });

            Assert.Equal(15, first.Training.Count);
            Assert.Equal(4, requests);
            Assert.Equal(requests, server.Requests.Count); // the second import read the cache only
            Assert.Equal(Path.Combine(root.Folder, "tiny"), second.Source);
            Assert.Contains(log, line => line.StartsWith("Downloading "));
            Assert.NotEmpty(progress);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataFolders.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void A_system_dataset_folder_is_read_when_the_caches_are_empty()
    {
        using var root = new IdxTestFiles();
        using var system = new IdxTestFiles();
        system.WriteMnist(train: 12, test: 3, gzip: true);
        string? saved = Environment.GetEnvironmentVariable(DataFolders.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataFolders.EnvironmentVariable, root.Folder);
            var dataset = new DatasetDescriptor("Packaged", "packaged-" + Guid.NewGuid().ToString("N"), DatasetCatalog.FashionMnist.ClassNames,
                [], DatasetCatalog.Mnist.GzMd5, [system.Folder]);
            var log = new List<string>();

            MnistDataset data = new DatasetImporter(log.Add).Import(new ImportRequest { Dataset = dataset, ValidationSize = 2, NoDownload = true });

            Assert.Equal(system.Folder, data.Source);
            Assert.Equal("T-shirt/top", data.ClassNames[0]);
            Assert.Equal(10, data.Training.Count);
            Assert.Contains(log, line => line.Contains("system dataset folder"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataFolders.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void NoDownload_with_nothing_local_lists_what_was_tried()
    {
        using var root = new IdxTestFiles();
        string? saved = Environment.GetEnvironmentVariable(DataFolders.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataFolders.EnvironmentVariable, root.Folder);
            var dataset = new DatasetDescriptor("Nowhere", "nowhere-" + Guid.NewGuid().ToString("N"), DatasetCatalog.Mnist.ClassNames, [], DatasetCatalog.Mnist.GzMd5);
            var ex = Assert.Throws<NndlException>(() => new DatasetImporter().Import(new ImportRequest { Dataset = dataset, NoDownload = true }));
            Assert.Equal("DatasetNotFound", ex.ErrorId);
            Assert.Contains("$NNDLPS_DATA", ex.Message);
            Assert.Contains("user cache", ex.Message);
            Assert.Contains("-NoDownload", ex.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataFolders.EnvironmentVariable, saved);
        }
    }

    private sealed class SynchronousProgress(List<DownloadProgress> reports) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value) => reports.Add(value);
    }

    [Theory]
    [InlineData("fashion-mnist", false, "Fashion-MNIST")]
    [InlineData("KMNIST", false, "Kuzushiji-MNIST")]
    [InlineData("fashion-mnist", true, "MNIST")]
    [InlineData("digits", false, "MNIST")]
    public void A_folder_given_by_path_is_taken_for_the_dataset_its_name_says_unless_one_is_named(string folderName, bool named, string expected)
    {
        // Import-Mnist -Path /usr/share/datasets/fashion-mnist read clothes as the digits 0 to 9.
        using var files = new IdxTestFiles();
        string folder = Path.Combine(files.Folder, folderName);
        Directory.CreateDirectory(folder);
        using (var inner = new IdxTestFiles())
        {
            inner.WriteMnist(12, 6);
            foreach (string file in Directory.GetFiles(inner.Folder))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }

        var log = new List<string>();
        MnistDataset data = new DatasetImporter(log.Add).Import(new ImportRequest
        {
            Paths = [folder + Path.DirectorySeparatorChar], DatasetNamed = named, ValidationSize = 2, NoDownload = true,
        });
        Assert.Equal(expected, data.Name);
        Assert.Equal(DatasetCatalog.All.Single(d => d.DisplayName == expected).ClassNames, data.Training.ClassNames);
        Assert.Equal(expected != "MNIST", log.Any(line => line.Contains("by its folder's name")));
    }

    [Theory]
    [InlineData("files")]
    [InlineData("link")]
    [InlineData("files in link")]
    public void The_four_files_of_a_dataset_s_folder_or_a_link_to_it_are_taken_for_that_dataset(string how)
    {
        // Get-ChildItem /usr/share/datasets/fashion-mnist | Import-Mnist (the four files, not the folder) and a link
        // ~/data -> /usr/share/datasets/fashion-mnist read clothes as the digits 0 to 9 still.
        using var files = new IdxTestFiles();
        string folder = Path.Combine(files.Folder, "Fashion-MNIST");
        Directory.CreateDirectory(folder);
        using (var inner = new IdxTestFiles())
        {
            inner.WriteMnist(12, 6);
            foreach (string file in Directory.GetFiles(inner.Folder))
            {
                File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
            }
        }

        string link = Path.Combine(files.Folder, "data");
        Directory.CreateSymbolicLink(link, folder);
        string[] paths = how switch
        {
            "files" => Directory.GetFiles(folder),
            "link" => [link],
            _ => Directory.GetFiles(folder).Select(file => Path.Combine(link, Path.GetFileName(file))).ToArray(),
        };
        var log = new List<string>();
        MnistDataset data = new DatasetImporter(log.Add).Import(new ImportRequest { Paths = paths, ValidationSize = 2, NoDownload = true });
        Assert.Equal("Fashion-MNIST", data.Name);
        Assert.Contains(log, line => line.Contains("by its folder's name"));
    }

    [Theory]
    [InlineData("folder", false)]
    [InlineData("folder", true)]
    [InlineData("files", false)]
    [InlineData("files", true)]
    public void Files_in_a_folder_of_any_name_are_recognised_by_their_test_labels(string how, bool gzip)
    {
        // ~/data/clothes holding Fashion-MNIST's four files read as the digits 0 to 9: nothing in the files' names or
        // headers tells the sets apart, their test labels' contents do.
        using var files = new IdxTestFiles();
        string folder = Path.Combine(files.Folder, "clothes");
        Directory.CreateDirectory(folder);
        foreach (string other in MnistFiles.All.Where(name => name != MnistFiles.TestLabels))
        {
            File.WriteAllBytes(Path.Combine(folder, other), [0]); // the load reads the labels only beside the other three
        }

        var labels = new byte[8 + 10_000];
        labels[2] = 8;
        labels[3] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(labels.AsSpan(4), 10_000);
        for (int i = 8; i < labels.Length; i++)
        {
            labels[i] = (byte)(i * 7 % 10);
        }

        string sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(labels));
        var clothes = new DatasetDescriptor("Clothes", "clothes-set", DatasetCatalog.FashionMnist.ClassNames, [], new Dictionary<string, string>(), testLabelsSha256: sha256);
        string path = Path.Combine(folder, MnistFiles.TestLabels + (gzip ? ".gz" : string.Empty));
        WriteMaybeCompressed(path, labels, gzip);
        string[] paths = how == "folder" ? [folder] : [Path.Combine(folder, "train-images-idx3-ubyte"), path];
        Assert.Same(clothes, DatasetCatalog.ByContents(paths, [DatasetCatalog.Mnist, clothes]));

        // Labels of another set, of another length, or not gzip inside a .gz: nothing recognised, and nothing thrown
        // (the load that follows says what is wrong with a file).
        labels[9] ^= 1;
        WriteMaybeCompressed(path, labels, gzip);
        Assert.Null(DatasetCatalog.ByContents(paths, [DatasetCatalog.Mnist, clothes]));
        WriteMaybeCompressed(path, labels.AsSpan(0, 9_000).ToArray(), gzip);
        Assert.Null(DatasetCatalog.ByContents(paths, [clothes]));
        if (gzip)
        {
            File.WriteAllBytes(path, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
            Assert.Null(DatasetCatalog.ByContents(paths, [clothes]));
        }

        // A file larger than any copy of the published labels is not read at all: here a valid .gz of them whose
        // header carries a comment of 1 MiB (FLG.FCOMMENT), which decompresses to the labels all the same.
        labels[9] ^= 1;
        byte[] compressed = Compressed(labels);
        File.WriteAllBytes(path, compressed);
        Assert.Same(clothes, DatasetCatalog.ByContents(paths, [clothes]));
        compressed[3] |= 0x10;
        byte[] commented = [.. compressed.AsSpan(0, 10), .. Enumerable.Repeat((byte)'a', 1 << 20), 0, .. compressed.AsSpan(10)];
        using (var check = new System.IO.Compression.GZipStream(new MemoryStream(commented), System.IO.Compression.CompressionMode.Decompress))
        {
            using var decompressed = new MemoryStream();
            check.CopyTo(decompressed);
            Assert.Equal(labels, decompressed.ToArray());
        }

        File.WriteAllBytes(path, commented);
        Assert.Null(DatasetCatalog.ByContents(paths, [clothes]));

        File.Delete(path);
        Assert.Null(DatasetCatalog.ByContents(paths, [clothes]));
    }

    [Fact]
    public void Only_the_labels_the_load_will_read_are_recognised()
    {
        // Stray labels beside CSV files, or beside an export whose checksum file names its own .gz files, are not what
        // the load reads; a file given by a name the loader takes ("... (1)") is.
        using var files = new IdxTestFiles();
        var labels = new byte[8 + 10_000];
        labels[3] = 1;
        string sha256 = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(labels));
        var clothes = new DatasetDescriptor("Clothes", "clothes-set", DatasetCatalog.FashionMnist.ClassNames, [], new Dictionary<string, string>(), testLabelsSha256: sha256);
        string folder = Path.Combine(files.Folder, "stray");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, MnistFiles.TestLabels), labels);
        Assert.Null(DatasetCatalog.ByContents([folder], [clothes])); // the other three IDX files missing: CSV or pickle is read
        foreach (string other in MnistFiles.All.Where(name => name != MnistFiles.TestLabels))
        {
            File.WriteAllBytes(Path.Combine(folder, other), [0]);
        }

        Assert.Same(clothes, DatasetCatalog.ByContents([folder], [clothes]));
        File.WriteAllText(Path.Combine(folder, ExportManifest.FileName), string.Empty);
        Assert.Null(DatasetCatalog.ByContents([folder], [clothes]));

        string copy = Path.Combine(files.Folder, MnistFiles.TestLabels + " (1)");
        File.WriteAllBytes(copy, labels);
        Assert.Same(clothes, DatasetCatalog.ByContents([Path.Combine(folder, MnistFiles.TrainingImages), copy], [clothes]));
    }

    [Fact]
    public void A_link_to_a_pipe_is_refused_as_the_pipe_is_not_waited_on()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no mkfifo
        }

        using var files = new IdxTestFiles();
        string fifo = Path.Combine(files.Folder, "fifo"), link = Path.Combine(files.Folder, MnistFiles.TestLabels);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
        }

        File.CreateSymbolicLink(link, fifo);
        Assert.Equal("DataFileNotRegular", Assert.Throws<NndlException>(() => DataFile.RequireRegular(link)).ErrorId);
        Assert.Null(DatasetCatalog.ByContents([link], DatasetCatalog.All));
    }

    private static byte[] Compressed(byte[] contents)
    {
        using var memory = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(contents);
        }

        return memory.ToArray();
    }

    private static void WriteMaybeCompressed(string path, byte[] contents, bool gzip)
    {
        using FileStream file = File.Create(path);
        using Stream target = gzip ? new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest) : file;
        target.Write(contents);
    }
}
