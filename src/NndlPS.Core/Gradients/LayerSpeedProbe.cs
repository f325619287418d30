namespace NndlPS.Core;

/// <summary>
/// Chapter 5's speed of learning, measured as often as asked (every epoch of a run with -Monitor LayerSpeed) on buffers
/// made once: ‖δˡ‖ = ‖∂C/∂bˡ‖ of each hidden layer, the mean over the first images of a set. Only BP1–BP3 run for the
/// fully connected layers (the bias gradient is the error, BP3): no ∂C/∂w is formed for them and no cost is summed. The same numbers, to the bit, as
/// <see cref="Gradients.Compute"/>'s <see cref="NetworkGradient.BiasNorms"/> over those images. A chapter-6 network's
/// convolutional layers are hidden layers too, and come first; their bias gradients come from the step the backward pass
/// offers each layer, which the probe keeps instead of taking (their ∂C/∂w is formed on the way, as training forms it).
/// </summary>
internal sealed class LayerSpeedProbe : IDisposable
{
    private readonly Network _network;
    private readonly ImageSet _data;
    private readonly int _count;
    private readonly Backpropagation _backprop;
    private readonly int _convolutional; // the convolutional layers' sums come first
    private readonly double[][] _sums;   // per hidden layer, Σ over the images of ∂C/∂b
    private readonly float[][] _means;   // per hidden layer, the mean, rounded to float as Compute's is
    private readonly KeepWeights _keepWeights;

    /// <exception cref="NndlException">NetworkShapeMismatch, SampleRangeInvalid (an empty set), ActivationNotTrainable, CostOutputMismatch.</exception>
    public LayerSpeedProbe(Network network, ImageSet data, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        SgdTrainer.RequireTrainable(network);
        ShapeCheck.RequireFit(network, data);
        if (data.Count == 0)
        {
            throw new NndlException("SampleRangeInvalid", NndlErrorKind.InvalidArgument,
                $"{data.Name} holds no images, so there is no speed of learning to measure. Give a set with images.");
        }

        _network = network;
        _data = data;
        _count = Math.Clamp(count, 1, data.Count);
        _backprop = new Backpropagation(network, Gradients.PassSize(network, _count));
        int[] hidden = network.ConvolutionalLayers.Select(layer => layer.Filters)
            .Concat(network.Layers.Take(network.Layers.Count - 1).Select(layer => layer.OutputSize)).ToArray();
        _convolutional = network.ConvolutionalLayers.Count;
        _sums = hidden.Select(neurons => new double[neurons]).ToArray();
        _means = hidden.Select(neurons => new float[neurons]).ToArray();
        _keepWeights = new KeepWeights(this);
    }

    /// <summary>The network's speed of learning now, the first hidden layer first.</summary>
    public double[] Measure(CancellationToken cancellationToken = default)
    {
        foreach (double[] sum in _sums)
        {
            Array.Clear(sum);
        }

        int capacity = _backprop.Capacity;
        for (int from = 0; from < _count; from += capacity)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = Math.Min(capacity, _count - from);
            _data.CopyImages(from, m, _backprop.Inputs(m));
            _backprop.SetOneHotTargets(_data.Labels.Slice(from, m));
            _backprop.Backprop(m, _keepWeights); // adds the convolutional layers' bias gradients as it goes
            for (int l = _convolutional; l < _sums.Length; l++)
            {
                Add(_backprop.BiasGradient(l - _convolutional), _sums[l]);
            }
        }

        var speeds = new double[_sums.Length];
        for (int l = 0; l < _sums.Length; l++)
        {
            for (int j = 0; j < _sums[l].Length; j++)
            {
                _means[l][j] = (float)(_sums[l][j] / _count);
            }

            speeds[l] = LayerGradient.Norm(_means[l]);
        }

        return speeds;
    }

    public void Dispose() => _backprop.Dispose();

    private static void Add(ReadOnlySpan<float> values, Span<double> sums)
    {
        for (int j = 0; j < values.Length; j++)
        {
            sums[j] += values[j];
        }
    }

    /// <summary>
    /// The update that changes nothing: the probe wants BP1–BP3's errors, not a step. A convolutional layer's bias
    /// gradient exists only in the step offered to it (index: after the fully connected layers), so it is summed there.
    /// </summary>
    private sealed class KeepWeights(LayerSpeedProbe owner) : IUpdateRule
    {
        public float LearningRate { get; set; }

        public void UpdateLayer(int index, Layer layer, float[] errors, float[] activationsBelow, ReadOnlySpan<float> biasGradient, int m, Kernels.ParallelKernels kernels)
        {
        }

        public void StepWeights(int index, float[] weights, ReadOnlySpan<float> weightGradient, int from, int to, int m)
        {
        }

        public void StepBiases(int index, float[] biases, ReadOnlySpan<float> biasGradient, int from, int to, int m) =>
            Add(biasGradient[from..to], owner._sums[index - owner._network.Layers.Count].AsSpan(from));
    }
}
