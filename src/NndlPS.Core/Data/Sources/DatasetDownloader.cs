using System.Net;
using System.Security.Cryptography;

namespace NndlPS.Core;

/// <summary>
/// Downloads a dataset's .gz files into a folder, trying its mirrors in order. Each file is written to a
/// temporary name beside its final one, checked against the published MD5, and only then renamed into place,
/// so the folder never holds a partial or unverified file, whatever happens mid-download.
/// <para>The resilience policy is the mirror list itself (a failed or slow mirror hands over to the next), so a
/// plain <see cref="HttpClient"/> is enough and the module carries no retry library into the user's session.</para>
/// </summary>
public sealed class DatasetDownloader : IDisposable
{
    /// <summary>
    /// The most one file may be: MNIST's largest .gz is 9.9 MB, and the other datasets' are as large. A mirror that
    /// sends more (with or without a Content-Length) is cut off here instead of filling the disk.
    /// </summary>
    public const long MaxFileBytes = 64L << 20;

    private readonly HttpClient _client;

    /// <summary>The bound on one file; <see cref="MaxFileBytes"/> but for tests, which need not send 64 MiB to hit it.</summary>
    internal long FileBound { get; init; } = MaxFileBytes;
    private readonly TimeSpan _timeout;
    private readonly Action<string>? _log;
    private readonly IProgress<DownloadProgress>? _progress;

    /// <param name="timeout">Longest a mirror may keep us waiting, for its answer or for the next bytes of a file,
    /// before the next mirror is tried. A slow but steady download is never cut off.</param>
    /// <param name="log">Receives one line per step, for -Verbose.</param>
    /// <param name="progress">Receives the bytes received so far, for Write-Progress.</param>
    public DatasetDownloader(TimeSpan timeout, Action<string>? log = null, IProgress<DownloadProgress>? progress = null)
    {
        _timeout = timeout;
        _log = log;
        _progress = progress;
        _client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = Timeout.InfiniteTimeSpan, // enforced per read below, so a stalled body is caught too
        };
    }

    /// <summary>
    /// Fetches <paramref name="files"/> (canonical names) of <paramref name="dataset"/> into <paramref name="folder"/>.
    /// Returns one line per failed attempt; throws <see cref="NndlException"/> (DatasetDownloadFailed) if a file
    /// could not be had from any mirror.
    /// </summary>
    public IReadOnlyList<string> Download(DatasetDescriptor dataset, string folder, IEnumerable<string> files, CancellationToken cancellationToken = default)
    {
        RequireWritable(folder);
        PartialFiles.DeleteStale(folder, _log);
        var failures = new List<string>();
        foreach (string file in files)
        {
            if (!dataset.GzMd5.TryGetValue(file, out string? md5))
            {
                throw new NndlException("DatasetChecksumUnknown", NndlErrorKind.OperationFailed,
                    $"No published checksum is known for {dataset.DisplayName}'s {file}, so it cannot be downloaded safely.", file);
            }

            bool fetched = false;
            foreach (Uri mirror in dataset.Mirrors)
            {
                var source = new Uri(mirror, file + ".gz");
                _log?.Invoke($"Downloading {source}");
                string? failure = TryDownload(source, Path.Combine(folder, file + ".gz"), md5, cancellationToken);
                if (failure is null)
                {
                    _log?.Invoke($"Verified {file}.gz (MD5 {md5}) into {folder}");
                    fetched = true;
                    break;
                }

                _log?.Invoke($"  failed: {failure}");
                failures.Add($"{source}: {failure}");
            }

            if (!fetched)
            {
                throw new NndlException("DatasetDownloadFailed", NndlErrorKind.OperationFailed,
                    $"{dataset.DisplayName}'s {file}.gz could not be downloaded from any mirror:{Environment.NewLine}  " +
                    string.Join(Environment.NewLine + "  ", failures), folder);
            }
        }

        return failures;
    }

    /// <summary>Creates the folder and a file in it, so a read-only or blocked cache is said once, before any download.</summary>
    private static void RequireWritable(string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
            string probe = PartialFiles.For(Path.Combine(folder, "probe"));
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new NndlException("CacheNotWritable", ex is UnauthorizedAccessException ? NndlErrorKind.AccessDenied : NndlErrorKind.WriteFailed,
                $"The dataset cannot be downloaded into '{folder}': {ex.Message} Set ${DataFolders.EnvironmentVariable} to a folder you can write to, " +
                "or pass -Path with a folder that already holds the files.", folder, ex);
        }
    }

    /// <summary>One file from one mirror; null on success, else why it failed. Never leaves the temporary file behind.</summary>
    private string? TryDownload(Uri source, string target, string expectedMd5, CancellationToken cancellationToken)
    {
        string partial = PartialFiles.For(target);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, source);
            using HttpResponseMessage response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            if (!response.IsSuccessStatusCode)
            {
                return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
            }

            long? total = response.Content.Headers.ContentLength;
            if (total > FileBound)
            {
                return $"it announces {total:N0} bytes, more than the {Bound} bound for one dataset file";
            }

            using (var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5))
            {
                using (Stream body = response.Content.ReadAsStream(deadline.Token))
                using (var output = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                {
                    var buffer = new byte[1 << 16];
                    long received = 0;
                    int n;
                    while (true)
                    {
                        deadline.CancelAfter(_timeout); // a stall timeout: it restarts whenever bytes arrive
                        if ((n = body.ReadAsync(buffer, deadline.Token).AsTask().GetAwaiter().GetResult()) == 0)
                        {
                            break;
                        }

                        if (received + n > FileBound)
                        {
                            return $"it sent more than the {Bound} bound for one dataset file";
                        }

                        output.Write(buffer, 0, n);
                        md5.AppendData(buffer, 0, n);
                        received += n;
                        _progress?.Report(new DownloadProgress(Path.GetFileName(target), source, received, total));
                    }

                    if (total is long expected && received != expected)
                    {
                        return $"the body ended after {received} of {expected} bytes";
                    }

                    output.Flush(flushToDisk: true); // on disk before the rename, as AtomicFile does
                }

                string actual = Convert.ToHexString(md5.GetHashAndReset()).ToLowerInvariant();
                if (actual != expectedMd5)
                {
                    return $"MD5 {actual} does not match the published {expectedMd5}";
                }
            }

            File.Move(partial, target, overwrite: true);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer or no new data for {_timeout.TotalSeconds:0.#} s";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
        finally
        {
            File.Delete(partial); // a no-op once the verified file has been renamed into place
        }
    }

    private string Bound => FileBound % (1 << 20) == 0 ? $"{FileBound >> 20} MiB" : $"{FileBound:N0}-byte";

    public void Dispose() => _client.Dispose();
}
