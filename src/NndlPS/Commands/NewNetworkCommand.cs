using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Creates the book's feed-forward network of sigmoid neurons.</para>
/// <para type="description">-Sizes gives the neurons per layer, input first (784,30,10 for MNIST). Weights and
/// biases are drawn from N(0, 1); the same -Seed always gives the same network.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "Network")]
[OutputType(typeof(Network))]
public sealed class NewNetworkCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateCount(2, NetworkLimits.MaxLayers)]
    [ValidateRange(1, 1_000_000)]
    public int[] Sizes { get; set; } = [];

    /// <summary>Seeds the random initialisation. Default: a random seed.</summary>
    [Parameter]
    public int? Seed { get; set; }

    protected override void EndProcessing()
    {
        long parameters = NetworkLimits.ParameterCount(Sizes);
        if (parameters > NetworkLimits.MaxParameters)
        {
            ThrowTerminating("NetworkTooLarge", ErrorCategory.InvalidArgument,
                $"A network of sizes {string.Join(",", Sizes)} has {parameters:N0} weights and biases, more than the {NetworkLimits.MaxParameters:N0} this module allows. Use smaller layers.", Sizes);
        }

        WriteObject(Network.CreateGaussian(Sizes, Seed ?? Random.Shared.Next()));
    }
}

