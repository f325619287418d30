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
/// δa below is computed from the positions that won their pool blocks alone where that is faster and has the same bits
/// (<see cref="ErrorSentDown"/>), else by the dense product.
/// Every step but the sums over samples (∂C/∂b, ∂C/∂w) belongs to one sample, so the threads share those by samples,
/// all layers in one hand-off each way (<see cref="RunShare"/>); the sums, and the steps that follow them, are shared by
/// weights and filters, never by samples, in a third hand-off for all layers. Every buffer is made once (evaluation's
/// per-share ones the first time a share needs them), so a mini-batch allocates nothing.
/// </summary>
internal sealed class ConvPoolPass : IShareWork
{
    private enum Step
    {
        Forward,
        BackwardBySample,
        GradientsAndSteps,
    }

    // The step being shared out (RunShare), set before each RunShares: fields, not closures, so nothing is allocated.
    private Step _step;
    private IReadOnlyList<ConvPoolLayer>? _layersOf;
    private int _m, _shares;
    private IUpdateRule? _rule;  // GradientsAndSteps: the rule, and the index of layer 0 to it
    private int _firstIndex;
    private int _samplesPerChunk;
    private int? _forcedShares; // tests: ForceSplit

    private readonly ConvPoolLayer[] _layers;
    private readonly int _widestFilter;          // the most weights per filter of any layer: the gradients' split
    private readonly float[] _images;          // the inputs, one sample per row
    // Training: the batch's size, each share using the start of its samples' part as a few samples' scratch (ForwardSamples),
    // and the columns the weight gradients' blocks read (MultiplyByUnfolded). Evaluation: null, and each share has its
    // own small ones instead (_chunkBuffers).
    // The buffers the products read and write start on a cache line (AlignedFloats: a third faster on AVX2).
    private readonly AlignedFloats[]? _columns;      // unfolded inputs of each layer
    private readonly AlignedFloats[]? _convolved;    // w · columns
    // Training, the batch's layout: where each pooled value came from, a place in the batch's convolved maps (unpooling's).
    private readonly int[][]? _winners;
    private ChunkBuffers[] _chunkBuffers = []; // evaluation only: one per share index, made the first time a share count needs it
    private readonly float[][] _weightedInputs; // z, one sample per row
    private readonly float[][] _activations;    // a = σ(z); the last is what the fully connected layers take
    private readonly float[][]? _errors;         // δ at a, then δz (in place)
    private readonly AlignedFloats[]? _convolvedErrors;
    private readonly AlignedFloats?[]? _columnErrors;  // wᵀ · δ, a few samples' at a time as the columns; not for the first layer: its inputs' error is never needed
    private readonly bool[] _errorThroughWinners; // per layer, for this mini-batch: ErrorSentDown.Applies
    private readonly float[][]? _weightGradients;
    private readonly float[][]? _biasGradients;

    public ConvPoolPass(Network network, int capacity, bool forTraining)
    {
        _layers = network.ConvolutionalLayers.ToArray();
        _widestFilter = _layers.Length == 0 ? 1 : _layers.Max(layer => layer.WeightsPerFilter);
        Capacity = capacity;
        _samplesPerChunk = SamplesPerChunk(_layers, capacity, forTraining);
        _images = new float[(long)capacity * network.InputSize];
        _weightedInputs = _layers.Select(layer => new float[capacity * layer.OutputShape.Size]).ToArray();
        _activations = _layers.Select(layer => new float[capacity * layer.OutputShape.Size]).ToArray();
        _errorThroughWinners = new bool[_layers.Length];
        if (forTraining)
        {
            _columns = _layers.Select(layer => new AlignedFloats((long)layer.WeightsPerFilter * capacity * Positions(layer))).ToArray();
            _convolved = _layers.Select(layer => new AlignedFloats((long)layer.Filters * capacity * Positions(layer))).ToArray();
            _winners = _layers.Select(layer => new int[capacity * layer.OutputShape.Size]).ToArray();
            _errors = _layers.Select(layer => new float[capacity * layer.OutputShape.Size]).ToArray();
            _convolvedErrors = _layers.Select(layer => new AlignedFloats((long)layer.Filters * capacity * Positions(layer))).ToArray();
            _columnErrors = _layers.Select((layer, l) => l == 0 ? null : new AlignedFloats((long)layer.WeightsPerFilter * capacity * Positions(layer))).ToArray();
            _weightGradients = _layers.Select(layer => new float[layer.Weights.Length]).ToArray();
            _biasGradients = _layers.Select(layer => new float[layer.Biases.Length]).ToArray();
        }
    }

