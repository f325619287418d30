using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// The convolutional layers of a network (<see cref="Network.ConvolutionalLayers"/>) for a batch of up to
/// <see cref="Capacity"/> samples: forward, as network3.py's <c>ConvPoolLayer.set_inpt</c>, and, when made for
/// training, backward, what Theano's automatic differentiation does for network3.py. Per layer, with the shapes of
/// <see cref="Convolution"/>:
/// <code>
///   forward    columns = unfold(a below)      convolved = w · columns        z = maxpool(convolved) + b     a = σ(z)
///   backward   δz = δa ⊙ σ′(z)                ∂C/∂b = Σ δz                   δconvolved = unpool(δz)
///              ∂C/∂w = δconvolved · columnsᵀ   δa below = fold(wᵀ · δconvolved)   (the last two before w changes)
/// </code>
/// The products are the engine's three (<see cref="ParallelKernels"/>), shared between its threads; unfolding and
/// pooling run on the calling thread. Every buffer is made once, so a mini-batch allocates nothing.
/// </summary>
internal sealed class ConvPoolPass : IShareWork
{
    private enum Step
    {
        Unfold,
        Pool,
        Unpool,
        Fold,
    }

    // The step being shared out by samples (RunShare), set before each RunShares: fields, not closures, so nothing is allocated.
    private Step _step;
    private ConvPoolLayer? _layer;
    private int _index, _m, _shares;
    private float[]? _below;

    private readonly ConvPoolLayer[] _layers;
    private readonly float[] _images;          // the inputs, one sample per row
    private readonly float[][] _columns;       // unfolded inputs of each layer
    private readonly float[][] _convolved;     // w · columns, F × (m·P)
    private readonly int[][] _winners;         // where each pooled value came from
    private readonly float[][] _weightedInputs; // z, one sample per row
    private readonly float[][] _activations;    // a = σ(z); the last is what the fully connected layers take
    private readonly float[][]? _errors;         // δ at a, then δz (in place)
    private readonly float[][]? _convolvedErrors;
    private readonly float[]?[]? _columnErrors;  // not for the first layer: its inputs' error is never needed
    private readonly float[][]? _weightGradients;
    private readonly float[][]? _biasGradients;

    public ConvPoolPass(Network network, int capacity, bool forTraining)
    {
        _layers = network.ConvolutionalLayers.ToArray();
        Capacity = capacity;
        _images = new float[(long)capacity * network.InputSize];
        _columns = _layers.Select(layer => new float[(long)layer.WeightsPerFilter * capacity * Positions(layer)]).ToArray();
        _convolved = _layers.Select(layer => new float[(long)layer.Filters * capacity * Positions(layer)]).ToArray();
        _winners = _layers.Select(layer => new int[capacity * layer.OutputShape.Size]).ToArray();
        _weightedInputs = _layers.Select(layer => new float[capacity * layer.OutputShape.Size]).ToArray();
        _activations = _layers.Select(layer => new float[capacity * layer.OutputShape.Size]).ToArray();
        if (forTraining)
        {
            _errors = _layers.Select(layer => new float[capacity * layer.OutputShape.Size]).ToArray();
            _convolvedErrors = _layers.Select(layer => new float[(long)layer.Filters * capacity * Positions(layer)]).ToArray();
            _columnErrors = _layers.Select((layer, l) => l == 0 ? null : new float[(long)layer.WeightsPerFilter * capacity * Positions(layer)]).ToArray();
            _weightGradients = _layers.Select(layer => new float[layer.Weights.Length]).ToArray();
            _biasGradients = _layers.Select(layer => new float[layer.Biases.Length]).ToArray();
        }
    }

    public int Capacity { get; }

    /// <summary>Where the caller puts the images, one sample per row.</summary>
    public float[] Images => _images;

    /// <summary>The last convolutional layer's activations, which the first fully connected layer takes (C×H×W flattened, as network3.py's reshape).</summary>
    public float[] Output => _activations[^1];

    /// <summary>Where backpropagation puts ∂C/∂a of <see cref="Output"/> (BP2 through the first fully connected layer).</summary>
    public float[] OutputErrors => _errors?[^1] ?? throw new InvalidOperationException("This pass was made for evaluation only.");

    /// <summary>
    /// The floats (ints counted as floats) the buffers take for one sample, for <see cref="TrainingBuffers"/>' bound
    /// before anything is allocated, and the largest single buffer's share.
    /// </summary>
    public static (long Floats, long Widest) PerSample(Network network, bool forTraining)
    {
        long floats = network.InputSize, widest = network.InputSize;
        for (int l = 0; l < network.ConvolutionalLayers.Count; l++)
        {
            ConvPoolLayer layer = network.ConvolutionalLayers[l];
            long columns = (long)layer.WeightsPerFilter * Positions(layer), convolved = (long)layer.Filters * Positions(layer), pooled = layer.OutputShape.Size;
            floats += columns + convolved + (3 * pooled);
            if (forTraining)
            {
                floats += pooled + convolved + (l == 0 ? 0 : columns);
            }

            widest = Math.Max(widest, Math.Max(columns, convolved));
        }

        return (floats, widest);
    }

