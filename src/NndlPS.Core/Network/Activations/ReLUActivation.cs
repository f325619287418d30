using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>Chapter 3's rectified linear unit: σ(z) = max(0, z), with σ′(z) = 1 for z &gt; 0, else 0.</summary>
public sealed class ReLUActivation : IActivation
{
    public static ReLUActivation Instance { get; } = new();

    private ReLUActivation()
    {
    }

    public string Name => "relu";

    public ActivationKind Kind => ActivationKind.ReLU;

    [MethodImpl(HotPath.Compile)]
    public void Activate(ReadOnlySpan<float> z, Span<float> a, int neurons) => TensorPrimitives.Max(z, 0f, a);

    [MethodImpl(HotPath.Compile)]
    public void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int neurons)
    {
        for (int i = 0; i < delta.Length; i++)
        {
            if (!(z[i] > 0))
            {
                delta[i] = 0;
            }
        }
    }

    public override string ToString() => Name;
}