    public int Capacity { get; }

    /// <summary>Made for evaluation: the batch's columns, maps and winners are not kept, each share has its own few.</summary>
    private bool ForEvaluation => _columns is null;

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
    /// <remarks>
    /// One hand-off for all layers: each thread takes its <see cref="ParallelKernels.SampleShare"/> of the batch through
    /// every layer (unfold, w · columns on its samples' columns, pool, activate), as nothing in a forward pass mixes
    /// samples. Handing out each of those steps alone cost more than the steps (two cores met 6 times a mini-batch
    /// instead of once, and each step's data crossed to the other core's cache): see <c>bench/NndlPS.Bench --conv-phases</c>.
    /// </remarks>
    [MethodImpl(HotPath.Compile)]
    public void Forward(Network network, int m, ParallelKernels kernels) => Share(Step.Forward, network, m, kernels);

    /// <summary>
    /// With ∂C/∂a of <see cref="Output"/> in <see cref="OutputErrors"/>, propagates the error down through every
    /// convolutional layer and lets <paramref name="rule"/> step each layer's weights and biases; layer l is
    /// <paramref name="firstIndex"/> + l to the rule (its momentum, if any, is kept under that index).
    /// </summary>
    /// <remarks>
    /// What belongs to one sample (δz = δa ⊙ σ′(z), unpooling, wᵀ · δ, folding, layer by layer down) runs in one
    /// hand-off, each thread on its share of the samples, every layer's error through the weights the forward pass
    /// used. What sums over the samples, ∂C/∂w and ∂C/∂b, runs in a second hand-off for all layers, each thread on its
    /// share of every layer's weights per filter (or of its filters, see <see cref="GradientAndStep"/>) and of its
    /// filters' biases, never across samples, so no sum is cut (R6 in
    /// FixedLanes.cs); each thread then steps the weights and biases whose gradient it computed, element by element
    /// (<see cref="IUpdateRule.StepWeights"/>). Stepped on the caller after the hand-off, the second layer's 20,000
    /// weights took 25 µs a mini-batch at mini-batch 10 (2 AVX2 cores), the half of their gradient the other core
    /// wrote crossing to this one, while the other core waited: 0.12 s an epoch.
    /// </remarks>
    [MethodImpl(HotPath.Compile)]
    public void Backward(Network network, int m, IUpdateRule rule, int firstIndex, ParallelKernels kernels)
    {
        // Decided once a mini-batch, on the caller, as the weights stand: one pass over the layer's weights.
        for (int l = 1; l < _layers.Length; l++)
        {
            _errorThroughWinners[l] = ErrorSentDown.Applies(_layers[l].Weights, _layers[l].PoolSize, _layers[l].InputShape, _layers[l].FilterSize);
        }

        Share(Step.BackwardBySample, network, m, kernels);
        _rule = rule;
        _firstIndex = firstIndex;
        _step = Step.GradientsAndSteps;
        // The weight gradients' multiply-adds are the forward products' (F·K·P a sample each); no more shares than the
        // widest layer has blocks of weights per filter, so no thread is woken for nothing. (A layer cut by filters
        // instead, as the book's first is on AVX2, may leave a share empty when it has fewer pairs of filters than
        // there are shares: a share idle, never a share wrong.)
        _shares = _forcedShares is int forced ? Math.Min(forced, kernels.Threads) : kernels.SharesFor(_widestFilter, WorkPerSample(network) * m);
        try
        {
            kernels.RunShares(_shares, this);
        }
        finally
        {
            _rule = null;
        }
    }

