namespace NndlPS.Core;

/// <summary>
/// Chapter 2 as a measurement: backpropagation's gradient of a network's cost over a range of samples, computed by
/// the same <see cref="Backpropagation"/> that training uses (feedforward, BP1–BP4), without changing a weight.
/// </summary>
public static class Gradients
{
    /// <summary>Chapter 5 measures the speed of learning over the first 1,000 training images (generate_gradient.py).</summary>
    public const int LayerSpeedSamples = 1000;

    /// <summary>The most samples one backward pass takes; more are summed over several passes.</summary>
    internal const int SamplesPerPass = 1000;

    /// <summary>
    /// The same for a convolutional network, whose training buffers keep every sample's unfolded inputs (about 300 KB a
    /// sample for the book's #4: a pass of 1,000 held some 450 MB, and -Monitor LayerSpeed tripled a run's memory).
    /// </summary>
    internal const int ConvolutionalSamplesPerPass = 100;

    /// <summary>
    /// The samples of one pass over <paramref name="count"/>: the one rule for <see cref="Compute"/> and
    /// <see cref="LayerSpeedProbe"/>, whose sums must be cut alike to agree to the bit.
    /// </summary>
    internal static int PassSize(Network network, int count) =>
        TrainingBuffers.LargestFit(network, Math.Min(count, network.IsConvolutional ? ConvolutionalSamplesPerPass : SamplesPerPass));

    /// <summary>
    /// The gradient of the mean cost over images [start, start + count) of <paramref name="data"/>: one
    /// <see cref="LayerGradient"/> per layer of weights, a chapter-6 network's convolutional layers first. Dropout is
    /// not applied: it is the gradient of the network as it answers (its dropout is inverted, so that is the network).
    /// </summary>
    /// <exception cref="NndlException">NetworkShapeMismatch, SampleRangeInvalid, ActivationNotTrainable, CostOutputMismatch, MiniBatchTooLarge, NetworkValueInvalid.</exception>
    public static NetworkGradient Compute(Network network, ImageSet data, int start, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        SgdTrainer.RequireTrainable(network);
        // NaN's gradient is NaN (a log-likelihood cost read its floor, 1,000,000), and a check of it passed a layer with
        // error 0 and failed the next, blaming backpropagation for a network that diverged.
        FiniteParameters.Require(network, "whose gradient is NaN, for backpropagation and its check alike");
        ShapeCheck.RequireFit(network, data);
        RequireRange(data, start, count);

        IReadOnlyList<Layer> layers = network.Layers;
        IReadOnlyList<ConvPoolLayer> convolutional = network.ConvolutionalLayers;
        int first = convolutional.Count; // the fully connected layers' sums come after the convolutional layers'
        var weightSums = convolutional.Select(layer => layer.Weights.Length).Concat(layers.Select(layer => layer.Weights.Length))
            .Select(length => new double[length]).ToArray();
        var biasSums = convolutional.Select(layer => layer.Biases.Length).Concat(layers.Select(layer => layer.Biases.Length))
            .Select(length => new double[length]).ToArray();
        int capacity = PassSize(network, count);
        double cost = 0;
        int outputs = network.OutputSize;
        var desired = new float[outputs];
        using (var backprop = new Backpropagation(network, capacity))
        {
            for (int from = start; from < start + count; from += capacity)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int m = Math.Min(capacity, start + count - from);
                data.CopyImages(from, m, backprop.Inputs(m));
                ReadOnlySpan<byte> labels = data.Labels.Slice(from, m);
                backprop.SetOneHotTargets(labels);
                backprop.ComputeGradient(m);
                for (int c = 0; c < convolutional.Count; c++)
                {
                    (float[] weights, float[] biases) = backprop.ConvolutionalGradient(c);
                    Add(weights, weightSums[c]);
                    Add(biases, biasSums[c]);
                }

                for (int l = 0; l < layers.Count; l++)
                {
                    Add(backprop.WeightGradient(l), weightSums[first + l]);
                    Add(backprop.BiasGradient(l), biasSums[first + l]);
                }

                ReadOnlySpan<float> results = backprop.Outputs(m);
                for (int s = 0; s < m; s++)
                {
                    int target = ShapeCheck.OneHotTarget(labels[s], outputs, out float y);
                    desired[target] = y;
                    cost += network.Cost.Value(results.Slice(s * outputs, outputs), desired);
                    desired[target] = 0;
                }
            }
        }

        var layerGradients = new LayerGradient[first + layers.Count];
        for (int c = 0; c < first; c++)
        {
            // A filter is the convolutional layer's "neuron": its C·k·k shared weights, its one bias.
            layerGradients[c] = new LayerGradient(c + 1, convolutional[c].WeightsPerFilter, convolutional[c].Filters,
                Mean(weightSums[c], count), Mean(biasSums[c], count), convolutional: true);
        }

        for (int l = 0; l < layers.Count; l++)
        {
            layerGradients[first + l] = new LayerGradient(first + l + 1, layers[l].InputSize, layers[l].OutputSize,
                Mean(weightSums[first + l], count), Mean(biasSums[first + l], count));
        }

        return new NetworkGradient(network, data.Name, count, cost / count, layerGradients);
    }

    /// <summary>
    /// Chapter 5's speed of learning: ‖δˡ‖ = ‖∂C/∂bˡ‖ for each hidden layer, over the first <paramref name="count"/>
    /// images. Its own buffers and one thread: measuring changes no weight and no random number of a training run.
    /// </summary>
    public static double[] LayerSpeeds(Network network, ImageSet data, int count = LayerSpeedSamples, CancellationToken cancellationToken = default)
    {
        using var probe = new LayerSpeedProbe(network, data, count);
        return probe.Measure(cancellationToken);
    }

    private static void RequireRange(ImageSet data, int start, int count)
    {
        if (data.Count == 0)
        {
            throw new NndlException("SampleRangeInvalid", NndlErrorKind.InvalidArgument,
                $"{data.Name} holds no images, so there is no cost to differentiate. Give a set with images, e.g. (Import-Mnist).Training.");
        }

        if (count < 1 || start < 0 || (long)start + count > data.Count)
        {
            throw new NndlException("SampleRangeInvalid", NndlErrorKind.InvalidArgument, count == 1
                ? $"Image {start} is not in {data.Name}, which holds {data.Count}: give -Index from 0 to {data.Count - 1}."
                : $"Images {start} to {(long)start + count - 1} are not all in {data.Name}, which holds {data.Count} (0 to {data.Count - 1}).");
        }
    }

    private static void Add(ReadOnlySpan<float> values, double[] sums)
    {
        for (int i = 0; i < values.Length; i++)
        {
            sums[i] += values[i];
        }
    }

    private static float[] Mean(double[] sums, int count) => sums.Select(sum => (float)(sum / count)).ToArray();
}
