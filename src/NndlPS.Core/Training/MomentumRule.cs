using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Chapter 3's momentum-based gradient descent, with L2 weight decay when λ &gt; 0: a velocity v per weight and bias,
/// <code>
///   v → μv − (η/m) Σₓ ∂Cₓ/∂w − (ηλ/n) w        w → w + v        (equations 107 and 108, plus the decay)
/// </code>
/// (μ &gt; 0: with μ = 0 the trainer uses <see cref="GradientDescentRule"/>.) The BP4 product writes α·δᵀa + μ·v into v in one pass; with λ, one pass before it
/// adds −(ηλ/(nμ))·w to v, so that μ·v then carries the decay. w + v is a last pass that the two arrays make
/// unavoidable. The velocities are allocated once, with the rule.
/// </summary>
internal sealed class MomentumRule : IUpdateRule
{
    private readonly float _momentum, _lambda;
    private readonly int _trainingCount;
    private readonly float[][] _weightVelocities, _biasVelocities;

    public MomentumRule(Network network, float learningRate, float momentum, float lambda, int trainingCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(momentum);
        LearningRate = learningRate;
        _momentum = momentum;
        _lambda = lambda;
        _trainingCount = trainingCount;
        // The fully connected layers' first, then the convolutional layers' (their index to Step is after the others').
        _weightVelocities = network.Layers.Select(layer => layer.Weights.Length).Concat(network.ConvolutionalLayers.Select(layer => layer.Weights.Length))
            .Select(length => new float[length]).ToArray();
        _biasVelocities = network.Layers.Select(layer => layer.Biases.Length).Concat(network.ConvolutionalLayers.Select(layer => layer.Biases.Length))
            .Select(length => new float[length]).ToArray();
    }

    public float LearningRate { get; set; }

    [MethodImpl(HotPath.Compile)]
    public void UpdateLayer(int index, Layer layer, float[] errors, float[] activationsBelow, ReadOnlySpan<float> biasGradient, int m, ParallelKernels kernels)
    {
        float step = -LearningRate / m;
        float[] v = _weightVelocities[index];
        float beta = _momentum;
        float decay = -LearningRate * _lambda / _trainingCount;
        if (decay != 0)
        {
            // v + (decay/μ)·w, so that the product's μ·v is μv − (ηλ/n)w.
            TensorPrimitives.MultiplyAdd(layer.Weights, decay / _momentum, v, v);
        }

        kernels.MultiplyTransposedBy(a: errors, b: activationsBelow, c: v,
            rows: layer.OutputSize, columns: layer.InputSize, inner: m, alpha: step, beta: beta);
        TensorPrimitives.Add(layer.Weights, v, layer.Weights);

        float[] vb = _biasVelocities[index];
        TensorPrimitives.Multiply(vb, _momentum, vb);
        ElementWise.MultiplyAdd(biasGradient, step, vb, vb);
        TensorPrimitives.Add(layer.Biases, vb, layer.Biases);
    }

    [MethodImpl(HotPath.Compile)]
    public void StepWeights(int index, float[] weights, ReadOnlySpan<float> weightGradient, int from, int to, int m)
    {
        Span<float> w = weights.AsSpan(from, to - from), v = _weightVelocities[index].AsSpan(from, to - from);
        TensorPrimitives.Multiply(v, _momentum, v);
        float decay = -LearningRate * _lambda / _trainingCount;
        if (decay != 0)
        {
            ElementWise.MultiplyAdd(w, decay, v, v);
        }

        ElementWise.MultiplyAdd(weightGradient[from..to], -LearningRate / m, v, v);
        TensorPrimitives.Add(w, v, w);
    }

    [MethodImpl(HotPath.Compile)]
    public void StepBiases(int index, float[] biases, ReadOnlySpan<float> biasGradient, int from, int to, int m)
    {
        Span<float> b = biases.AsSpan(from, to - from), vb = _biasVelocities[index].AsSpan(from, to - from);
        TensorPrimitives.Multiply(vb, _momentum, vb);
        ElementWise.MultiplyAdd(biasGradient[from..to], -LearningRate / m, vb, vb);
        TensorPrimitives.Add(b, vb, b);
    }
}
