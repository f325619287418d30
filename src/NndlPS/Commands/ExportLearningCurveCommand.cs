using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// Draws epoch results and sweep results as learning curves: accuracy per epoch (test, validation, training) and
/// each monitored cost on its own axis, one colour per run, each run named by what differs between the runs drawn.
/// Results that went through Export-Clixml, a job or a remote session are drawn as the live ones are.
/// </summary>
[Cmdlet(VerbsData.Export, "LearningCurve", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportLearningCurveCommand : NndlCmdlet
{
    private readonly List<PSObject> _epochResults = [];
    private readonly List<CurveRun> _sweepRuns = [];

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public PSObject[] InputObject { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter]
    [ValidateRange(100, 8000)]
    [WholeNumber]
    public int Width { get; set; } = 800;

    [Parameter]
    [ValidateRange(100, 8000)]
    [WholeNumber]
    public int Height { get; set; } = 500;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter LayerSpeed { get; set; }

    private string _file = null!;
    private PictureFormat _format;

    /// <summary>A name the picture cannot have is refused before any result is read.</summary>
    protected override void BeginProcessing()
    {
        _file = FileSystemPath(Path, forWriting: true);
        _format = Invoke(() => PictureFile.FormatOf(_file, LearningCurve.Formats));
    }

    protected override void ProcessRecord()
    {
        foreach (PSObject item in InputObject)
        {
            if (item is null)
            {
                continue;
            }

            switch (CurveInput.KindOf(item))
            {
                case CurveInput.EpochResultType:
                    _epochResults.Add(item);
                    break;
                case CurveInput.SweepResultType:
                    _sweepRuns.Add(CurveInput.FromSweepResult(item));
                    break;
                default:
                    WriteError(new ErrorRecord(new ArgumentException(
                        $"Cannot draw {item.TypeNames.FirstOrDefault() ?? "this object"} ({item}) as a learning curve: pipe the epoch results of Invoke-SgdTraining or the results of Invoke-SgdSweep (also after Export-Clixml, a job or a remote session)."),
                        "LearningCurveInputInvalid", ErrorCategory.InvalidArgument, item));
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        var runs = CurveInput.FromEpochResults(_epochResults).Concat(_sweepRuns).ToList();
        if (runs.Count == 0)
        {
            return; // nothing that could be drawn came; each refusal has been said
        }

        string file = _file;
        if (!ShouldProcess(file, $"Draw {runs.Count} run{(runs.Count == 1 ? "" : "s")} as {(_format == PictureFormat.Svg ? "an SVG" : "a PNG")}"))
        {
            return;
        }

        Invoke(() =>
        {
            if (LayerSpeed)
            {
                LearningCurve.WriteLayerSpeeds(file, runs, Width, Height, Force);
            }
            else
            {
                LearningCurve.Write(file, runs, Width, Height, Force);
            }

            return file;
        });
        WriteFileItems(file);
    }
}
