using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>Chapter 3's tanh neuron: σ(z) = tanh(z) = 2·sigmoid(2z) − 1, with σ′(z) = 1 − σ(z)².</summary>
public sealed class TanhActivation : IActivation
{
    public static TanhActivation Instance { get; } = new();

    private TanhActivation()
    {
    }

    public string Name => "tanh";

    public ActivationKind Kind => ActivationKind.Tanh;

    [MethodImpl(HotPath.Compile)]
    public void Activate(ReadOnlySpan<float> z, Span<float> a, int neurons) => Transcendentals.Tanh(z, a);

    [MethodImpl(HotPath.Compile)]
    public void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int neurons)
    {
        for (int i = 0; i < delta.Length; i++)
        {
            delta[i] *= 1f - (a[i] * a[i]);
        }
    }

    public override string ToString() => Name;
}
