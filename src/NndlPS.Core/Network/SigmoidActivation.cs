using System.Numerics.Tensors;

namespace NndlPS.Core;

/// <summary>The sigmoid neuron of chapter 1: σ(z) = 1 / (1 + e^(−z)), with σ′(z) = σ(z)(1 − σ(z)).</summary>
public sealed class SigmoidActivation : IActivation
{
    public static SigmoidActivation Instance { get; } = new();

    private SigmoidActivation()
    {
    }

    public string Name => "sigmoid";

    public void Activate(ReadOnlySpan<float> z, Span<float> a) => TensorPrimitives.Sigmoid(z, a);

    public void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta)
    {
        // δ ⊙ a(1 − a) = δ⊙a − δ⊙a⊙a, computed in place without a scratch buffer.
        for (int i = 0; i < delta.Length; i++)
        {
            float ai = a[i];
            delta[i] *= ai - (ai * ai);
        }
    }

    public override string ToString() => Name;
}
