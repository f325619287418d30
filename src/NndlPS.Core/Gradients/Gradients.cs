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

    /// <summary>Chapters 2 and 5 look inside fully connected networks; chapter 6's layers are not opened here.</summary>
    /// <exception cref="NndlException">ConvolutionalNotSupported.</exception>
    internal static void RequireFullyConnected(Network network) => network.RequireChapterOneToFive(
        "The gradient cmdlets open the fully connected networks of chapters 2 and 5, layer by layer, and do not show the gradients of convolutional layers. " +
        "Use them on a network made with -Sizes, or with -Layers of fully connected and softmax layers only.", withDropout: false);

    /// <summary>The gradient of the mean cost over images [start, start + count) of <paramref name="data"/>.</summary>
    /// <exception cref="NndlException">NetworkShapeMismatch, SampleRangeInvalid, ActivationNotTrainable, CostOutputMismatch, MiniBatchTooLarge.</exception>
    public static NetworkGradient Compute(Network network, ImageSet data, int start, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        RequireFullyConnected(network);
        SgdTrainer.RequireTrainable(network);
        ShapeCheck.RequireFit(network, data);
        RequireRange(data, start, count);

        IReadOnlyList<Layer> layers = network.Layers;
        var weightSums = layers.Select(layer => new double[layer.Weights.Length]).ToArray();
        var biasSums = layers.Select(layer => new double[layer.Biases.Length]).ToArray();
        int capacity = TrainingBuffers.LargestFit(network, Math.Min(count, SamplesPerPass));
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
                for (int l = 0; l < layers.Count; l++)
                {
                    Add(backprop.WeightGradient(l), weightSums[l]);
                    Add(backprop.BiasGradient(l), biasSums[l]);
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

        var layerGradients = new LayerGradient[layers.Count];
        for (int l = 0; l < layers.Count; l++)
        {
            layerGradients[l] = new LayerGradient(l + 1, layers[l].InputSize, layers[l].OutputSize, Mean(weightSums[l], count), Mean(biasSums[l], count));
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
