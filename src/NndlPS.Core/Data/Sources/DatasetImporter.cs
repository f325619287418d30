namespace NndlPS.Core;

/// <summary>What to import and from where (Import-Mnist's parameters).</summary>
public sealed record ImportRequest
{
    public DatasetDescriptor Dataset { get; init; } = DatasetCatalog.Mnist;

    /// <summary>A folder, or the files themselves. When given, nothing else is tried.</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>
    /// Whether <see cref="Dataset"/> was asked for by name (Import-Mnist -Name). When not, an export is taken for the
    /// set its checksum file names (<see cref="DatasetCatalog.ByExport"/>), files in <see cref="Paths"/> whose test
    /// labels are a set's published ones for that set (<see cref="DatasetCatalog.ByContents(IReadOnlyList{string})"/>),
    /// and else a folder named as a dataset's folder (fashion-mnist, kmnist) for that dataset.
    /// </summary>
    public bool DatasetNamed { get; init; }

    /// <summary>Null: the split an export records, else <see cref="MnistLoader.DefaultValidationSize"/>.</summary>
    public int? ValidationSize { get; init; }

    public int? First { get; init; }

    /// <summary>Never use the network: only local folders are tried.</summary>
    public bool NoDownload { get; init; }

    /// <summary>Longest a mirror may keep us waiting for its answer or its next bytes.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The value of <c>NNDLPS_DATA</c> as an absolute path, resolved by the host; null reads the variable.</summary>
    public string? DataRoot { get; init; }
}

/// <summary>
/// Finds a dataset the way users of torchvision and Keras expect: the files named by the user; else the
/// <c>NNDLPS_DATA</c> folder, the user cache and the system dataset folders, in that order; else a verified download
/// from the dataset's mirrors into the cache. Each step is said through the log (Import-Mnist's -Verbose).
/// </summary>
public sealed class DatasetImporter(Action<string>? log = null, IProgress<DownloadProgress>? progress = null)
{
    public MnistDataset Import(ImportRequest request, CancellationToken cancellationToken = default)
    {
        // Get-ChildItem export | Import-Mnist pipes the export's checksum file with its four files: the export, given
        // file by file, is read as its folder is (its set, its split, its checksums), before any other rule.
        if (request.Paths is { Count: > 0 } files && MnistLoader.ExportFolderAmong(files) is { } export)
        {
            log?.Invoke($"Reading {MnistLoader.Listed(files)} as the export in {export}: its {ExportManifest.FileName} is among them");
            request = request with { Paths = [export] };
        }

        if (request.Paths is { Count: > 0 } given && !request.DatasetNamed)
        {
            // Import-Mnist -Path /usr/share/datasets/fashion-mnist read clothes as digits 0-9: the same file names and
            // sizes, and nothing in the files' headers says which set they are. A set's published test labels do
            // (~/data/clothes read as digits too), and where they are not known (Kuzushiji-MNIST's, or labels of one's
            // own) the folder's name does, as the cache's does (or the name of the folder a link leads to; or the
            // folder of the files given, all in one).
            if (DatasetCatalog.ByExport(given) is { } exported)
            {
                log?.Invoke($"Taking {MnistLoader.Listed(given)} for {exported.DisplayName}: its export's {ExportManifest.FileName} records that set (-Name would override this)");
                request = request with { Dataset = exported };
            }
            else if (DatasetCatalog.ByContents(given) is { } recognised)
            {
                if (recognised.FolderName != request.Dataset.FolderName)
                {
                    log?.Invoke($"Taking {MnistLoader.Listed(given)} for {recognised.DisplayName}: its test labels are that set's published ones (-Name would override this)");
                    request = request with { Dataset = recognised };
                }
            }
            else if (DatasetCatalog.ByPaths(given) is { } named && named.FolderName != request.Dataset.FolderName)
            {
                log?.Invoke($"Taking {MnistLoader.Listed(given)} for {named.DisplayName}, by its folder's name (-Name would override this)");
                request = request with { Dataset = named };
            }
        }

        var options = new DatasetLoadOptions { Dataset = request.Dataset, ValidationSize = request.ValidationSize, First = request.First };
        if (request.Paths is { Count: > 0 } paths)
        {
            log?.Invoke($"Reading {request.Dataset.DisplayName} from {MnistLoader.Listed(paths)}");
            return paths.Count == 1 && !File.Exists(paths[0])
                ? MnistLoader.LoadFolder(paths[0], options)
                : MnistLoader.LoadFiles(paths, options);
        }

        var tried = new List<string>();
        foreach ((string folder, string kind) in DataFolders.Candidates(request.Dataset, request.DataRoot))
        {
            if (HasDataset(folder))
            {
                log?.Invoke($"Reading {request.Dataset.DisplayName} from the {kind} {folder}");
                return MnistLoader.LoadFolder(folder, options, verifyPublished: true);
            }

            log?.Invoke($"No {request.Dataset.DisplayName} in the {kind} {folder}");
            tried.Add($"the {kind} {folder}: not there");
        }

        string cache = DataFolders.ForDataset(request.Dataset.FolderName, request.DataRoot);
        if (request.NoDownload)
        {
            throw NotFound(request.Dataset, tried, "downloading was not allowed (-NoDownload)", cache);
        }

        try
        {
            using var downloader = new DatasetDownloader(request.Timeout, log, progress);
            IEnumerable<string> missing = MnistFiles.All.Where(file => MnistFiles.Find(cache, file) is null);
            downloader.Download(request.Dataset, cache, missing, cancellationToken);
        }
        catch (NndlException ex) when (ex.ErrorId == "DatasetDownloadFailed")
        {
            throw NotFound(request.Dataset, tried, ex.Message, cache);
        }

        return MnistLoader.LoadFolder(cache, options, verifyPublished: true);
    }

    /// <summary>True when the folder holds the four IDX files, raw or .gz (what the cache and system packages hold).</summary>
    public static bool HasDataset(string folder) =>
        Directory.Exists(folder) && MnistFiles.All.All(file => MnistFiles.Find(folder, file) is not null);

    private static NndlException NotFound(DatasetDescriptor dataset, List<string> tried, string last, string cache) =>
        new("DatasetNotFound", NndlErrorKind.NotFound,
            $"{dataset.DisplayName} was not found. Tried:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", tried) +
            $"{Environment.NewLine}  - download: {last}{Environment.NewLine}" +
            $"Put the four files ({string.Join(", ", MnistFiles.All)}, raw or .gz) in {cache}, pass -Path with their folder, " +
            $"or set {DataFolders.EnvironmentVariable} to a folder that has a '{dataset.FolderName}' folder with them. " +
            "Without -NoDownload, Import-Mnist downloads them itself when a mirror can be reached (-Mirror names your own).", cache);
}
