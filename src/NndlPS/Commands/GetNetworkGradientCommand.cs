using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>Chapter 2 from outside: backpropagation's ∂C/∂w, ∂C/∂b and errors δ of every layer, over some images.</summary>
[Cmdlet(VerbsCommon.Get, "NetworkGradient", DefaultParameterSetName = FirstSet)]
[OutputType(typeof(NetworkGradient))]
public sealed class GetNetworkGradientCommand : NndlCmdlet
{
    private const string FirstSet = "First";
    private const string IndexSet = "Index";


    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public ImageSet Data { get; set; } = null!;

    [Parameter(ParameterSetName = FirstSet)]
    [ValidateRange(1, int.MaxValue)]
    [WholeNumber]
    public int First { get; set; } = Gradients.LayerSpeedSamples; // chapter 5 averages over the first 1,000 images

    [Parameter(Mandatory = true, ParameterSetName = IndexSet)]
    [ValidateRange(0, int.MaxValue)]
    [WholeNumber]
    public int Index { get; set; }

    protected override void ProcessRecord()
    {
        // -First beyond the set takes the whole set, as Select-Object -First does; -Index must be in it.
        (int start, int count) = ParameterSetName == IndexSet ? (Index, 1) : (0, Math.Min(First, Data.Count));
        WriteObject(Invoke(() => Gradients.Compute(Network, Data, start, count, CancellationToken)));
    }
}
