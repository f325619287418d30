using System.Numerics.Tensors;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Feed-forward and backpropagation for a whole mini-batch at once, in matrix form. Row s of every buffer
/// belongs to sample s, so for layer l (book notation, weights wˡ of shape y×x):
/// <code>
///   Zˡ = Aˡ⁻¹ · (wˡ)ᵀ + bˡ          Aˡ = σ(Zˡ)                          (equation 25, one row per sample)
///   Δᴸ = ∇ₐC ⊙ σ′(Zᴸ)                                                   (BP1)
///   Δˡ = (Δˡ⁺¹ · wˡ⁺¹) ⊙ σ′(Zˡ)                                         (BP2)
///   ∂C/∂bˡ = Σₛ Δˡ[s]               ∂C/∂wˡ = (Δˡ)ᵀ · Aˡ⁻¹               (BP3, BP4 summed over the batch)
/// </code>
/// All buffers are allocated once, for <see cref="Capacity"/> samples, so a training loop allocates nothing
/// per mini-batch. One instance serves one caller; large products are shared out to its own helper threads.
/// </summary>
internal sealed class Backpropagation : IDisposable
{
    private readonly ParallelKernels _kernels;
    private readonly Network _network;
    private readonly float[][] _activations;    // [0] = the inputs, [l + 1] = Aˡ⁺¹ (Capacity × size)
    private readonly float[][] _weightedInputs; // Z for each layer
    private readonly float[][] _errors;         // Δ for each layer
    private readonly float[]?[] _nablaW;        // only for ComputeGradient: the fused Step never writes ∂C/∂w out
    private readonly float[][] _nablaB;
    private readonly float[] _desiredOutputs;   // Y, one row per sample

    public Backpropagation(Network network, int capacity, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        TrainingBuffers.RequireFit(network, capacity); // before any buffer: capacity × size can exceed an int
        _network = network;
        _kernels = new ParallelKernels(threads);
        Capacity = capacity;
        IReadOnlyList<Layer> layers = network.Layers;
        _activations = new float[layers.Count + 1][];
        _activations[0] = new float[capacity * network.InputSize];
        _weightedInputs = new float[layers.Count][];
        _errors = new float[layers.Count][];
        _nablaW = new float[]?[layers.Count];
        _nablaB = new float[layers.Count][];
        for (int l = 0; l < layers.Count; l++)
        {
            _activations[l + 1] = new float[capacity * layers[l].OutputSize];
            _weightedInputs[l] = new float[capacity * layers[l].OutputSize];
            _errors[l] = new float[capacity * layers[l].OutputSize];
            _nablaB[l] = new float[layers[l].Biases.Length];
        }

        _desiredOutputs = new float[capacity * network.OutputSize];
    }

    public int Capacity { get; }

    /// <summary>Where the caller puts the mini-batch's inputs, one sample per row.</summary>
    public Span<float> Inputs(int m) => _activations[0].AsSpan(0, m * _network.InputSize);

    /// <summary>Where the caller puts the desired outputs y, one sample per row.</summary>
    public Span<float> DesiredOutputs(int m) => _desiredOutputs.AsSpan(0, m * _network.OutputSize);

    /// <summary>The output layer's activations after <see cref="FeedForward(int)"/>.</summary>
    public ReadOnlySpan<float> Outputs(int m) => _activations[^1].AsSpan(0, m * _network.OutputSize);

    public ReadOnlySpan<float> WeightGradient(int layer) =>
        _nablaW[layer] ?? throw new InvalidOperationException("Call ComputeGradient first.");

    public ReadOnlySpan<float> BiasGradient(int layer) => _nablaB[layer];

    /// <summary>Puts y = the one-hot vector of each label into <see cref="DesiredOutputs"/>.</summary>
    public void SetOneHotTargets(ReadOnlySpan<byte> labels)
    {
        int outputs = _network.OutputSize;
        Span<float> y = DesiredOutputs(labels.Length);
        y.Clear();
        for (int s = 0; s < labels.Length; s++)
        {
            y[(s * outputs) + labels[s]] = 1f;
        }
    }