    /// <summary>Share <paramref name="share"/> of every layer's sums over the samples and steps, from the last layer down.</summary>
    [MethodImpl(HotPath.Compile)]
    private void GradientsAndSteps(int share)
    {
        IReadOnlyList<ConvPoolLayer> layers = _layersOf!;
        for (int l = layers.Count - 1; l >= 0; l--)
        {
            GradientAndStep(layers[l], _convolvedErrors![l], l == 0 ? _images : _activations[l - 1], _errors![l], _weightGradients![l],
                _biasGradients![l], _columns![l], _m, _rule!, _firstIndex + l, share, _shares);
        }
    }

    /// <summary>
    /// Share <paramref name="share"/> of one layer's sums over the m samples and the steps of what it summed:
    /// ∂C/∂w = δconvolved · columnsᵀ for its weights per filter (<see cref="ParallelKernels.BlockShare"/>, the columns
    /// unfolded again from the layer's <paramref name="inputs"/> a few rows at a time into <paramref name="columns"/>'s
    /// rows of those weights) — or, where the columns are read from the inputs' windows instead
    /// (<see cref="MatrixKernels.SplitsByFilters"/>), for its filters, in the kernel's pairs, since a share then needs
    /// only its own filters' errors and writes no scratch — and ∂C/∂b = Σ δz for its filters
    /// (<see cref="ParallelKernels.EvenShare"/>), each then stepped by <paramref name="rule"/> as layer
    /// <paramref name="index"/>. No share reads what another writes: the gradients read the errors and the layer's
    /// inputs, never the weights being stepped. (The bench times it per layer.)
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    internal static void GradientAndStep(ConvPoolLayer layer, ReadOnlySpan<float> convolvedErrors, float[] inputs, float[] errors, float[] weightGradient,
        float[] biasGradient, Span<float> columns, int m, IUpdateRule rule, int index, int share, int shares)
    {
        int weightsPerFilter = layer.WeightsPerFilter;
        if (MatrixKernels.SplitsByFilters(layer.InputShape, layer.FilterSize))
        {
            (int pairFrom, int pairTo) = ParallelKernels.EvenShare((layer.Filters + 1) / 2, share, shares);
            int first = Math.Min(layer.Filters, 2 * pairFrom), end = Math.Min(layer.Filters, 2 * pairTo);
            MatrixKernels.MultiplyByUnfolded(convolvedErrors, inputs, layer.InputShape, layer.FilterSize, m, weightGradient, columns, layer.Filters,
                first, end, 0, weightsPerFilter);
            rule.StepWeights(index, layer.Weights, weightGradient, first * weightsPerFilter, end * weightsPerFilter, m);
        }
        else
        {
            (int from, int to) = ParallelKernels.BlockShare(weightsPerFilter, share, shares);
            MatrixKernels.MultiplyByUnfolded(convolvedErrors, inputs, layer.InputShape, layer.FilterSize, m, weightGradient, columns, layer.Filters,
                0, layer.Filters, from, to);
            for (int f = 0; from < to && f < layer.Filters; f++)
            {
                rule.StepWeights(index, layer.Weights, weightGradient, (f * weightsPerFilter) + from, (f * weightsPerFilter) + to, m);
            }
        }

        (int filterFrom, int filterTo) = ParallelKernels.EvenShare(layer.Filters, share, shares);
        Convolution.SumMaps(errors, layer.Filters, layer.OutputShape.Height * layer.OutputShape.Width, m, biasGradient, filterFrom, filterTo);
        rule.StepBiases(index, layer.Biases, biasGradient, filterFrom, filterTo, m);
    }

