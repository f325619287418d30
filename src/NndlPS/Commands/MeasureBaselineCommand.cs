using System.Diagnostics;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsDiagnostic.Measure, "Baseline", DefaultParameterSetName = DatasetSet)]
[OutputType(typeof(EvaluationResult))]
public sealed class MeasureBaselineCommand : NndlCmdlet
{
    private const string DatasetSet = "Dataset";
    private const string SetsSet = "Sets";

    [Parameter(Mandatory = true, Position = 0)]
    [KindName(typeof(BaselineMethod))]
    public BaselineMethod Method { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DatasetSet)]
    public MnistDataset Dataset { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = SetsSet)]
    public ImageSet TrainingData { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = SetsSet)]
    public ImageSet TestData { get; set; } = null!;

    [Parameter]
    public int? Seed { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    [WholeNumber(Counts = "threads")]
    public int? Threads { get; set; }

    protected override void ProcessRecord()
    {
        ImageSet training = ParameterSetName == DatasetSet ? Dataset.Training : TrainingData;
        ImageSet test = ParameterSetName == DatasetSet ? Dataset.Test : TestData;
        int seed = Seed ?? Random.Shared.Next();
        int? threads = LimitToCores(Threads, nameof(Threads));
        var clock = Stopwatch.StartNew();
        EvaluationResult result;
        try
        {
            result = Invoke(() => Baseline.Measure(Method, training, test, seed, threads, CancellationToken));
        }
        catch (OperationCanceledException)
        {
            return; // Ctrl+C: the pipeline is stopping.
        }

        WriteVerbose($"{Method} on {training.Count} training images, seed {seed}: {result} in {clock.Elapsed.TotalSeconds:F1} s.");
        WriteObject(result);
    }
}
