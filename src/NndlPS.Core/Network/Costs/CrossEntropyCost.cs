using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Chapter 3's cross-entropy cost, C = −Σⱼ [yⱼ ln aⱼ + (1 − yⱼ) ln(1 − aⱼ)] per sample (equation 63). With sigmoid
/// outputs its output error is δᴸ = a − y (equation 66): σ′ cancels, so a saturated neuron still learns fast.
/// </summary>
public sealed class CrossEntropyCost : ICost
{
    public static CrossEntropyCost Instance { get; } = new();

    private CrossEntropyCost()
    {
    }

    public string Name => "crossentropy";

    public CostKind Kind => CostKind.CrossEntropy;

    [MethodImpl(HotPath.Compile)]
    public float Value(ReadOnlySpan<float> a, ReadOnlySpan<float> y)
    {
        // network2.py's np.nan_to_num: 0·ln 0 counts as 0, and ln 0 as a large finite number.
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            sum -= (y[j] * SafeLog(a[j])) + ((1 - y[j]) * SafeLog(1 - a[j]));
        }

        return (float)sum;
    }

    [MethodImpl(HotPath.Compile)]
    public void OutputError(ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> y, IActivation outputActivation, Span<float> delta, int neurons) =>
        ElementWise.Subtract(a, y, delta);

    public string? Incompatibility(IActivation outputActivation) => outputActivation.Kind == ActivationKind.Sigmoid
        ? null
        : $"The cross-entropy cost needs sigmoid output neurons (its output error a − y holds only for them); the output layer is {outputActivation.Name}. Use -OutputActivation Sigmoid, or -Cost LogLikelihood with a softmax output.";

    private static double SafeLog(double x) => x > 0 ? Math.Log(x) : -1e6;

    public override string ToString() => Name;
}