    /// <summary>Runs <paramref name="step"/> with the batch's samples shared between the threads.</summary>
    [MethodImpl(HotPath.Compile)]
    private void Share(Step step, Network network, int m, ParallelKernels kernels)
    {
        _step = step;
        _layersOf = network.ConvolutionalLayers;
        _m = m;
        // A batch too small to pay for a hand-off (one image evaluated alone) runs on the caller.
        _shares = _forcedShares is int forced ? Math.Min(forced, kernels.Threads)
            : WorkPerSample(network) * m < ParallelKernels.MinimumWorkPerThread ? 1 : Math.Min(kernels.Threads, m);
        if (ForEvaluation && _chunkBuffers.Length < _shares)
        {
            // Made once for each share index: a share count seen before (one image alone, then a chunk) reuses them.
            // Built aside and put in place whole, so running out of memory halfway leaves the old set, never a gap.
            var grown = new ChunkBuffers[_shares];
            _chunkBuffers.CopyTo(grown, 0);
            for (int share = _chunkBuffers.Length; share < _shares; share++)
            {
                grown[share] = new ChunkBuffers(_layers, _samplesPerChunk);
            }

            _chunkBuffers = grown;
        }

        kernels.RunShares(_shares, this);
    }

    /// <summary>
    /// For tests: every batch in exactly <paramref name="shares"/> shares (at most the kernels' threads) of
    /// <paramref name="samplesPerChunk"/>-sample chunks, and the gradients and steps in as many shares of weights and
    /// filters, so share and chunk edges fall where no work size would put them.
    /// </summary>
    internal void ForceSplit(int shares, int samplesPerChunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(samplesPerChunk);
        _forcedShares = shares;
        _samplesPerChunk = samplesPerChunk;
        _chunkBuffers = []; // sized by the chunk
    }

    /// <summary>
    /// How many samples a share takes through the layers at a time: as many as keep the widest layer's columns within
    /// <see cref="ChunkFloats"/>, at least one. A chunk's steps are the whole batch's restricted to its samples, so
    /// the size changes speed, never a bit. Evaluation allocates a chunk's buffers for each share
    /// (<see cref="ChunkBuffers"/>), so its chunk also keeps every layer's columns, convolved maps and winners together
    /// within <see cref="ChunkBufferFloats"/> (or one sample's), and never exceeds the capacity: the shares' buffers
    /// then take at most the threads times 4 MB, or, for a network whose one sample needs more, at most as much as
    /// the batch's would (there are never more shares than samples), which TrainingBuffers bounds.
    /// </summary>
    internal static int SamplesPerChunk(IReadOnlyList<ConvPoolLayer> layers, int capacity, bool forTraining)
    {
        long widest = layers.Max(layer => (long)layer.WeightsPerFilter * Positions(layer));
        long samples = ChunkFloats / widest;
        if (!forTraining)
        {
            long perSample = layers.Sum(layer => ((long)layer.WeightsPerFilter + layer.Filters) * Positions(layer) + layer.OutputShape.Size);
            samples = Math.Min(Math.Min(samples, ChunkBufferFloats / perSample), capacity);
        }

        return (int)Math.Clamp(samples, 1, int.MaxValue);
    }

    /// <summary>64K floats, 256 KB: half of a core's own (L2) cache on the smallest x86 server cores of today.</summary>
    private const long ChunkFloats = 64 * 1024;

    /// <summary>The most one share's evaluation buffers take, when one sample's take less: 1M floats, 4 MB.</summary>
    private const long ChunkBufferFloats = 1024 * 1024;

    /// <summary>The multiply-adds of one sample's convolutional products.</summary>
    private static long WorkPerSample(Network network)
    {
        // An index loop: a foreach over the IReadOnlyList would allocate an enumerator each mini-batch on .NET 8.
        IReadOnlyList<ConvPoolLayer> layers = network.ConvolutionalLayers;
        long work = 0;
        for (int l = 0; l < layers.Count; l++)
        {
            work += (long)layers[l].Filters * layers[l].WeightsPerFilter * Positions(layers[l]);
        }

        return work;
    }

