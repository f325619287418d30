using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsDiagnostic.Test, "Network")]
[OutputType(typeof(EvaluationResult), typeof(EnsembleResult))]
public sealed class TestNetworkCommand : NndlCmdlet
{
    // The network to test; an epoch result from Invoke-SgdTraining binds through its Network property. Not mandatory
    // to PowerShell, so that a missing one is said in words (NetworkRequired) instead of a prompt. Several given at
    // once (-Network $a, $b, $c, or one piped array: ,$nets) are an ensemble and vote; networks piped one by one
    // arrive one per record and are tested one by one, as they always were.
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network[]? Network { get; set; }

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
        if (Network is null || Network.Length == 0)
        {
            ThrowTerminating("NetworkRequired", ErrorCategory.InvalidArgument,
                "There is no network to test: pipe one ($net | Test-Network -Data $data.Test) or give -Network $net.", null);
        }

        Network[] networks = Network!;
        int missing = Array.IndexOf(networks, null);
        if (missing >= 0)
        {
            ThrowTerminating("NetworkRequired", ErrorCategory.InvalidArgument,
                $"Network {missing + 1} of the {networks.Length} given to -Network is $null: give only networks, e.g. -Network $a, $b, $c (a variable that was never set is $null).", null);
        }

        if (Data is null)
        {
            string what = networks.Length == 1 ? networks[0].ToString() : $"the {networks.Length} networks";
            ThrowTerminating("TestDataRequired", ErrorCategory.InvalidArgument,
                $"There are no images to test {what} on: give -Data $data.Test (or the dataset, whose Test set is used), or pipe the dataset: $data | Test-Network -Network $net.", networks.Length == 1 ? networks[0] : (object)networks);
        }

        ImageSet data = Data!;
        if (networks.Length > 1)
        {
            TestEnsemble(networks, data);
            return;
        }

        Network network = networks[0];
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

    private void TestEnsemble(Network[] networks, ImageSet data)
    {
        WarnOfRepeatedNetworks(networks);
        using Ensemble ensemble = Invoke(() => new Ensemble(networks));
        WriteObject(Invoke(() => ensemble.Evaluate(data, CancellationToken)));
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
