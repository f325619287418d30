namespace NndlPS.Core;

/// <summary>
/// One layer's share of the gradient (chapter 2): ∂C/∂w for each weight, ∂C/∂b for each bias, and the error δ of
/// its neurons. By BP3 ∂C/∂b = δ, so <see cref="Errors"/> and <see cref="Biases"/> hold the same numbers; both are
/// kept so a script reads the one the book's sentence uses.
/// </summary>
/// <remarks>
/// Layer 1 is the first layer of neurons, the book's layer 2 (the book counts the inputs as layer 1); its weights
/// are <see cref="OutputSize"/> × <see cref="InputSize"/>, row j holding neuron j's weights, as network.py's w.
/// A chapter-6 network's convolutional layers come first (<see cref="Convolutional"/>): there a row is one filter's
/// shared weights, channels × k × k, and its bias gradient is the sum of the errors over the filter's whole map.
/// </remarks>
public sealed class LayerGradient
{
    internal LayerGradient(int layer, int inputSize, int outputSize, float[] weights, float[] biases, bool convolutional = false)
    {
        Layer = layer;
        Convolutional = convolutional;
        InputSize = inputSize;
        OutputSize = outputSize;
        Weights = weights;
        Biases = biases;
        WeightNorm = Norm(weights);
        BiasNorm = Norm(biases);
    }

    /// <summary>1 for the first layer of neurons, up to the output layer.</summary>
    public int Layer { get; }

    /// <summary>Whether this is a convolutional layer: <see cref="OutputSize"/> filters of <see cref="InputSize"/> shared weights each.</summary>
    public bool Convolutional { get; }

    /// <summary>Inputs per neuron; for a convolutional layer, weights per filter (channels × k × k).</summary>
    public int InputSize { get; }

    /// <summary>Neurons; for a convolutional layer, filters.</summary>
    public int OutputSize { get; }

    /// <summary>∂C/∂wⱼₖ at [j·InputSize + k]: weight k of neuron j (see <see cref="GetWeight"/>).</summary>
    public float[] Weights { get; }

    /// <summary>∂C/∂bⱼ for each neuron j.</summary>
    public float[] Biases { get; }

    /// <summary>
    /// δⱼ, the error of each neuron (BP1, BP2): equal to ∂C/∂bⱼ (BP3). For a convolutional layer, each filter's errors
    /// summed over its map, which is its shared bias's ∂C/∂b.
    /// </summary>
    public float[] Errors => Biases;

    /// <summary>‖∂C/∂w‖, the Euclidean norm over all of the layer's weights.</summary>
    public double WeightNorm { get; }

    /// <summary>‖δ‖ = ‖∂C/∂b‖: chapter 5's "speed of learning" of the layer (for a convolutional layer, of the per-filter sums).</summary>
    public double BiasNorm { get; }

    /// <summary>∂C/∂wⱼₖ: how the cost changes with the weight from input k to neuron j.</summary>
    public float GetWeight(int j, int k)
    {
        if ((uint)j >= (uint)OutputSize || (uint)k >= (uint)InputSize)
        {
            throw new ArgumentOutOfRangeException(nameof(j), $"Layer {Layer} has {OutputSize} neurons of {InputSize} inputs; ({j}, {k}) is outside.");
        }

        return Weights[(j * InputSize) + k];
    }

    public override string ToString() => (Convolutional ? $"layer {Layer} ({OutputSize} filters of {InputSize} weights)" : $"layer {Layer} ({InputSize} -> {OutputSize})") +
        $": |dC/dw| {WeightNorm:G4}, |dC/db| {BiasNorm:G4}";

    internal static double Norm(ReadOnlySpan<float> values)
    {
        // In double, in index order: the same on every CPU, and no overflow for large gradients.
        double sum = 0;
        foreach (float value in values)
        {
            sum += (double)value * value;
        }

        return Math.Sqrt(sum);
    }
}
