using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Loads MNIST (or Fashion-MNIST, KMNIST) as one dataset object with Training, Validation and Test sets.</para>
/// <para type="description">Looks in -Path (a folder, or the files themselves: four IDX files raw or .gz, two Kaggle
/// CSV files, or the book's mnist.pkl.gz); else in $env:NNDLPS_DATA, the user cache and system dataset folders; else
/// downloads the .gz files from the dataset's mirrors, verifies each against its published MD5 and caches it.
/// Splits the training file like the book: the first 50,000 images for training, the last 10,000 (-ValidationSize)
/// for validation.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Mnist")]
[OutputType(typeof(MnistDataset))]
public sealed class ImportMnistCommand : NndlCmdlet
{
    private readonly List<string> _paths = [];

    /// <summary>A folder holding the dataset, or the files themselves. When given, nothing else is tried. Files
    /// or a folder piped from Get-ChildItem / Get-Item bind through their PSPath; all piped paths make one dataset.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    /// <summary>Which dataset: Mnist (default), FashionMnist or KMnist.</summary>
    [Parameter]
    public DatasetName Name { get; set; } = DatasetName.Mnist;

    /// <summary>
    /// How many of the 60,000 training images to hold out as the validation set. Not given: the split a folder
    /// written by Export-Mnist records, else the book's 10,000.
    /// </summary>
    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    public int? ValidationSize { get; set; }

    /// <summary>Keep only the first n images of each set, for quick experiments.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? First { get; set; }

    /// <summary>Never download: only -Path and the local folders are tried.</summary>
    [Parameter]
    public SwitchParameter NoDownload { get; set; }

    /// <summary>Download from these base addresses instead of the dataset's public mirrors (a local copy, a proxy).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[]? Mirror { get; set; }

    /// <summary>Longest a mirror may keep us waiting for its answer or its next bytes before the next is tried.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 60;

    protected override void ProcessRecord()
    {
        if (Path is not null)
        {
            _paths.AddRange(Path.Select(p => FileSystemPath(p)));
        }
    }

    protected override void EndProcessing()
    {
        DatasetDescriptor dataset = DatasetCatalog.Get(Name);
        if (Mirror is not null)
        {
            dataset = Invoke(() => dataset.WithMirrors(Mirror));
        }

        // A relative NNDLPS_DATA means relative to where the user is ($PWD), which is not the process's directory.
        string? dataRoot = Environment.GetEnvironmentVariable(DataFolders.EnvironmentVariable);

        var request = new ImportRequest
        {
            Dataset = dataset,
            Paths = _paths.Count > 0 ? _paths.ToArray() : null,
            ValidationSize = ValidationSize,
            First = First,
            NoDownload = NoDownload,
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            DataRoot = string.IsNullOrWhiteSpace(dataRoot) ? null : FileSystemPath(dataRoot),
        };
        var importer = new DatasetImporter(WriteVerbose, new DownloadProgressWriter(this));
        WriteObject(Invoke(() => importer.Import(request, CancellationToken)));
    }

    /// <summary>Write-Progress for downloads; the engine reports on the pipeline thread.</summary>
    private sealed class DownloadProgressWriter(Cmdlet cmdlet) : IProgress<DownloadProgress>
    {
        private readonly ProgressThrottle _throttle = new();

        public void Report(DownloadProgress value)
        {
            bool done = value.TotalBytes is long total && value.BytesReceived >= total;
            if (!_throttle.ShouldWrite(final: done))
            {
                return;
            }

            var record = new ProgressRecord(2, $"Downloading {value.FileName}", $"{value.BytesReceived / 1024:N0} KB from {value.Source.Host}")
            {
                PercentComplete = value.Percent ?? -1,
                RecordType = done ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            cmdlet.WriteProgress(record);
        }
    }
}
