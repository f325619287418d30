using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Counts how many images of a set the network classifies correctly, with a confusion matrix.</para>
/// <para type="description">The network's answer for an image is its most active output neuron (the book's evaluate).
/// Give a set with -Data, or pipe a dataset (its Test set is used).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Network", DefaultParameterSetName = SetSet)]
[OutputType(typeof(EvaluationResult))]
public sealed class TestNetworkCommand : NndlCmdlet
{
    private const string SetSet = "Set";
    private const string DatasetSet = "Dataset";

    /// <summary>The network to test; an epoch result from Invoke-SgdTraining binds through its Network property.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    /// <summary>The images to classify, e.g. (Import-Mnist).Test.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SetSet)]
    public ImageSet Data { get; set; } = null!;

    /// <summary>A dataset from Import-Mnist: its Test set is classified.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DatasetSet)]
    public MnistDataset Dataset { get; set; } = null!;

    // One evaluator for every piped network (its threads and, for networks of one size, its buffers), disposed with the cmdlet.
    private Evaluator? _evaluator;

    protected override void ProcessRecord()
    {
        ImageSet data = ParameterSetName == DatasetSet ? Dataset.Test : Data;
        // Retargeting may refuse the network (e.g. too large for the buffers): inside Invoke, as an ErrorRecord.
        Evaluator evaluator = _evaluator ??= Invoke(() => new Evaluator(Network));
        Invoke(() => evaluator.Network = Network);
        WriteObject(Invoke(() => evaluator.Evaluate(data, CancellationToken)));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _evaluator?.Dispose();
        }

        base.Dispose(disposing);
    }
}
