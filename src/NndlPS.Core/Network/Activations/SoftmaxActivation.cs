using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Chapter 3's softmax layer: aⱼ = e^(zⱼ) / Σₖ e^(zₖ) over each sample's row, so the outputs are a probability
/// distribution. Its Jacobian is ∂aⱼ/∂zₖ = aⱼ(δⱼₖ − aₖ), so (∂a/∂z)ᵀ g = a ⊙ (g − a·g) row by row. With the
/// log-likelihood cost the output error simplifies to a − y and this product is never needed.
/// </summary>
public sealed class SoftmaxActivation : IActivation
{
    public static SoftmaxActivation Instance { get; } = new();

    private SoftmaxActivation()
    {
    }

    public string Name => "softmax";

    public ActivationKind Kind => ActivationKind.Softmax;

    [MethodImpl(HotPath.Compile)]
    public void Activate(ReadOnlySpan<float> z, Span<float> a, int neurons)
    {
        for (int row = 0; row < z.Length; row += neurons)
        {
            ReadOnlySpan<float> zr = z.Slice(row, neurons);
            Span<float> ar = a.Slice(row, neurons);

            // Subtracting the row's maximum changes nothing mathematically and keeps e^z from overflowing.
            TensorPrimitives.Subtract(zr, TensorPrimitives.Max(zr), ar);
            Transcendentals.Exp(ar, ar);
            TensorPrimitives.Divide(ar, FixedLanes.Sum(ar), ar);
        }
    }

    [MethodImpl(HotPath.Compile)]
    public void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int neurons)
    {
        for (int row = 0; row < delta.Length; row += neurons)
        {
            ReadOnlySpan<float> ar = a.Slice(row, neurons);
            Span<float> dr = delta.Slice(row, neurons);
            float dot = FixedLanes.Dot(ar, dr);
            TensorPrimitives.Subtract(dr, dot, dr);
            TensorPrimitives.Multiply(dr, ar, dr);
        }
    }

    public override string ToString() => Name;
}