    /// <summary>Feeds the m inputs in <see cref="Inputs"/> forward, keeping every Z and A for backpropagation.</summary>
    // Hot from the first mini-batch: compile optimized at once instead of tiering up mid-epoch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void FeedForward(int m)
    {
        IReadOnlyList<Layer> layers = _network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            Layer layer = layers[l];
            _kernels.MultiplyByTransposed(_activations[l], layer.Weights, _weightedInputs[l], m, layer.OutputSize, layer.InputSize, layer.Biases);
            layer.Activation.Activate(_weightedInputs[l].AsSpan(0, m * layer.OutputSize), _activations[l + 1].AsSpan(0, m * layer.OutputSize));
        }
    }

    /// <summary>
    /// network.py's <c>backprop</c> for the whole batch: feeds forward, then propagates the output error back
    /// and leaves ∂C/∂w and ∂C/∂b, summed over the m samples, in <see cref="WeightGradient"/> and <see cref="BiasGradient"/>.
    /// </summary>
    public void ComputeGradient(int m) => Sweep(m, learningRate: null);

    /// <summary>
    /// network.py's <c>update_mini_batch</c>: the gradient-descent step w → w − (η/m) Σ∂C/∂w, b → b − (η/m) Σ∂C/∂b
    /// (equations 20 and 21) for the m samples in <see cref="Inputs"/>. It is the same arithmetic as
    /// <see cref="ComputeGradient"/> followed by <see cref="ApplyGradient"/>, but each layer's step is folded into
    /// its gradient product, so the gradient is never written out and read back. That is safe because BP2 uses
    /// wˡ to carry the error down before wˡ changes.
    /// </summary>
    public void Step(int m, float learningRate) => Sweep(m, learningRate);

    // Hot from the first mini-batch: compile optimized at once instead of tiering up mid-epoch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private void Sweep(int m, float? learningRate)
    {
        FeedForward(m);
        IReadOnlyList<Layer> layers = _network.Layers;
        int last = layers.Count - 1;
        int outputs = layers[last].OutputSize;
        _network.Cost.OutputError(
            _weightedInputs[last].AsSpan(0, m * outputs),
            _activations[last + 1].AsSpan(0, m * outputs),
            DesiredOutputs(m),
            layers[last].Activation,
            _errors[last].AsSpan(0, m * outputs));

        for (int l = last; l >= 0; l--)
        {
            Layer layer = layers[l];
            ReadOnlySpan<float> delta = _errors[l].AsSpan(0, m * layer.OutputSize);

            if (l > 0)
            {
                // BP2: the error one layer down, through the weights the forward pass used.
                Layer below = layers[l - 1];
                Span<float> deltaBelow = _errors[l - 1].AsSpan(0, m * below.OutputSize);
                _kernels.Multiply(_errors[l], layer.Weights, _errors[l - 1], m, layer.OutputSize, layer.InputSize);
                below.Activation.MultiplyByDerivative(
                    _weightedInputs[l - 1].AsSpan(0, m * below.OutputSize),
                    _activations[l].AsSpan(0, m * below.OutputSize),
                    deltaBelow);
            }

            // BP3 and BP4, summed over the samples: ∂C/∂b = Σₛ δ, ∂C/∂w = δᵀ·a.
            Span<float> nablaB = _nablaB[l];
            delta.Slice(0, layer.OutputSize).CopyTo(nablaB);
            for (int s = 1; s < m; s++)
            {
                TensorPrimitives.Add(nablaB, delta.Slice(s * layer.OutputSize, layer.OutputSize), nablaB);
            }

            if (learningRate is float eta)
            {
                float step = -eta / m;
                _kernels.TransposedMultiply(_errors[l], _activations[l], layer.Weights, m, layer.OutputSize, layer.InputSize, alpha: step, accumulate: true);
                TensorPrimitives.MultiplyAdd(nablaB, step, layer.Biases, layer.Biases);
            }
            else
            {
                _nablaW[l] ??= new float[layer.Weights.Length];
                _kernels.TransposedMultiply(_errors[l], _activations[l], _nablaW[l]!, m, layer.OutputSize, layer.InputSize, alpha: 1f, accumulate: false);
            }
        }
    }

    /// <summary>The gradient-descent step w → w − (η/m) ∂C/∂w, b → b − (η/m) ∂C/∂b (equations 20 and 21).</summary>
    public void ApplyGradient(int m, float learningRate)
    {
        float step = -learningRate / m;
        IReadOnlyList<Layer> layers = _network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            TensorPrimitives.MultiplyAdd(WeightGradient(l), step, layers[l].Weights, layers[l].Weights);
            TensorPrimitives.MultiplyAdd(_nablaB[l], step, layers[l].Biases, layers[l].Biases);
        }
    }

    public void Dispose() => _kernels.Dispose();
}
