using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Counts how many images of a set the network classifies correctly.</para>
/// <para type="description">The network's answer for an image is its most active output neuron (the book's evaluate).</para>
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "Network")]
[OutputType(typeof(EvaluationResult))]
public sealed class TestNetworkCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public Network Network { get; set; } = null!;

    /// <summary>The images to classify, e.g. (Import-Mnist).Test.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public ImageSet Data { get; set; } = null!;

    protected override void ProcessRecord()
    {
        using Evaluator evaluator = Invoke(() => new Evaluator(Network));
        WriteObject(Invoke(() => evaluator.Evaluate(Data, CancellationToken)));
    }
}