    /// <summary>
    /// Share <paramref name="share"/> of the current step: the gradients and steps (<see cref="GradientsAndSteps"/>), or
    /// samples [m·share/shares, m·(share+1)/shares) of a forward or backward pass. Each sample's part of the batch-wide buffers is
    /// its own (see <see cref="Convolution"/>); the columns, convolved maps and column errors a chunk works in are held at
    /// the start of its share's part of theirs (K·P·shareFrom on), and a chunk is never larger than its share, so two
    /// shares' chunks never meet; and the products compute each column alone (R6): any split gives the same bits.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public void RunShare(int share)
    {
        if (_step == Step.GradientsAndSteps)
        {
            GradientsAndSteps(share);
            return;
        }

        IReadOnlyList<ConvPoolLayer> layers = _layersOf!;
        int m = _m;
        (int from, int to) = ParallelKernels.SampleShare(m, share, _shares);
        // A few samples at a time through every layer, so what one step writes (the columns, the convolved maps, an
        // error to fold) is still in this core's cache when the next step reads it; the whole share's columns are
        // megabytes at mini-batch 10, and went to the shared cache and back between every two steps.
        for (int first = from; first < to; first += _samplesPerChunk)
        {
            int last = Math.Min(to, first + _samplesPerChunk);
            if (_step == Step.Forward)
            {
                float[] below = _images;
                for (int l = 0; l < layers.Count; l++)
                {
                    ForwardSamples(layers[l], l, below, m, from, first, last, ForEvaluation ? _chunkBuffers[share] : null);
                    below = _activations[l];
                }
            }
            else
            {
                for (int l = layers.Count - 1; l >= 0; l--)
                {
                    BackwardSamples(layers[l], l, m, from, first, last);
                }
            }
        }
    }

    /// <summary>
    /// Layer l forward for samples [first, last) of the share that starts at sample <paramref name="shareFrom"/>, as if
    /// they were a batch of their own: their columns and convolved maps go to a few contiguous kilobytes, the share's own
    /// <paramref name="chunk"/> (evaluation) or the start of the share's part of the batch's buffers (training), used
    /// again by each chunk. The batch's layout would put a row of columns m·P floats after the last, the unfolded rows of
    /// a few samples spread over megabytes; writing them there made training's forward pass of the book's #4 take
    /// 1.7–2.4 s an epoch at mini-batch 10 instead of 1.2–1.5 s (2 AVX2 cores, forward passes in a row). Each column of
    /// the product is computed alone (R6), so where a column stands changes no bit. The pooled values go to the batch's
    /// buffers, and so do the winners, as places in the batch's convolved maps, which the backward pass unpools into.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private void ForwardSamples(ConvPoolLayer layer, int l, float[] below, int m, int shareFrom, int first, int last, ChunkBuffers? chunk)
    {
        int positions = Positions(layer), size = (int)layer.OutputShape.Size, inputSize = (int)layer.InputShape.Size;
        int samples = last - first, columnCount = samples * positions;
        Span<float> columns = chunk is not null ? chunk.Columns[l] : _columns![l].AsSpan((int)((long)layer.WeightsPerFilter * positions * shareFrom));
        Span<float> convolved = chunk is not null ? chunk.Convolved[l] : _convolved![l].AsSpan((int)((long)layer.Filters * positions * shareFrom));
        Span<int> winners = chunk?.Winners[l] ?? _winners![l].AsSpan(first * size);
        (int placeSamples, int placeFirst) = chunk is null ? (m, first) : (samples, 0);
        Convolution.Unfold(below.AsSpan(first * inputSize, samples * inputSize), layer.InputShape, layer.FilterSize, samples, columns, 0, samples);
        // convolved = w · columns, for these samples.
        MatrixKernels.MultiplyStrided(layer.Weights, aRowStride: layer.WeightsPerFilter, aInnerStride: 1, columns, convolved,
            rows: layer.Filters, columns: columnCount, inner: layer.WeightsPerFilter, alpha: 1f, beta: 0f, rowFrom: 0, rowTo: layer.Filters,
            columnFrom: 0, columnTo: columnCount);
        Span<float> weightedInputs = _weightedInputs[l].AsSpan(first * size, samples * size);
        Convolution.MaxPool(convolved, layer.Filters, layer.ConvolvedHeight, layer.ConvolvedWidth, layer.PoolSize, samples,
            layer.Biases, weightedInputs, winners, 0, samples, placeSamples, placeFirst);
        layer.Activation.Activate(weightedInputs, _activations[l].AsSpan(first * size, samples * size), size);
    }

