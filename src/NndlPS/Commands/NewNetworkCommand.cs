using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsCommon.New, "Network", DefaultParameterSetName = RandomSet)]
[OutputType(typeof(Network))]
public sealed class NewNetworkCommand : NndlCmdlet
{
    private const string RandomSet = "Random";
    private const string GivenSet = "Given";
    private const string LayersSet = "Layers";
    private readonly List<LayerDesign> _layers = [];

    // Also text, as a sweep result's Sizes shows it, and one number per argument: New-Network 784 30 10.
    [Parameter(Mandatory = true, Position = 0, ValueFromRemainingArguments = true, ParameterSetName = RandomSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromRemainingArguments = true, ParameterSetName = GivenSet)]
    [WholeNumber(Counts = "neurons in each layer", TextReadElsewhere = true)] // text is [LayerSizes]' to read
    [LayerSizes]
    [ValidateCount(2, NetworkLimits.MaxLayers)]
    [ValidateRange(1, 1_000_000)]
    public int[] Sizes { get; set; } = [];

    [Parameter(ParameterSetName = RandomSet)]
    [Parameter(ParameterSetName = LayersSet)]
    public int? Seed { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = LayersSet)]
    [ValidateCount(3, 3)]
    [ValidateRange(1, LayerDesign.MaxUnits)]
    [WholeNumber]
    public int[] InputShape { get; set; } = [];

    // Also text, as a sweep result's or an epoch result's Layers shows it (-Layers $best.Layers), and deserialized
    // layers; what is not a layer is refused in ProcessRecord, piped or not (see LayerTextAttribute).
    [Parameter(Mandatory = true, ParameterSetName = LayersSet, ValueFromPipeline = true)]
    [LayerText]
    [ValidateNotNullOrEmpty]
    public LayerDesign[] Layers { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = GivenSet)]
    public object[] Weights { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = GivenSet)]
    public object[] Biases { get; set; } = [];

    [Parameter(ParameterSetName = RandomSet)]
    [Parameter(ParameterSetName = GivenSet)]
    [KindName(typeof(ActivationKind))]
    public ActivationKind? Activation { get; set; }

    [Parameter(ParameterSetName = RandomSet)]
    [Parameter(ParameterSetName = GivenSet)]
    [KindName(typeof(ActivationKind))]
    public ActivationKind? OutputActivation { get; set; }

    [Parameter]
    [KindName(typeof(CostKind))]
    public CostKind? Cost { get; set; }

    [Parameter(ParameterSetName = RandomSet)]
    [KindName(typeof(WeightInitialization))]
    public WeightInitialization? Initialization { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LayersSet)
        {
            if (Layers.OfType<RefusedLayer>().FirstOrDefault() is RefusedLayer refused)
            {
                ThrowTerminatingError(ToErrorRecord(refused.Error)); // before a network is made of the other layers
            }

            _layers.AddRange(Layers);
        }
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName == LayersSet)
        {
            var shape = new ImageShape(InputShape[0], InputShape[1], InputShape[2]);
            WriteObject(Invoke(() => Network.Create(shape, _layers, Seed ?? Random.Shared.Next(), Cost)));
            return;
        }

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

