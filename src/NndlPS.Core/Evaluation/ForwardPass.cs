using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// The buffers network.py's <c>feedforward</c> needs for up to <see cref="Capacity"/> inputs at once, one sample per row
/// (equation 25: Zˡ = Aˡ⁻¹ · (wˡ)ᵀ + bˡ, Aˡ = σ(Zˡ)), and nothing backpropagation adds (errors, gradients, desired
/// outputs): what evaluation and prediction use. Z is needed only until its layer's activations are computed, so one
/// Z buffer, as wide as the widest layer, serves every layer. Sized by the network's sizes, so it serves any network
/// of the same sizes (<see cref="Fits"/>).
/// </summary>
internal sealed class ForwardPass
{
    private readonly int[] _sizes;
    private readonly ImageShape? _inputShape;
    private readonly (ImageShape Input, int Filters, int FilterSize, int PoolSize)[] _convolutionalShapes;
    private readonly ConvPoolPass? _convolutional; // chapter 6's layers, before the fully connected ones
    private readonly float[] _inputs;        // the inputs (Capacity × input size)
    private readonly float[] _featureInputs; // A⁰ of the fully connected layers: the inputs, or the convolutional layers' output
    private readonly float[] _weightedInput; // Zˡ of the layer being computed (Capacity × widest layer)
    private readonly float[][] _activations; // [l] = Aˡ⁺¹ (Capacity × size)

    public ForwardPass(Network network, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        TrainingBuffers.RequireFit(network, capacity); // a bound on backpropagation's buffers bounds these, which are fewer
        _sizes = network.Sizes.ToArray();
        _inputShape = network.InputShape;
        _convolutionalShapes = network.ConvolutionalLayers.Select(layer => (layer.InputShape, layer.Filters, layer.FilterSize, layer.PoolSize)).ToArray();
        Capacity = capacity;
        _convolutional = network.IsConvolutional ? new ConvPoolPass(network, capacity, forTraining: false) : null;
        _inputs = _convolutional?.Images ?? new float[capacity * network.InputSize];
        _featureInputs = _convolutional?.Output ?? _inputs;
        _weightedInput = new float[capacity * network.Layers.Max(layer => layer.OutputSize)];
        _activations = network.Layers.Select(layer => new float[capacity * layer.OutputSize]).ToArray();
    }

    public int Capacity { get; }

    /// <summary>The convolutional layers' pass, if any (tests force its split: <see cref="ConvPoolPass.ForceSplit"/>).</summary>
    internal ConvPoolPass? Convolutional => _convolutional;

    /// <summary>Whether <paramref name="network"/> has the sizes these buffers were made for.</summary>
    public bool Fits(Network network)
    {
        // Compared field by field: an evaluator reused for many networks (Test-Network over a pipeline) allocates nothing here.
        IReadOnlyList<ConvPoolLayer> convolutional = network.ConvolutionalLayers;
        if (!network.Sizes.SequenceEqual(_sizes) || network.InputShape != _inputShape || convolutional.Count != _convolutionalShapes.Length)
        {
            return false;
        }

        for (int l = 0; l < convolutional.Count; l++)
        {
            ConvPoolLayer layer = convolutional[l];
            if (_convolutionalShapes[l] != (layer.InputShape, layer.Filters, layer.FilterSize, layer.PoolSize))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where the caller puts the inputs, one sample per row.</summary>
    public Span<float> Inputs(int m) => _inputs.AsSpan(0, m * (int)(_inputs.Length / Capacity));

    /// <summary>The output layer's activations after <see cref="Run"/>.</summary>
    public ReadOnlySpan<float> Outputs(int m) => _activations[^1].AsSpan(0, m * _sizes[^1]);

    /// <summary>Feeds the m inputs in <see cref="Inputs"/> through <paramref name="network"/> (of the sizes this was made for).</summary>
    [MethodImpl(HotPath.Compile)]
    public void Run(Network network, int m, ParallelKernels kernels)
    {
        _convolutional?.Forward(network, m, kernels);
        IReadOnlyList<Layer> layers = network.Layers;
        float[] below = _featureInputs;
        for (int l = 0; l < layers.Count; l++)
        {
            FeedLayer(kernels, layers[l], below, _weightedInput, _activations[l], m);
            below = _activations[l];
        }
    }

    /// <summary>
    /// One layer of equation 25 for m samples, one per row: Z = A·wᵀ + b, then A' = σ(Z). Evaluation, training
    /// (<see cref="Backpropagation.FeedForward(int)"/>) and the per-sample <see cref="Network.FeedForward(ReadOnlySpan{float})"/> all feed forward
    /// through this, so every path computes a layer by the same operations, bit for bit.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void FeedLayer(ParallelKernels? kernels, Layer layer, float[] below, float[] weightedInput, float[] activations, int m)
    {
        if (kernels is null)
        {
            MatrixKernels.MultiplyByTransposed(below, layer.Weights, weightedInput, rows: m, columns: layer.OutputSize, inner: layer.InputSize,
                layer.Biases, 0, m, 0, layer.OutputSize);
        }
        else
        {
            kernels.MultiplyByTransposed(a: below, b: layer.Weights, c: weightedInput,
                rows: m, columns: layer.OutputSize, inner: layer.InputSize, bias: layer.Biases);
        }

        layer.Activation.Activate(weightedInput.AsSpan(0, m * layer.OutputSize), activations.AsSpan(0, m * layer.OutputSize), layer.OutputSize);
    }
}
