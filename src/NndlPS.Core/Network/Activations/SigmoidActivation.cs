using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>The sigmoid neuron of chapter 1: σ(z) = 1 / (1 + e^(−z)), with σ′(z) = σ(z)(1 − σ(z)).</summary>
public sealed class SigmoidActivation : IActivation
{
    public static SigmoidActivation Instance { get; } = new();

    private SigmoidActivation()
    {
    }

    public string Name => "sigmoid";

    public ActivationKind Kind => ActivationKind.Sigmoid;

    [MethodImpl(HotPath.Compile)]
    public void Activate(ReadOnlySpan<float> z, Span<float> a, int neurons) => Transcendentals.Sigmoid(z, a);

    [MethodImpl(HotPath.Compile)]
    public void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int neurons)
    {
        // δ ⊙ a(1 − a), in place. TensorPrimitives has no fused op for it that needs no scratch buffer.
        int i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            ReadOnlySpan<Vector<float>> av = MemoryMarshal.Cast<float, Vector<float>>(a);
            Span<Vector<float>> dv = MemoryMarshal.Cast<float, Vector<float>>(delta);
            for (int v = 0; v < dv.Length; v++)
            {
                dv[v] *= av[v] - (av[v] * av[v]);
            }

            i = dv.Length * Vector<float>.Count;
        }

        for (; i < delta.Length; i++)
        {
            float ai = a[i];
            delta[i] *= ai - (ai * ai);
        }
    }

    public override string ToString() => Name;
}
