namespace NndlPS.Core.Tests;

/// <summary>Mirrors that are not web folders, servers that send too much or too slowly, leftovers of killed downloads.</summary>
[Collection(LocalHttpServerCollection.Name)]
public class HostileDownloadTests
{
    [Theory]
    [InlineData("file:///tmp/mnist/")]
    [InlineData("ftp://127.0.0.1/mnist/")]
    [InlineData("relative/")]
    public void A_mirror_that_is_not_an_http_folder_is_refused_with_a_clear_error(string mirror)
    {
        var ex = Assert.Throws<NndlException>(() => DatasetCatalog.Mnist.WithMirrors([new Uri(mirror, UriKind.RelativeOrAbsolute)]));

        Assert.Equal("MirrorInvalid", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(mirror, ex.Message);
        Assert.Contains("-Path", ex.Message);
    }

    [Fact]
    public void A_mirror_without_a_trailing_slash_keeps_its_last_path_segment()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = DownloadTests.TinyDataset([]);
        DownloadTests.Serve(server, "data/mnist", files);
        dataset = dataset.WithMirrors([new Uri(server.BaseAddress, "data/mnist")]);
        using var cache = new IdxTestFiles();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10));
        Assert.Empty(downloader.Download(dataset, cache.Folder, MnistFiles.All));

        Assert.Equal($"/data/mnist/{MnistFiles.TrainingImages}.gz", server.Requests[0]);
    }

    [Fact]
    public void A_body_without_length_that_never_ends_stops_at_the_size_bound()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, _) = DownloadTests.TinyDataset([server.Mirror("endless")]);
        server.Endless($"/endless/{MnistFiles.TrainingImages}.gz");
        using var cache = new IdxTestFiles();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10)) { FileBound = 1 << 20 };
        var ex = Assert.Throws<NndlException>(() => downloader.Download(dataset, cache.Folder, [MnistFiles.TrainingImages]));

        Assert.Equal("DatasetDownloadFailed", ex.ErrorId);
        Assert.Contains("1 MiB bound", ex.Message);
        Assert.Empty(Directory.GetFiles(cache.Folder));
    }

    [Fact]
    public void A_body_announced_larger_than_the_bound_is_not_downloaded()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = DownloadTests.TinyDataset([server.Mirror("big")]);
        DownloadTests.Serve(server, "big", files);
        using var cache = new IdxTestFiles();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10)) { FileBound = 100 };
        var ex = Assert.Throws<NndlException>(() => downloader.Download(dataset, cache.Folder, [MnistFiles.TrainingImages]));

        Assert.Contains("more than the 100-byte bound", ex.Message);
    }

    [Fact]
    public void The_real_bound_is_far_above_the_largest_dataset_file() =>
        Assert.True(DatasetDownloader.MaxFileBytes >= 6 * 9_912_422L, "MNIST's largest .gz is 9,912,422 bytes");

    [Fact]
    public void A_slow_but_steady_download_is_not_cut_off_by_the_stall_timeout()
    {
        // 25 pieces 300 ms apart take about 7.5 s: longer than the 5 s timeout, yet never near 5 s without data
        // (a margin wide enough for a machine so busy that this process waits seconds for a core).
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = DownloadTests.TinyDataset([server.Mirror("slow")]);
        server.Trickle($"/slow/{MnistFiles.TestLabels}.gz", files[MnistFiles.TestLabels], TimeSpan.FromMilliseconds(300), pieces: 25);
        using var cache = new IdxTestFiles();

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(5));
        Assert.Empty(downloader.Download(dataset, cache.Folder, [MnistFiles.TestLabels]));

        Assert.Equal(files[MnistFiles.TestLabels], File.ReadAllBytes(Path.Combine(cache.Folder, MnistFiles.TestLabels + ".gz")));
    }

    [Fact]
    public void Partial_files_left_by_a_killed_download_are_cleaned_and_live_ones_left_alone()
    {
        using var server = new LocalHttpServer();
        (DatasetDescriptor dataset, Dictionary<string, byte[]> files) = DownloadTests.TinyDataset([server.Mirror("good")]);
        DownloadTests.Serve(server, "good", files);
        using var cache = new IdxTestFiles();
        string stale = cache.Write($".{MnistFiles.TrainingImages}.gz.0123.partial", new byte[10]);
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow - PartialFiles.StaleAfter - TimeSpan.FromMinutes(1));
        string live = cache.Write($".{MnistFiles.TestImages}.gz.4567.partial", new byte[10]);

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(10));
        downloader.Download(dataset, cache.Folder, [MnistFiles.TestLabels]);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(live));
    }

    [Fact]
    public void A_cache_that_cannot_be_written_says_so_before_downloading()
    {
        using var root = new IdxTestFiles();
        string notAFolder = root.Write("a-file", [1]);
        (DatasetDescriptor dataset, _) = DownloadTests.TinyDataset([new Uri("http://127.0.0.1:9/")]);

        using var downloader = new DatasetDownloader(TimeSpan.FromSeconds(1));
        var ex = Assert.Throws<NndlException>(() => downloader.Download(dataset, Path.Combine(notAFolder, "mnist"), MnistFiles.All));

        Assert.Equal("CacheNotWritable", ex.ErrorId);
        Assert.Contains(DataFolders.EnvironmentVariable, ex.Message);
    }
}