    private static int Positions(ConvPoolLayer layer) => layer.ConvolvedHeight * layer.ConvolvedWidth;

    /// <summary>Feeds the m images in <see cref="Images"/> through every convolutional layer of <paramref name="network"/>.</summary>
    [MethodImpl(HotPath.Compile)]
    public void Forward(Network network, int m, ParallelKernels kernels)
    {
        IReadOnlyList<ConvPoolLayer> layers = network.ConvolutionalLayers;
        float[] below = _images;
        for (int l = 0; l < layers.Count; l++)
        {
            ConvPoolLayer layer = layers[l];
            int n = m * Positions(layer), pooled = m * (int)layer.OutputShape.Size;
            _below = below;
            Share(Step.Unfold, layer, l, m, kernels);
            kernels.Multiply(a: layer.Weights, b: _columns[l], c: _convolved[l], rows: layer.Filters, columns: n, inner: layer.WeightsPerFilter,
                columnsPerSample: Positions(layer));
            Share(Step.Pool, layer, l, m, kernels);
            layer.Activation.Activate(_weightedInputs[l].AsSpan(0, pooled), _activations[l].AsSpan(0, pooled), (int)layer.OutputShape.Size);
            below = _activations[l];
        }
    }

    /// <summary>
    /// With ∂C/∂a of <see cref="Output"/> in <see cref="OutputErrors"/>, propagates the error down through every
    /// convolutional layer and lets <paramref name="rule"/> step each layer's weights and biases; layer l is
    /// <paramref name="firstIndex"/> + l to the rule (its momentum, if any, is kept under that index).
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public void Backward(Network network, int m, IUpdateRule rule, int firstIndex, ParallelKernels kernels)
    {
        IReadOnlyList<ConvPoolLayer> layers = network.ConvolutionalLayers;
        for (int l = layers.Count - 1; l >= 0; l--)
        {
            ConvPoolLayer layer = layers[l];
            int n = m * Positions(layer), mapSize = layer.OutputShape.Height * layer.OutputShape.Width;
            int pooled = m * (int)layer.OutputShape.Size;
            float[] delta = _errors![l];
            layer.Activation.MultiplyByDerivative(_weightedInputs[l].AsSpan(0, pooled), _activations[l].AsSpan(0, pooled), delta.AsSpan(0, pooled),
                (int)layer.OutputShape.Size);
            Convolution.SumMaps(delta, layer.Filters, mapSize, m, _biasGradients![l]);
            Share(Step.Unpool, layer, l, m, kernels);
            if (l > 0)
            {
                // The error of the layer below, through the weights the forward pass used.
                kernels.MultiplyTransposedBy(a: layer.Weights, b: _convolvedErrors![l], c: _columnErrors![l]!,
                    rows: layer.WeightsPerFilter, columns: n, inner: layer.Filters, alpha: 1f, beta: 0f, columnsPerSample: Positions(layer));
                Share(Step.Fold, layer, l, m, kernels);
            }

            kernels.MultiplyByTransposed(a: _convolvedErrors![l], b: _columns[l], c: _weightGradients![l],
                rows: layer.Filters, columns: layer.WeightsPerFilter, inner: n, bias: null);
            rule.Step(firstIndex + l, layer.Weights, _weightGradients[l], layer.Biases, _biasGradients[l], m);
        }
    }

    /// <summary>Runs one data-movement step of layer <paramref name="index"/> with its samples shared between the threads.</summary>
    [MethodImpl(HotPath.Compile)]
    private void Share(Step step, ConvPoolLayer layer, int index, int m, ParallelKernels kernels)
    {
        _step = step;
        _layer = layer;
        _index = index;
        _m = m;
        _shares = Math.Min(kernels.Threads, m);
        kernels.RunShares(_shares, this);
    }

    /// <summary>
    /// Samples [m·share/shares, m·(share+1)/shares) of the current step. Each sample's part of every buffer is its own
    /// (see <see cref="Convolution"/>), so any split gives the same bits.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public void RunShare(int share)
    {
        ConvPoolLayer layer = _layer!;
        int l = _index, m = _m;
        (int from, int to) = ParallelKernels.SampleShare(m, share, _shares);
        int positions = Positions(layer), pooledSize = layer.OutputShape.Height * layer.OutputShape.Width;
        switch (_step)
        {
            case Step.Unfold:
                Convolution.Unfold(_below!, layer.InputShape, layer.FilterSize, m, _columns[l], from, to);
                break;
            case Step.Pool:
                Convolution.MaxPool(_convolved[l], layer.Filters, layer.ConvolvedHeight, layer.ConvolvedWidth, layer.PoolSize, m,
                    layer.Biases, _weightedInputs[l], _winners[l], from, to);
                break;
            case Step.Unpool:
                Convolution.Unpool(_errors![l], _winners[l], layer.Filters, positions, pooledSize, m, _convolvedErrors![l], from, to);
                break;
            case Step.Fold:
                Convolution.Fold(_columnErrors![l]!, layer.InputShape, layer.FilterSize, m, _errors![l - 1], from, to);
                break;
        }
    }
}
