using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace NndlPS.Core;

/// <summary>
/// A run and its outcome as text, so they cross PowerShell remoting (which would flatten a network into strings past
/// depth 1) whole and bit for bit: the run goes out as JSON, the outcome comes back as JSON with its network's
/// weights and biases as base64 of their float32 bytes. The network part is the one place to swap for the module's
/// own network serialization (network2.py JSON) once that exists.
/// </summary>
public static class SweepTransfer
{
    private static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The run as JSON: index, seed, sizes, design and options (not its grid labels, which stay local).</summary>
    public static string WriteRun(SweepRunSpec run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return JsonSerializer.Serialize(new RunData(run.Index, run.Seed, run.Sizes, run.Design, run.Options), Json);
    }

    /// <exception cref="NndlException">SweepTransferInvalid: the text is not a run written by <see cref="WriteRun"/>.</exception>
    public static SweepRunSpec ReadRun(string json)
    {
        RunData data = Read<RunData>(json, "run");
        return new SweepRunSpec { Index = data.Index, Seed = data.Seed, Sizes = data.Sizes, Design = data.Design, Options = data.Options };
    }

    public static string WriteOutcome(SweepOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return JsonSerializer.Serialize(new OutcomeData(outcome.Epochs.ToArray(), NetworkData.From(outcome.Network), outcome.Seconds, outcome.StopReason), Json);
    }

    /// <exception cref="NndlException">SweepTransferInvalid: the text is not an outcome written by <see cref="WriteOutcome"/>.</exception>
    public static SweepOutcome ReadOutcome(string json)
    {
        OutcomeData data = Read<OutcomeData>(json, "outcome");
        return new SweepOutcome(data.Epochs, data.Network.ToNetwork(), data.Seconds, data.StopReason);
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

    private sealed record RunData(int Index, int Seed, int[] Sizes, NetworkDesign Design, SgdOptions Options);

    private sealed record OutcomeData(SweepEpoch[] Epochs, NetworkData Network, double Seconds, string? StopReason);

    /// <summary>A network as plain data: sizes, each layer's activation, the cost, weights and biases as float32 bytes.</summary>
    private sealed record NetworkData(int[] Sizes, ActivationKind[] Activations, CostKind Cost, string[] Weights, string[] Biases, int EpochsTrained = 0)
    {
        public static NetworkData From(Network network) => new(
            network.Sizes.ToArray(),
            network.Layers.Select(layer => layer.Activation.Kind).ToArray(),
            network.Cost.Kind,
            network.Layers.Select(layer => Convert.ToBase64String(MemoryMarshal.AsBytes(layer.Weights.AsSpan()))).ToArray(),
            network.Layers.Select(layer => Convert.ToBase64String(MemoryMarshal.AsBytes(layer.Biases.AsSpan()))).ToArray(),
            network.EpochsTrained);

        public Network ToNetwork()
        {
            if (Sizes.Length < 2 || Activations.Length != Sizes.Length - 1 || Weights.Length != Activations.Length || Biases.Length != Activations.Length)
            {
                throw new FormatException($"a network of {Sizes.Length} sizes came with {Activations.Length} activations, {Weights.Length} weight and {Biases.Length} bias arrays");
            }

            var network = new Network(Sizes, NndlPS.Core.Activations.Get(Activations[0]), NndlPS.Core.Activations.Get(Activations[^1]), Costs.Get(Cost))
            {
                EpochsTrained = EpochsTrained,
            };
            for (int l = 0; l < network.Layers.Count; l++)
            {
                Layer layer = network.Layers[l];
                layer.Activation = NndlPS.Core.Activations.Get(Activations[l]);
                Fill(layer.Weights, Weights[l]);
                Fill(layer.Biases, Biases[l]);
            }

            return network;
        }

        private static void Fill(float[] target, string base64)
        {
            byte[] bytes = Convert.FromBase64String(base64);
            if (bytes.Length != target.Length * sizeof(float))
            {
                throw new FormatException($"{bytes.Length} bytes for {target.Length} parameters");
            }

            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(target);
        }
    }
}
