using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsData.Import, "Mnist")]
[OutputType(typeof(MnistDataset))]
public sealed class ImportMnistCommand : NndlCmdlet
{
    private readonly List<string> _paths = [];

    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    [Parameter]
    [KindName(typeof(DatasetName))]
    public DatasetName Name { get; set; } = DatasetName.Mnist;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    [WholeNumber(Counts = "images", Hint = "for a share of the training set, multiply it out: a fifth of MNIST's 60,000 is -ValidationSize (0.2 * 60000)")]
    public int? ValidationSize { get; set; }

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [WholeNumber(Counts = "images")]
    public int? First { get; set; }

    [Parameter]
    public SwitchParameter NoDownload { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public Uri[]? Mirror { get; set; }

    [Parameter]
    [ValidateRange(1, 3600)]
    [WholeNumber]
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
            DatasetNamed = MyInvocation.BoundParameters.ContainsKey(nameof(Name)),
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
