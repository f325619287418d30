namespace NndlPS.Core;

/// <summary>
/// A cost function C(a, y) and the error it puts on the output layer, δᴸ = ∂C/∂zᴸ, side by side
/// (as network2.py pairs <c>fn</c> and <c>delta</c>). Implementations are stateless.
/// </summary>
public interface ICost
{
    /// <summary>Short name used in views and saved files, e.g. "quadratic".</summary>
    string Name { get; }

    /// <summary>The cost of one sample's output <paramref name="a"/> against the desired output <paramref name="y"/>.</summary>
    float Value(ReadOnlySpan<float> a, ReadOnlySpan<float> y);

    /// <summary>δᴸ for one or many samples (spans of equal length): the output error that backpropagation starts from.</summary>
    void OutputError(ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> y, IActivation outputActivation, Span<float> delta);
}
