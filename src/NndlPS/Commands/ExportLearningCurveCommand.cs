using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>Draws epoch results as learning curves (accuracy, and monitored cost, per epoch; one line per run).</summary>
[Cmdlet(VerbsData.Export, "LearningCurve", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportLearningCurveCommand : NndlCmdlet
{
    private readonly List<EpochResult> _results = [];

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public EpochResult[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter]
    [ValidateRange(100, 8000)]
    public int Width { get; set; } = 800;

    [Parameter]
    [ValidateRange(100, 8000)]
    public int Height { get; set; } = 500;

    [Parameter]
    public SwitchParameter Force { get; set; }

    private string _file = null!;
    private PictureFormat _format;

    /// <summary>A name the picture cannot have is refused before any epoch result is read.</summary>
    protected override void BeginProcessing()
    {
        _file = FileSystemPath(Path, forWriting: true);
        _format = Invoke(() => PictureFile.FormatOf(_file, LearningCurve.Formats));
    }

    protected override void ProcessRecord() => _results.AddRange(InputObject);

    protected override void EndProcessing()
    {
        string file = _file;
        if (!ShouldProcess(file, $"Draw {_results.Count} epoch results as {(_format == PictureFormat.Svg ? "an SVG" : "a PNG")}"))
        {
            return;
        }

        Invoke(() =>
        {
            LearningCurve.Write(file, _results, Width, Height, Force);
            return file;
        });
        WriteFileItems(file);
    }
}
