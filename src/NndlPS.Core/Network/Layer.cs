namespace NndlPS.Core;

/// <summary>
/// One layer of neurons after the input layer: its weights w (OutputSize × InputSize, row-major, so
/// <c>Weights[j * InputSize + k]</c> is the book's w_jk from neuron k of the previous layer to neuron j),
/// its biases b (OutputSize) and its neurons' activation. The arrays are the network's own: setting an
/// element sets the parameter (that is how a NAND perceptron or an experiment gets hand-set weights).
/// </summary>
public sealed class Layer
{
    internal Layer(int inputSize, int outputSize, IActivation activation)
    {
        InputSize = inputSize;
        OutputSize = outputSize;
        Weights = new float[inputSize * outputSize];
        Biases = new float[outputSize];
        Activation = activation;
    }

    public int InputSize { get; }

    public int OutputSize { get; }

    public float[] Weights { get; }

    public float[] Biases { get; }

    public IActivation Activation { get; set; }

    /// <summary>
    /// Chapter 6's dropout: the probability that each of this layer's inputs is dropped (set to 0) for a mini-batch
    /// while training, network3.py's <c>p_dropout</c>; 0 for none. The inputs kept are scaled by 1/(1 − p) while
    /// training ("inverted" dropout), so evaluation uses the weights as they are, where network3.py scales the
    /// weights by 1 − p instead: the same network in expectation.
    /// </summary>
    public float Dropout { get; internal set; }

    /// <summary>
    /// Sets every weight and bias of this layer (number <paramref name="layer"/>, 0 after the input) to given values:
    /// <paramref name="weights"/> is either OutputSize rows of InputSize weights (row j holds w_j1 … w_jk) or one
    /// row-major run of OutputSize × InputSize; <paramref name="biases"/> holds one bias per neuron.
    /// </summary>
    /// <exception cref="NndlException">NetworkWeightsShapeMismatch, NetworkBiasesShapeMismatch.</exception>
    internal void SetParameters(int layer, IReadOnlyList<float[]> weights, float[] biases)
    {
        string shape = $"Layer {layer} ({InputSize} -> {OutputSize}) needs {OutputSize} row(s) of {InputSize} weight(s), row j holding the weights " +
            $"into neuron j from each of the previous layer's {InputSize} neuron(s), or all {OutputSize * InputSize} weights in one row-major list";
        bool flat = weights.Count == 1 && weights[0].Length == Weights.Length;
        if (!flat)
        {
            if (weights.Count != OutputSize)
            {
                throw new NndlException("NetworkWeightsShapeMismatch", NndlErrorKind.InvalidArgument, $"{shape}; got {weights.Count} row(s).");
            }

            for (int j = 0; j < OutputSize; j++)
            {
                if (weights[j].Length != InputSize)
                {
                    throw new NndlException("NetworkWeightsShapeMismatch", NndlErrorKind.InvalidArgument, $"{shape}; row {j} has {weights[j].Length}.");
                }
            }
        }

        if (biases.Length != OutputSize)
        {
            throw new NndlException("NetworkBiasesShapeMismatch", NndlErrorKind.InvalidArgument,
                $"Layer {layer} ({InputSize} -> {OutputSize}) needs {OutputSize} bias(es), one per neuron; got {biases.Length}.");
        }

        for (int j = 0; j < weights.Count; j++)
        {
            weights[j].CopyTo(Weights, j * weights[j].Length);
        }

        biases.CopyTo(Biases, 0);
    }

    public float GetWeight(int j, int k) => Weights[Index(j, k)];

    public void SetWeight(int j, int k, float value) => Weights[Index(j, k)] = value;

    public override string ToString() => $"{InputSize} -> {OutputSize} {Activation.Name}";

    private int Index(int j, int k)
    {
        if ((uint)j >= (uint)OutputSize || (uint)k >= (uint)InputSize)
        {
            throw new ArgumentOutOfRangeException(nameof(j), $"w[{j},{k}] is outside this {OutputSize}x{InputSize} layer.");
        }

        return (j * InputSize) + k;
    }
}
