namespace NndlPS.Core;

/// <summary>
/// A neuron's activation function σ and its derivative σ′, side by side. Implementations are stateless
/// (safe to share between networks and threads) and work on whole mini-batches so they vectorize: z, a and δ hold
/// one row of <c>neurons</c> values per sample. Most act element by element; softmax acts on each row as a whole.
/// </summary>
public interface IActivation
{
    /// <summary>Short name used in views and saved files, e.g. "sigmoid".</summary>
    string Name { get; }

    ActivationKind Kind { get; }

    /// <summary>Whether gradient descent can train this neuron: false for the perceptron's step, whose σ′ is 0 wherever it exists.</summary>
    bool CanTrain => true;

    /// <summary>a = σ(z) for every row.</summary>
    void Activate(ReadOnlySpan<float> z, Span<float> a, int neurons);

    /// <summary>
    /// δ ← (∂a/∂z)ᵀ δ for every row: δ ⊙ σ′(z) for element-wise neurons. <paramref name="a"/> = σ(z) is passed too,
    /// since σ′ is usually cheaper from it.
    /// </summary>
    void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int neurons);
}
