using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Creates a feed-forward network: the book's sigmoid network, or chapter 3's neurons and costs.</para>
/// <para type="description">-Sizes gives the neurons per layer, input first (784,30,10 for MNIST). By default the
/// neurons are sigmoid, the cost quadratic and weights and biases drawn from N(0, 1), as in chapter 1; the same
/// -Seed always gives the same network.</para>
/// </summary>
[Cmdlet(VerbsCommon.New, "Network", DefaultParameterSetName = RandomSet)]
[OutputType(typeof(Network))]
public sealed class NewNetworkCommand : NndlCmdlet
{
    private const string RandomSet = "Random";
    private const string GivenSet = "Given";

    // Also text, as a sweep result's Sizes shows it, and one number per argument: New-Network 784 30 10.
    [Parameter(Mandatory = true, Position = 0, ValueFromRemainingArguments = true)]
    [LayerSizes]
    [ValidateCount(2, NetworkLimits.MaxLayers)]
    [ValidateRange(1, 1_000_000)]
    public int[] Sizes { get; set; } = [];

    /// <summary>Seeds the random initialisation. Default: a random seed.</summary>
    [Parameter(ParameterSetName = RandomSet)]
    public int? Seed { get; set; }

    /// <summary>Given weights instead of random ones: per layer after the input, rows of w_jk (or one row-major list).</summary>
    [Parameter(Mandatory = true, ParameterSetName = GivenSet)]
    public object[] Weights { get; set; } = [];

    /// <summary>Given biases: per layer after the input, one per neuron.</summary>
    [Parameter(Mandatory = true, ParameterSetName = GivenSet)]
    public object[] Biases { get; set; } = [];

    /// <summary>The hidden layers' neurons, and the output layer's unless -OutputActivation is given. Default: Sigmoid.</summary>
    [Parameter]
    public ActivationKind? Activation { get; set; }

    /// <summary>The output layer's neurons. Default: the same as -Activation.</summary>
    [Parameter]
    public ActivationKind? OutputActivation { get; set; }

    /// <summary>The cost training minimises. Default: Quadratic.</summary>
    [Parameter]
    public CostKind? Cost { get; set; }

    /// <summary>How weights are drawn. Default: Gaussian, N(0, 1).</summary>
    [Parameter(ParameterSetName = RandomSet)]
    public WeightInitialization? Initialization { get; set; }

    protected override void EndProcessing()
    {
        long parameters = NetworkLimits.ParameterCount(Sizes);
        if (parameters > NetworkLimits.MaxParameters)
        {
            ThrowTerminating("NetworkTooLarge", ErrorCategory.InvalidArgument,
                $"A network of sizes {string.Join(",", Sizes)} has {parameters:N0} weights and biases, more than the {NetworkLimits.MaxParameters:N0} this module allows. Use smaller layers.", Sizes);
        }

        var defaults = new NetworkDesign();
        var design = defaults with
        {
            Activation = Activation ?? defaults.Activation,
            OutputActivation = OutputActivation ?? defaults.OutputActivation,
            Cost = Cost ?? defaults.Cost,
            Initialization = Initialization ?? defaults.Initialization,
        };
        if (ParameterSetName == GivenSet)
        {
            int layers = Sizes.Length - 1;
            WriteObject(Invoke(() => Network.FromParameters(Sizes, LayerValues.Weights(Weights, layers), LayerValues.Biases(Biases, layers), design)));
            return;
        }

        WriteObject(Invoke(() => Network.Create(Sizes, design, Seed ?? Random.Shared.Next())));
    }
}

