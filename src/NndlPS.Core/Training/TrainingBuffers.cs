namespace NndlPS.Core;

/// <summary>
/// The bound on the buffers one trainer or evaluator allocates for a batch of samples through a network: every
/// size computed in 64 bits and checked before anything is allocated, so a mini-batch size times a layer size can
/// never wrap around an int or ask the machine for more memory than it has.
/// </summary>
internal static class TrainingBuffers
{
    /// <summary>
    /// The most the buffers may take together. The book's network with a whole-epoch batch of 50,000 needs 0.2 GB,
    /// [784, 800, 10] with it 0.65 GB; beyond this, a typo in -MiniBatchSize is far more likely than a wish.
    /// </summary>
    public const long MaxBytes = 2L << 30;

    /// <summary>
    /// The most samples, up to <paramref name="wanted"/>, whose buffers fit: evaluation feeds images in chunks of any
    /// size, so a network too wide for a chunk of 500 is evaluated in smaller ones instead of being refused.
    /// </summary>
    /// <exception cref="NndlException">MiniBatchTooLarge when not even one sample fits.</exception>
    public static int LargestFit(Network network, int wanted)
    {
        (long floats, long widest) = PerSample(network, forTraining: true);
        long fits = Math.Min(MaxBytes / (floats * sizeof(float)), Array.MaxLength / widest);
        int capacity = (int)Math.Clamp(fits, 1, Math.Max(1, wanted));
        RequireFit(network, capacity);
        return capacity;
    }

    /// <exception cref="NndlException">MiniBatchTooLarge: the buffers would exceed an array or <see cref="MaxBytes"/>.</exception>
    public static void RequireFit(Network network, int capacity) =>
        RequireFit(PerSample(network, forTraining: true), capacity, network.Architecture);

    /// <exception cref="NndlException">MiniBatchTooLarge: the buffers would exceed an array or <see cref="MaxBytes"/>.</exception>
    public static void RequireFit(IReadOnlyList<int> sizes, int capacity) => RequireFit(PerSample(sizes), capacity, $"[{string.Join(", ", sizes)}]");

    private static void RequireFit((long PerSample, long Widest) need, int capacity, string network)
    {
        long floats = capacity * need.PerSample;
        long largest = capacity * need.Widest;
        // Compared in floats: a capacity near int.MaxValue times a wide network would wrap around as bytes.
        if (largest > Array.MaxLength || floats > MaxBytes / sizeof(float))
        {
            throw new NndlException("MiniBatchTooLarge", NndlErrorKind.InvalidArgument,
                $"{capacity:N0} samples at once through the network {network} need {floats * (double)sizeof(float) / (1 << 30):N1} GiB " +
                $"of buffers, more than the {MaxBytes >> 30} GiB bound. Use a smaller -MiniBatchSize (the book uses 10) or smaller layers.",
                capacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    /// <summary>
    /// The floats one sample takes in the buffers, as Backpropagation allocates them (the inputs, then Z, A and Δ for
    /// each layer, then the desired outputs), and the widest single buffer's share.
    /// </summary>
    private static (long Floats, long Widest) PerSample(Network network, bool forTraining)
    {
        (long floats, long widest) = PerSample(network.Sizes);
        if (network.IsConvolutional)
        {
            (long convolutional, long widestConvolutional) = ConvPoolPass.PerSample(network, forTraining);
            floats += convolutional;
            widest = Math.Max(widest, widestConvolutional);
        }

        // Dropout keeps a masked copy of each such layer's inputs and the mask.
        floats += network.Layers.Where(layer => layer.Dropout > 0).Sum(layer => 2L * layer.InputSize);
        return (floats, widest);
    }

    private static (long Floats, long Widest) PerSample(IReadOnlyList<int> sizes)
    {
        long floats = sizes[0] + (long)sizes[^1];
        long widest = sizes[0];
        for (int l = 1; l < sizes.Count; l++)
        {
            floats += 3L * sizes[l];
            widest = Math.Max(widest, sizes[l]);
        }

        return (floats, widest);
    }
}
