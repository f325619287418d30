using System.Runtime.CompilerServices;
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
/// Index map to network.py's <c>backprop</c>: its <c>activations[0]</c> (the input x) is <c>_activations[0]</c>, its
/// <c>zs[l]</c> and <c>activations[l + 1]</c> are <c>_weightedInputs[l]</c> and <c>_activations[l + 1]</c> for layer l
/// (0 = the first layer after the input), and its <c>delta</c> for that layer is <c>_errors[l]</c>; its
/// <c>nabla_b[l]</c> is <c>_nablaB[l]</c>. network.py counts layers from the end (<c>-l</c>); here l counts from the input.
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
    private readonly ConvPoolPass? _convolutional; // chapter 6's layers before the fully connected ones
    private readonly float[] _inputs;             // the images: _activations[0], or the convolutional layers' input
    private readonly DropoutMasks? _dropout;
    private readonly float[][] _layerInputs;      // what layer l takes: aˡ⁻¹, or aˡ⁻¹ masked when it has dropout
    private StoreGradientRule? _storeGradient;
    private (float[] Weights, float[] Biases)[]? _convolutionalGradients; // only for ComputeGradient

    /// <summary>Buffers for mini-batches of up to <paramref name="capacity"/> samples through <paramref name="network"/>, products on <paramref name="threads"/> threads.</summary>
    /// <param name="network">The network, trained in place.</param>
    /// <param name="capacity">The most samples a batch may have.</param>
    /// <param name="threads">Threads for the products.</param>
    /// <param name="dropoutSeed">Seeds the dropout masks, for a network with dropout (see <see cref="DropoutMasks"/>).</param>
    public Backpropagation(Network network, int capacity, int threads = 1, int dropoutSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        TrainingBuffers.RequireFit(network, capacity); // before any buffer: capacity × size can exceed an int
        _network = network;
        _kernels = new ParallelKernels(threads);
        Capacity = capacity;
        IReadOnlyList<Layer> layers = network.Layers;
        _activations = new float[layers.Count + 1][];
        _convolutional = network.IsConvolutional ? new ConvPoolPass(network, capacity, forTraining: true) : null;
        _activations[0] = _convolutional?.Output ?? new float[capacity * network.InputSize];
        _inputs = _convolutional?.Images ?? _activations[0];
        _dropout = layers.Any(layer => layer.Dropout > 0) ? new DropoutMasks(network, capacity, dropoutSeed) : null;
        _layerInputs = new float[layers.Count][];
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
            _layerInputs[l] = _dropout?.Drops(l) == true ? new float[capacity * layers[l].InputSize] : _activations[l];
        }

        _desiredOutputs = new float[capacity * network.OutputSize];
    }

    public int Capacity { get; }

    /// <summary>The products' kernels and helper threads, which a trainer's <see cref="Evaluator"/> shares between epochs.</summary>
    public ParallelKernels Kernels => _kernels;

    /// <summary>The convolutional layers' pass, if any (tests force its split: <see cref="ConvPoolPass.ForceSplit"/>).</summary>
    internal ConvPoolPass? Convolutional => _convolutional;

    /// <summary>Where the caller puts the mini-batch's inputs, one sample per row.</summary>
    public Span<float> Inputs(int m) => _inputs.AsSpan(0, m * _network.InputSize);

    /// <summary>Where the caller puts the desired outputs y, one sample per row.</summary>
    public Span<float> DesiredOutputs(int m) => _desiredOutputs.AsSpan(0, m * _network.OutputSize);

    /// <summary>The output layer's activations after <see cref="FeedForward(int)"/>.</summary>
    public ReadOnlySpan<float> Outputs(int m) => _activations[^1].AsSpan(0, m * _network.OutputSize);

    public ReadOnlySpan<float> WeightGradient(int layer) =>
        _nablaW[layer] ?? throw new InvalidOperationException("Call ComputeGradient first.");

    public ReadOnlySpan<float> BiasGradient(int layer) => _nablaB[layer];

    /// <summary>
    /// ∂C/∂w and ∂C/∂b of convolutional layer <paramref name="layer"/> after <see cref="ComputeGradient"/>: the same
    /// arrays each time (made once, filled by the threads' parts), overwritten by the next ComputeGradient.
    /// </summary>
    public (float[] Weights, float[] Biases) ConvolutionalGradient(int layer) =>
        _convolutionalGradients?[layer] ?? throw new InvalidOperationException("Call ComputeGradient first.");

    /// <summary>Puts y = the one-hot vector of each label into <see cref="DesiredOutputs"/>.</summary>
    [MethodImpl(HotPath.Compile)]
    public void SetOneHotTargets(ReadOnlySpan<byte> labels)
    {
        int outputs = _network.OutputSize;
        Span<float> y = DesiredOutputs(labels.Length);
        y.Clear();
        for (int s = 0; s < labels.Length; s++)
        {
            int target = ShapeCheck.OneHotTarget(labels[s], outputs, out float value);
            y[(s * outputs) + target] = value;
        }
    }

    /// <summary>Feeds the m inputs in <see cref="Inputs"/> forward, keeping every Z and A for backpropagation.</summary>
    [MethodImpl(HotPath.Compile)]
    public void FeedForward(int m) => FeedForward(m, withDropout: false);

    /// <summary>The same, with each layer's inputs masked by a fresh dropout mask when <paramref name="withDropout"/> (training).</summary>
    [MethodImpl(HotPath.Compile)]
    private void FeedForward(int m, bool withDropout)
    {
        _convolutional?.Forward(_network, m, _kernels);
        IReadOnlyList<Layer> layers = _network.Layers;
        for (int l = 0; l < layers.Count; l++)
        {
            float[] inputs = _activations[l];
            if (withDropout && _dropout!.Drops(l))
            {
                _dropout.Apply(l, _activations[l], _layerInputs[l], m * layers[l].InputSize);
                inputs = _layerInputs[l];
            }

            // Each layer's Z is kept: BP1 and BP2 need σ′(zˡ).
            ForwardPass.FeedLayer(_kernels, layers[l], inputs, _weightedInputs[l], _activations[l + 1], m);
        }
    }

    /// <summary>
    /// network.py's <c>backprop</c> for the whole batch: feeds forward, then propagates the output error back
    /// and leaves ∂C/∂w and ∂C/∂b, summed over the m samples, in <see cref="WeightGradient"/> and <see cref="BiasGradient"/>.
    /// </summary>
    public void ComputeGradient(int m) => Backprop(m, _storeGradient ??= new StoreGradientRule(this));

    /// <summary>
    /// Feeds the m samples in <see cref="Inputs"/> forward, propagates the error back, and lets
    /// <paramref name="rule"/> change each layer as soon as its error is known — the whole of network.py's
    /// <c>update_mini_batch</c> after the batch is chosen. It is the same arithmetic as <see cref="ComputeGradient"/>
    /// followed by the step, but each layer's step is folded into its BP4 product, so the gradient is never written
    /// out and read back. That is safe because BP2 carries the error down through wˡ before wˡ changes.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    internal void Backprop(int m, IUpdateRule rule) => Backprop(m, rule, withDropout: false);

    /// <summary>The same, for training: with dropout, when the network's layers have it.</summary>
    [MethodImpl(HotPath.Compile)]
    internal void Backprop(int m, IUpdateRule rule, bool withDropout)
    {
        withDropout &= _dropout is not null;
        FeedForward(m, withDropout);
        IReadOnlyList<Layer> layers = _network.Layers;
        int last = layers.Count - 1;
        int outputs = layers[last].OutputSize;

        // BP1: the output error, δᴸ = ∇ₐC ⊙ σ′(zᴸ), as the cost defines it.
        _network.Cost.OutputError(
            _weightedInputs[last].AsSpan(0, m * outputs),
            _activations[last + 1].AsSpan(0, m * outputs),
            DesiredOutputs(m),
            layers[last].Activation,
            _errors[last].AsSpan(0, m * outputs),
            outputs);

        for (int l = last; l >= 0; l--)
        {
            Layer layer = layers[l];
            ReadOnlySpan<float> delta = _errors[l].AsSpan(0, m * layer.OutputSize);

            if (l > 0 || _convolutional is not null)
            {
                // BP2: δˡ⁻¹ = (δˡ · wˡ) ⊙ σ′(zˡ⁻¹), through the weights the forward pass used (and the dropout mask it
                // used: a dropped input had no part). Below the first layer, the convolutional layers take ∂C/∂a and
                // apply their own σ′.
                float[] belowErrors = l > 0 ? _errors[l - 1] : _convolutional!.OutputErrors;
                _kernels.Multiply(a: _errors[l], b: layer.Weights, c: belowErrors,
                    rows: m, columns: layer.InputSize, inner: layer.OutputSize);
                if (withDropout && _dropout!.Drops(l))
                {
                    _dropout.MultiplyByMask(l, belowErrors, m * layer.InputSize);
                }

                if (l > 0)
                {
                    Layer below = layers[l - 1];
                    below.Activation.MultiplyByDerivative(
                        _weightedInputs[l - 1].AsSpan(0, m * below.OutputSize),
                        _activations[l].AsSpan(0, m * below.OutputSize),
                        _errors[l - 1].AsSpan(0, m * below.OutputSize),
                        below.OutputSize);
                }
            }

            // BP3: ∂C/∂bˡ = Σₛ δˡ[s].
            Span<float> nablaB = _nablaB[l];
            MatrixKernels.SumRows(delta, rows: m, columns: layer.OutputSize, nablaB);

            // BP4, ∂C/∂wˡ = (δˡ)ᵀ · aˡ⁻¹ (the inputs the layer took), inside the rule's step.
            rule.UpdateLayer(l, layer, _errors[l], withDropout ? _layerInputs[l] : _activations[l], nablaB, m, _kernels);
        }

        // Chapter 6: on down through the convolutional layers, each stepped as soon as its error is known.
        _convolutional?.Backward(_network, m, rule, firstIndex: layers.Count, _kernels);
    }

    /// <summary>network.py's <c>backprop</c> result: writes ∂C/∂w out instead of stepping, for gradient checks.</summary>
    private sealed class StoreGradientRule : IUpdateRule
    {
        private readonly Backpropagation owner;

        public StoreGradientRule(Backpropagation owner)
        {
            this.owner = owner;
            // Made whole before the first step: the convolutional layers' parts are kept on several threads at once.
            owner._convolutionalGradients = owner._network.ConvolutionalLayers.Select(layer => (new float[layer.Weights.Length], new float[layer.Biases.Length])).ToArray();
        }

        public float LearningRate { get; set; }

        public void UpdateLayer(int index, Layer layer, float[] errors, float[] activationsBelow, ReadOnlySpan<float> biasGradient, int m, ParallelKernels kernels)
        {
            float[] nablaW = owner._nablaW[index] ??= new float[layer.Weights.Length];
            kernels.MultiplyTransposedBy(a: errors, b: activationsBelow, c: nablaW,
                rows: layer.OutputSize, columns: layer.InputSize, inner: m, alpha: 1f, beta: 0f);
        }

        /// <summary>A convolutional layer's gradient, or part of it, kept (index after the fully connected layers').</summary>
        public void StepWeights(int index, float[] weights, ReadOnlySpan<float> weightGradient, int from, int to, int m) =>
            weightGradient[from..to].CopyTo(owner._convolutionalGradients![index - owner._network.Layers.Count].Weights.AsSpan(from));

        public void StepBiases(int index, float[] biases, ReadOnlySpan<float> biasGradient, int from, int to, int m) =>
            biasGradient[from..to].CopyTo(owner._convolutionalGradients![index - owner._network.Layers.Count].Biases.AsSpan(from));
    }

    public void Dispose() => _kernels.Dispose();
}
