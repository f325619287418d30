using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// The book's gradient-descent step, with chapter 3's L2 regularisation (weight decay) when λ &gt; 0:
/// <code>
///   w → (1 − ηλ/n) w − (η/m) Σₓ ∂Cₓ/∂w        (equation 93; equation 20 when λ = 0)
///   b → b − (η/m) Σₓ ∂Cₓ/∂b                   (equation 94 = equation 21: biases are not regularised)
/// </code>
/// n is the size of the training set, m of the mini-batch. The decay and the step are one pass over w: the BP4
/// product writes α·δᵀa + β·w into w with α = −η/m and β = 1 − ηλ/n.
/// </summary>
internal sealed class GradientDescentRule(float learningRate, float lambda, int trainingCount) : IUpdateRule
{
    public float LearningRate { get; set; } = learningRate;

    [MethodImpl(HotPath.Compile)]
    public void UpdateLayer(int index, Layer layer, float[] errors, float[] activationsBelow, ReadOnlySpan<float> biasGradient, int m, ParallelKernels kernels)
    {
        float step = -LearningRate / m;
        float decay = lambda == 0 ? 1f : 1f - (LearningRate * lambda / trainingCount);
        kernels.MultiplyTransposedBy(a: errors, b: activationsBelow, c: layer.Weights,
            rows: layer.OutputSize, columns: layer.InputSize, inner: m, alpha: step, beta: decay);
        ElementWise.MultiplyAdd(biasGradient, step, layer.Biases, layer.Biases);
    }

    [MethodImpl(HotPath.Compile)]
    public void StepWeights(int index, float[] weights, ReadOnlySpan<float> weightGradient, int from, int to, int m)
    {
        Span<float> w = weights.AsSpan(from, to - from);
        if (lambda != 0)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(w, 1f - (LearningRate * lambda / trainingCount), w);
        }

        ElementWise.MultiplyAdd(weightGradient[from..to], -LearningRate / m, w, w);
    }

    [MethodImpl(HotPath.Compile)]
    public void StepBiases(int index, float[] biases, ReadOnlySpan<float> biasGradient, int from, int to, int m)
    {
        Span<float> b = biases.AsSpan(from, to - from);
        ElementWise.MultiplyAdd(biasGradient[from..to], -LearningRate / m, b, b);
    }
}
