using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// The quadratic cost of chapter 1, C = ½‖a − y‖² per sample (equation 6 averages it over the samples).
/// Its output error is δᴸ = (a − y) ⊙ σ′(zᴸ) (equation BP1).
/// </summary>
public sealed class QuadraticCost : ICost
{
    public static QuadraticCost Instance { get; } = new();

    private QuadraticCost()
    {
    }

    public string Name => "quadratic";

    public CostKind Kind => CostKind.Quadratic;

    [MethodImpl(HotPath.Compile)]
    public float Value(ReadOnlySpan<float> a, ReadOnlySpan<float> y)
    {
        // One sum in index order: the same bits on every CPU (see FixedLanes), and ten outputs need no vectors.
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double difference = a[j] - y[j];
            sum += difference * difference;
        }

        return (float)(0.5 * sum);
    }

    [MethodImpl(HotPath.Compile)]
    public void OutputError(ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> y, IActivation outputActivation, Span<float> delta, int neurons)
    {
        ElementWise.Subtract(a, y, delta);
        outputActivation.MultiplyByDerivative(z, a, delta, neurons);
    }

    public override string ToString() => Name;
}
