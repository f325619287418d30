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
