namespace NndlPS.Core;

/// <summary>
/// network3.py's <c>ConvPoolLayer</c>: <see cref="Filters"/> feature maps, each a <see cref="FilterSize"/>² window of
/// shared weights slid over every input channel (a "valid" convolution, stride 1), then max-pooled over
/// non-overlapping <see cref="PoolSize"/>² blocks, then the map's one bias added and the activation applied:
/// <code>
///   a[f, y, x] = σ( max over the pool block of Σ_c Σ_dy Σ_dx w[f, c, dy, dx] · in[c, y' + dy, x' + dx]  +  b[f] )
/// </code>
/// (pooling before the bias and σ, as network3.py does; for a per-map bias and a rising σ it is the same as after.)
/// The weights are stored F×C×k×k, row-major (ONNX's and Theano's OIHW order), so <c>Weights[f·C·k·k + c·k·k + dy·k + dx]</c>
/// is w[f, c, dy, dx]. Like <see cref="Layer"/>, the arrays are the network's own.
/// </summary>
public sealed class ConvPoolLayer
{
    internal ConvPoolLayer(ImageShape input, int filters, int filterSize, int poolSize, IActivation activation)
    {
        InputShape = input;
        Filters = filters;
        FilterSize = filterSize;
        PoolSize = poolSize;
        Activation = activation;
        Weights = new float[checked(filters * WeightsPerFilter)]; // callers bound the size first (Network.Create, the file reader)
        Biases = new float[filters];
    }

    public ImageShape InputShape { get; }

    public int Filters { get; }

    public int FilterSize { get; }

    public int PoolSize { get; }

    public IActivation Activation { get; internal set; }

    public float[] Weights { get; }

    public float[] Biases { get; }

    /// <summary>Inputs of one filter: C·k·k (its fan-in).</summary>
    public int WeightsPerFilter => InputShape.Channels * FilterSize * FilterSize;

    /// <summary>The convolution's map, before pooling: (H − k + 1) × (W − k + 1).</summary>
    public int ConvolvedHeight => InputShape.Height - FilterSize + 1;

    public int ConvolvedWidth => InputShape.Width - FilterSize + 1;

    /// <summary>F × ((H − k + 1)/p) × ((W − k + 1)/p).</summary>
    public ImageShape OutputShape => new(Filters, ConvolvedHeight / PoolSize, ConvolvedWidth / PoolSize);

    /// <summary>Weights and biases.</summary>
    public long ParameterCount => (long)Weights.Length + Biases.Length;

    public float GetWeight(int filter, int channel, int row, int column) => Weights[Index(filter, channel, row, column)];

    public void SetWeight(int filter, int channel, int row, int column, float value) => Weights[Index(filter, channel, row, column)] = value;

    /// <summary>The layer as New-Network -Layers takes it as text (<see cref="LayerText"/>), then the shapes it maps between.</summary>
    public override string ToString() =>
        $"{LayerText.Format(new ConvPoolLayerDesign(Filters, FilterSize, PoolSize, Activation.Kind))}: {InputShape} -> {OutputShape}";

    private int Index(int filter, int channel, int row, int column)
    {
        if ((uint)filter >= (uint)Filters || (uint)channel >= (uint)InputShape.Channels || (uint)row >= (uint)FilterSize || (uint)column >= (uint)FilterSize)
        {
            throw new ArgumentOutOfRangeException(nameof(filter),
                $"w[{filter},{channel},{row},{column}] is outside this layer's {Filters}x{InputShape.Channels}x{FilterSize}x{FilterSize} weights.");
        }

        return (((filter * InputShape.Channels) + channel) * FilterSize * FilterSize) + (row * FilterSize) + column;
    }
}
