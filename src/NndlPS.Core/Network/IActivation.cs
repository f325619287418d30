namespace NndlPS.Core;

/// <summary>
/// A neuron's activation function σ and its derivative σ′, side by side. Implementations are stateless
/// (safe to share between networks and threads) and work on whole spans so they vectorize.
/// </summary>
public interface IActivation
{
    /// <summary>Short name used in views and saved files, e.g. "sigmoid".</summary>
    string Name { get; }

    /// <summary>a = σ(z), element-wise.</summary>
    void Activate(ReadOnlySpan<float> z, Span<float> a);

    /// <summary>δ ← δ ⊙ σ′(z), element-wise. <paramref name="a"/> = σ(z) is passed too, since σ′ is cheaper from it.</summary>
    void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta);
}