    /// <summary>Layer l backward for samples [from, to) of the share that starts at sample <paramref name="shareFrom"/>: all but the sums over the samples.</summary>
    [MethodImpl(HotPath.Compile)]
    private void BackwardSamples(ConvPoolLayer layer, int l, int m, int shareFrom, int from, int to)
    {
        int positions = Positions(layer), size = (int)layer.OutputShape.Size, mapSize = layer.OutputShape.Height * layer.OutputShape.Width;
        float[] delta = _errors![l];
        layer.Activation.MultiplyByDerivative(_weightedInputs[l].AsSpan(from * size, (to - from) * size),
            _activations[l].AsSpan(from * size, (to - from) * size), delta.AsSpan(from * size, (to - from) * size), size);
        Convolution.Unpool(delta, _winners![l], layer.Filters, positions, mapSize, m, _convolvedErrors![l], from, to);
        if (l == 0)
        {
            return; // the first layer's inputs are the images: their error is never needed
        }

        // The error of the layer below, through the weights the forward pass used (wᵀ · δconvolved), into these
        // samples' own few columns at the start of the share's part of the buffer (as ForwardSamples unfolds), then
        // folded onto the layer's inputs.
        int samples = to - from, inputSize = (int)layer.InputShape.Size;
        Span<float> columnErrors = _columnErrors![l]!.AsSpan((int)((long)layer.WeightsPerFilter * positions * shareFrom), layer.WeightsPerFilter * samples * positions);
        if (_errorThroughWinners[l])
        {
            // The same from the positions that won their blocks alone: a quarter of the multiply-adds with 2 × 2
            // pools, the same bits (ErrorSentDown), its column errors where the dense product's go, folded alike.
            ErrorSentDown.ThroughWinners(layer.Weights, delta, _winners[l], layer.Filters, positions, mapSize, m, layer.InputShape,
                layer.FilterSize, columnErrors, _errors[l - 1], from, to);
            return;
        }

        MatrixKernels.MultiplyStrided(layer.Weights, aRowStride: 1, aInnerStride: layer.WeightsPerFilter, _convolvedErrors[l], columnErrors,
            rows: layer.WeightsPerFilter, columns: m * positions, inner: layer.Filters, alpha: 1f, beta: 0f, rowFrom: 0,
            rowTo: layer.WeightsPerFilter, columnFrom: from * positions, columnTo: to * positions,
            cRowStride: samples * positions, cFirstColumn: from * positions);
        Convolution.Fold(columnErrors, layer.InputShape, layer.FilterSize, samples, _errors[l - 1].AsSpan(from * inputSize, samples * inputSize), 0, samples);
    }

    /// <summary>
    /// One share's buffers for evaluation: each layer's columns, convolved maps and winners for the few samples it takes
    /// through the layers at a time (<see cref="SamplesPerChunk"/>), laid out as a batch of that many.
    /// </summary>
    private sealed class ChunkBuffers(ConvPoolLayer[] layers, int samples)
    {
        public AlignedFloats[] Columns { get; } = layers.Select(layer => new AlignedFloats((long)layer.WeightsPerFilter * samples * Positions(layer))).ToArray();

        public AlignedFloats[] Convolved { get; } = layers.Select(layer => new AlignedFloats((long)layer.Filters * samples * Positions(layer))).ToArray();

        public int[][] Winners { get; } = layers.Select(layer => new int[samples * layer.OutputShape.Size]).ToArray();
    }
}
