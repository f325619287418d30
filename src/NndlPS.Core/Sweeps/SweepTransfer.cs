using System.Text.Json;
using System.Text.Json.Serialization;

namespace NndlPS.Core;

/// <summary>
/// A run and its outcome as text, so they cross PowerShell remoting whole and bit for bit: the run goes out as JSON,
/// the outcome comes back as JSON carrying its network in the module's own network2.py format
/// (<see cref="NetworkJsonWriter.WriteText"/>: shortest round-trip floats, activations and epochs trained included),
/// read back by <see cref="NetworkJsonReader.ReadText(string, string)"/> with every check, the size first, that a network file gets.
/// </summary>
public static class SweepTransfer
{
    private static readonly JsonSerializerOptions Json = new()
    {
        // Written as names; a number would pass any value, even one no enum member has (an activation 99).
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// The run as JSON: index, seed, its network as sizes or as layers (with their input shape), design and options
    /// (not its grid labels, which stay local). A layers run's sizes are the plan's unused default, not sent: a run
    /// carries one network, and <see cref="ReadRun"/> refuses one that names two.
    /// </summary>
    public static string WriteRun(SweepRunSpec run)
    {
        ArgumentNullException.ThrowIfNull(run);
        LayerData[]? layers = run.Layers?.Select(LayerData.From).ToArray();
        int[]? shape = run.Layers is null ? null : [run.InputShape.Channels, run.InputShape.Height, run.InputShape.Width];
        int[]? sizes = run.Layers is null ? run.Sizes : null;
        return JsonSerializer.Serialize(new RunData(run.Index, run.Seed, sizes, run.Design, run.Options, layers, shape, run.LayersCost), Json);
    }

    /// <exception cref="NndlException">SweepTransferInvalid: the text is not a run written by <see cref="WriteRun"/>.</exception>
    public static SweepRunSpec ReadRun(string json)
    {
        RunData data = Read<RunData>(json, "run");
        // Text from another version may lack a part; the deserializer fills in null, which would fail later as a raw
        // .NET error. (A kind this version does not have is refused by the enum converter.)
        string? missing = data.Sizes is null && data.Layers is null ? "its sizes or layers" : data.Design is null ? "its design" : data.Options is null ? "its options" : null;
        if (missing is not null)
        {
            throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData,
                $"A sweep run arrived without {missing}. The two sides may run different NndlPS versions: import the same version on both.");
        }

        // Both were taken as the layers, the sizes dropped unsaid: which network the sender meant is a guess.
        if (data.Sizes is not null && data.Layers is not null)
        {
            throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData,
                $"A sweep run arrived with both its sizes ({Abridged(data.Sizes)}) and its layers, and a run trains one network, of sizes (New-Network -Sizes) " +
                "or of layers (-InputShape -Layers). The two sides may run different NndlPS versions: import the same version on both.");
        }

        var run = new SweepRunSpec { Index = data.Index, Seed = data.Seed, Design = data.Design!, Options = data.Options! }; // checked above
        if (data.Layers is null)
        {
            return run with { Sizes = data.Sizes! }; // checked above
        }

        if (data.InputShape is not [int channels, int height, int width] || data.Layers.Length is 0 or > NetworkLimits.MaxLayers || data.Layers.Any(layer => layer is null))
        {
            throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData,
                "A sweep run's layers arrived without their input shape, or with no layers, too many, or an empty one. The two sides may run different NndlPS versions: import the same version on both.");
        }

        try
        {
            // Through the designs' own constructors: a value no cmdlet could make is refused here, not mid-run.
            return run with { Layers = data.Layers.Select(layer => layer.ToDesign()).ToArray(), InputShape = new ImageShape(channels, height, width), LayersCost = data.LayersCost };
        }
        catch (NndlException ex)
        {
            throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData,
                $"A sweep run's layers arrived damaged ({ex.Message}). The two sides may run different NndlPS versions: import the same version on both.", inner: ex);
        }
    }

    /// <summary>The most sizes a message quotes from a transferred run before it cuts them short.</summary>
    private const int QuotedSizes = 8;

    // Sizes from the wire, as a message quotes them: the first few and their count ("1,2,3,4,5,6,7,8,… (1,000,000
    // sizes)"). The text is another machine's, so its length is anyone's: quoted whole, a million sizes made a message
    // of megabytes.
    private static string Abridged(int[] sizes) =>
        sizes.Length <= QuotedSizes ? SweepPlan.Format(sizes) : $"{SweepPlan.Format(sizes[..QuotedSizes])},… ({sizes.Length:N0} sizes)";

    public static string WriteOutcome(SweepOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return JsonSerializer.Serialize(new OutcomeData(outcome.Epochs.ToArray(), NetworkJsonWriter.WriteText(outcome.Network), outcome.Seconds, outcome.StopReason), Json);
    }

    /// <exception cref="NndlException">SweepTransferInvalid: the text is not an outcome written by <see cref="WriteOutcome"/>.</exception>
    public static SweepOutcome ReadOutcome(string json) => ReadOutcome(json, NetworkLimits.MaxFileBytes);

    internal static SweepOutcome ReadOutcome(string json, long maxNetworkBytes)
    {
        OutcomeData data = Read<OutcomeData>(json, "outcome");
        if (data.Epochs is null || data.Network is null)
        {
            throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData,
                "A sweep outcome arrived without its epochs or its network. The two sides may run different NndlPS versions: import the same version on both.");
        }

        return new SweepOutcome(data.Epochs, NetworkJsonReader.ReadText(data.Network, "a sweep run's result", maxNetworkBytes), data.Seconds, data.StopReason);
    }

    private static T Read<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Json) ?? throw new JsonException("null");
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or ArgumentException or FormatException or InvalidCastException)
        {
            throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData,
                $"A sweep {what} did not arrive whole ({ex.Message}). The two sides may run different NndlPS versions: import the same version on both.", inner: ex);
        }
    }

    private sealed record RunData(int Index, int Seed, int[]? Sizes, NetworkDesign? Design, SgdOptions? Options,
        LayerData[]? Layers = null, int[]? InputShape = null, CostKind? LayersCost = null);

    /// <summary>One layer design as plain fields (the designs are records of three kinds with checking constructors).</summary>
    private sealed record LayerData(string Kind, int Filters, int FilterSize, int PoolSize, int Neurons, ActivationKind Activation, float Dropout)
    {
        public static LayerData From(LayerDesign layer) => layer switch
        {
            ConvPoolLayerDesign c => new("ConvPool", c.Filters, c.FilterSize, c.PoolSize, 0, c.Activation, 0),
            FullyConnectedLayerDesign f => new("FullyConnected", 0, 0, 0, f.Neurons, f.Activation, f.Dropout),
            SoftmaxLayerDesign s => new("Softmax", 0, 0, 0, s.Neurons, ActivationKind.Softmax, s.Dropout),
            _ => throw new ArgumentException($"Unknown layer design {layer.GetType().Name}.", nameof(layer)),
        };

        public LayerDesign ToDesign() => Kind switch
        {
            "ConvPool" => new ConvPoolLayerDesign(Filters, FilterSize, PoolSize, Activation),
            "FullyConnected" => new FullyConnectedLayerDesign(Neurons, Activation, Dropout),
            "Softmax" => new SoftmaxLayerDesign(Neurons, Dropout),
            _ => throw new NndlException("SweepTransferInvalid", NndlErrorKind.InvalidData, $"A sweep run's layer is of a kind this version does not know: '{Kind}'."),
        };
    }

    private sealed record OutcomeData(SweepEpoch[] Epochs, string Network, double Seconds, string? StopReason);
}
