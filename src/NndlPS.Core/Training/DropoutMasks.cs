using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Chapter 6's dropout, for the layers that have it (<see cref="Layer.Dropout"/>): for each mini-batch a fresh mask
/// per layer, each input of each sample kept with probability 1 − p and then scaled by 1/(1 − p), or dropped (0).
/// The layer takes its inputs times the mask, and the error BP2 carries down is multiplied by the same mask, since a
/// dropped input had no part in the answer.
/// <para>The masks come from one SplitMix64 stream seeded from the run's seed (not the shuffle's generator, whose
/// sequence chapter 1–3's published runs rest on), drawn in one fixed order on the calling thread: the same seed gives
/// the same masks on every CPU and any number of threads. Each draw is 32 bits, so p is kept to 2⁻³².</para>
/// </summary>
internal sealed class DropoutMasks
{
    private readonly float[]?[] _masks;
    private readonly uint[] _thresholds;
    private readonly float[] _scales;
    private ulong _state;

    public DropoutMasks(Network network, int capacity, int seed)
    {
        IReadOnlyList<Layer> layers = network.Layers;
        _masks = layers.Select(layer => layer.Dropout > 0 ? new float[capacity * layer.InputSize] : null).ToArray();
        _thresholds = layers.Select(layer => (uint)Math.Min(uint.MaxValue, Math.Round(layer.Dropout * 4294967296.0))).ToArray();
        _scales = layers.Select(layer => 1f / (1f - layer.Dropout)).ToArray();
        _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;
    }

    /// <summary>Whether layer l drops inputs.</summary>
    public bool Drops(int l) => _masks[l] is not null;

    /// <summary>Draws layer l's mask for m samples and writes its inputs, masked, into <paramref name="masked"/>.</summary>
    [MethodImpl(HotPath.Compile)]
    public void Apply(int l, ReadOnlySpan<float> inputs, Span<float> masked, int count)
    {
        Span<float> mask = _masks[l].AsSpan(0, count);
        uint threshold = _thresholds[l];
        float scale = _scales[l];
        for (int i = 0; i < count; i++)
        {
            mask[i] = NextUInt32() >= threshold ? scale : 0f;
        }

        System.Numerics.Tensors.TensorPrimitives.Multiply(inputs.Slice(0, count), mask, masked.Slice(0, count));
    }

    /// <summary>errors ⊙ layer l's current mask: the error of inputs that were dropped is 0.</summary>
    [MethodImpl(HotPath.Compile)]
    public void MultiplyByMask(int l, Span<float> errors, int count) =>
        System.Numerics.Tensors.TensorPrimitives.Multiply(errors.Slice(0, count), _masks[l].AsSpan(0, count), errors.Slice(0, count));

    /// <summary>SplitMix64 (Steele, Lea and Flood, 2014), the upper 32 bits.</summary>
    private uint NextUInt32()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (uint)((z ^ (z >> 31)) >> 32);
    }
}
