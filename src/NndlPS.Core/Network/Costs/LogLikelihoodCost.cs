using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Chapter 3's log-likelihood cost for a softmax output layer, C = −ln a_y (equation 80), where y is the
/// sample's class. Its output error is δᴸ = a − y (equation 81), as cross-entropy's is for sigmoid outputs.
/// </summary>
public sealed class LogLikelihoodCost : ICost
{
    public static LogLikelihoodCost Instance { get; } = new();

    private LogLikelihoodCost()
    {
    }

    public string Name => "loglikelihood";

    public CostKind Kind => CostKind.LogLikelihood;

    [MethodImpl(HotPath.Compile)]
    public float Value(ReadOnlySpan<float> a, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            if (y[j] != 0)
            {
                sum -= y[j] * (a[j] > 0 ? Math.Log(a[j]) : -1e6);
            }
        }

        return (float)sum;
    }

    [MethodImpl(HotPath.Compile)]
    public void OutputError(ReadOnlySpan<float> z, ReadOnlySpan<float> a, ReadOnlySpan<float> y, IActivation outputActivation, Span<float> delta, int neurons) =>
        ElementWise.Subtract(a, y, delta);

    public string? Incompatibility(IActivation outputActivation) => outputActivation.Kind == ActivationKind.Softmax
        ? null
        : $"The log-likelihood cost needs a softmax output layer (its output error a − y holds only for softmax); the output layer is {outputActivation.Name}. Use -OutputActivation Softmax.";

    public override string ToString() => Name;
}
