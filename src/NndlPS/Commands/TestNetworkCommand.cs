using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsDiagnostic.Test, "Network")]
[OutputType(typeof(EvaluationResult))]
public sealed class TestNetworkCommand : NndlCmdlet
{
    // The network to test; an epoch result from Invoke-SgdTraining binds through its Network property. Not mandatory
    // to PowerShell, so that a missing one is said in words (NetworkRequired) instead of a prompt.
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network? Network { get; set; }

    [Parameter(Position = 0, ValueFromPipeline = true)]
    [Alias("Dataset")]
    [DatasetTestSet]
    public ImageSet? Data { get; set; }

    // One evaluator for every piped network (its threads and, for networks of one size, its buffers), disposed with the cmdlet.
    private Evaluator? _evaluator;

    // Every epoch result of a run holds the one live network: it is tested once, and the user told why (EndProcessing).
    private readonly HashSet<Network> _tested = new(ReferenceEqualityComparer.Instance);
    private int _repeats;

    protected override void ProcessRecord()
    {
        if (Network is null)
        {
            ThrowTerminating("NetworkRequired", ErrorCategory.InvalidArgument,
                "There is no network to test: pipe one ($net | Test-Network -Data $data.Test) or give -Network $net.", null);
        }

        if (Data is null)
        {
            ThrowTerminating("TestDataRequired", ErrorCategory.InvalidArgument,
                $"There are no images to test {Network} on: give -Data $data.Test (or the dataset, whose Test set is used), or pipe the dataset: $data | Test-Network -Network $net.", Network);
        }

        Network network = Network!;
        ImageSet data = Data!;
        if (!_tested.Add(network))
        {
            _repeats++;
            return;
        }

        // Retargeting may refuse the network (e.g. too large for the buffers): inside Invoke, as an ErrorRecord.
        Evaluator evaluator = _evaluator ??= Invoke(() => new Evaluator(network));
        Invoke(() => evaluator.Network = network);
        WriteObject(Invoke(() => evaluator.Evaluate(data, CancellationToken)));
    }

    protected override void EndProcessing()
    {
        if (_repeats > 0)
        {
            WriteWarning($"The same network came {_repeats} more time{(_repeats == 1 ? "" : "s")} and was tested once: every epoch result of a run holds the one live network, trained in place, which now has the weights the run ended with. " +
                "To test each epoch's weights, keep a copy as each epoch arrives: Invoke-SgdTraining ... | ForEach-Object { $_.Network.Clone() } | Test-Network -Data $data.Test.");
        }
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
