namespace NndlPS.Core;

/// <summary>
/// The gradient of the cost over some samples with respect to every weight and bias of a network, as
/// backpropagation computes it (chapter 2): for the cost C = (1/n) Σₓ Cₓ of n samples x,
/// ∂C/∂bˡ = (1/n) Σₓ δˡₓ (BP3) and ∂C/∂wˡ = (1/n) Σₓ δˡₓ (aˡ⁻¹ₓ)ᵀ (BP4). For one sample (n = 1) these are that
/// sample's δ and δ·aᵀ, the numbers network.py's backprop returns.
/// </summary>
public sealed class NetworkGradient
{
    internal NetworkGradient(Network network, string dataName, int samples, double cost, IReadOnlyList<LayerGradient> layers)
    {
        Sizes = network.Sizes.ToArray();
        Architecture = network.Architecture;
        CostName = network.Cost.Name;
        Data = dataName;
        Samples = samples;
        Cost = cost;
        Layers = layers;
        BiasNorms = layers.Select(layer => layer.BiasNorm).ToArray();
    }

    /// <summary>The fully connected layers' sizes, their input first (for a chapter-6 network, the last convolutional layer's outputs).</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>The network in a line, as <see cref="Network.Architecture"/> shows it: [784, 30, 10], or the input shape and every layer.</summary>
    public string Architecture { get; }

    /// <summary>The cost function the gradient is of (the network's: quadratic, crossentropy or loglikelihood).</summary>
    public string CostName { get; }

    /// <summary>The name of the image set the samples came from.</summary>
    public string Data { get; }

    /// <summary>n, the number of samples the cost and gradient are averaged over.</summary>
    public int Samples { get; }

    /// <summary>C, the mean cost over the samples (without any L2 term: the gradient is of this cost).</summary>
    public double Cost { get; }

    /// <summary>One entry per layer of neurons, the first hidden layer first (a chapter-6 network's convolutional layers first of all).</summary>
    public IReadOnlyList<LayerGradient> Layers { get; }

    /// <summary>‖δˡ‖ = ‖∂C/∂bˡ‖ of each layer, the first hidden layer first: chapter 5's speed of learning.</summary>
    public IReadOnlyList<double> BiasNorms { get; }

    public override string ToString() =>
        $"gradient of the {CostName} cost of {Architecture} over {Samples} {Data} image{(Samples == 1 ? string.Empty : "s")}: " +
        string.Join("; ", Layers.Select(layer => $"layer {layer.Layer} |dC/db| {layer.BiasNorm:G3}"));
}
