namespace NndlPS.Core;

/// <summary>
/// One layer's gradient check: backpropagation's ∂C/∂θ against the central difference (C(θ + ε) − C(θ − ε)) / 2ε
/// for a sample of its weights and biases, and the largest relative error among them.
/// </summary>
public sealed class GradientCheckResult
{
    internal GradientCheckResult(int layer, int weightsChecked, int biasesChecked, double maxRelativeError, string worstParameter,
        double backprop, double numerical, double tolerance)
    {
        Layer = layer;
        WeightsChecked = weightsChecked;
        BiasesChecked = biasesChecked;
        MaxRelativeError = maxRelativeError;
        WorstParameter = worstParameter;
        Backpropagation = backprop;
        Numerical = numerical;
        Tolerance = tolerance;
    }

    /// <summary>1 for the first layer of neurons (the book's layer 2).</summary>
    public int Layer { get; }

    public int WeightsChecked { get; }

    public int BiasesChecked { get; }

    /// <summary>
    /// The largest |backprop − numerical| / max(|backprop|, |numerical|, floor) over the checked parameters, where the
    /// floor is the larger of 10⁻⁶ · the layer's largest numerical value (below it float32's rounding is all there
    /// is) and 10⁴ · |C| · 2⁻⁵³ / ε (ten thousand times the rounding of the double-precision difference quotient).
    /// </summary>
    public double MaxRelativeError { get; }

    /// <summary>The parameter with the largest error: w[j,k] (weight k of neuron j) or b[j].</summary>
    public string WorstParameter { get; }

    /// <summary>Backpropagation's value of ∂C/∂θ for <see cref="WorstParameter"/>.</summary>
    public double Backpropagation { get; }

    /// <summary>The central difference for <see cref="WorstParameter"/>.</summary>
    public double Numerical { get; }

    public double Tolerance { get; }

    /// <summary>Whether the largest relative error is below <see cref="Tolerance"/>.</summary>
    public bool Passed => MaxRelativeError < Tolerance;

    public override string ToString() =>
        $"layer {Layer}: {WeightsChecked} weights and {BiasesChecked} biases, largest relative error {MaxRelativeError:G3} at {WorstParameter} ({(Passed ? "passed" : "FAILED")})";
}
