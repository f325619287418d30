using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

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

    [Parameter(ParameterSetName = RandomSet)]
    public int? Seed { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = GivenSet)]
    public object[] Weights { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = GivenSet)]
    public object[] Biases { get; set; } = [];

    [Parameter]
    public ActivationKind? Activation { get; set; }

    [Parameter]
    public ActivationKind? OutputActivation { get; set; }

    [Parameter]
    public CostKind? Cost { get; set; }

    [Parameter(ParameterSetName = RandomSet)]
    public WeightInitialization? Initialization { get; set; }

    protected override void EndProcessing()
    {
        Invoke(() =>
        {
            NetworkLimits.RequireWithin(Sizes); // before anything is allocated: the engine's one size check
            return true;
        });

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

