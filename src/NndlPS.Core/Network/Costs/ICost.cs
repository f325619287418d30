namespace NndlPS.Core;

/// <summary>
/// A cost function C(a, y) and the error it puts on the output layer, δᴸ = ∂C/∂zᴸ, side by side
/// (as network2.py pairs <c>fn</c> and <c>delta</c>). Implementations are stateless.
/// </summary>
public interface ICost
{
    /// <summary>Short name used in views and saved files, e.g. "quadratic".</summary>
    string Name { get; }

    CostKind Kind { get; }

    /// <summary>The cost of one sample's output <paramref name="a"/> against the desired output <paramref name="y"/>.</summary>
    float Value(ReadOnlySpan<float> a, ReadOnlySpan<float> y);

    /// <summary>δᴸ for every row of <paramref name="neurons"/> values (BP1): the output error backpropagation starts from.</summary>
    void OutputError(ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> y, IActivation outputActivation, Span<float> delta, int neurons);

    /// <summary>Why this cost cannot be paired with <paramref name="outputActivation"/>, or null when it can.</summary>
    string? Incompatibility(IActivation outputActivation) => null;
}
