namespace NndlPS.Core;

/// <summary>The neurons the module knows, by the names the cmdlets and saved files use.</summary>
public enum ActivationKind
{
    /// <summary>σ(z) = 1 / (1 + e^(−z)): chapter 1's sigmoid neuron.</summary>
    Sigmoid,

    /// <summary>tanh(z): chapter 3's rescaled sigmoid, outputs in (−1, 1).</summary>
    Tanh,

    /// <summary>max(0, z): chapter 3's rectified linear unit.</summary>
    ReLU,

    /// <summary>e^(zⱼ) / Σₖ e^(zₖ) over the layer: chapter 3's softmax output layer.</summary>
    Softmax,

    /// <summary>1 when z &gt; 0, else 0: chapter 1's perceptron (w·x + b &gt; 0). Cannot be trained by gradient descent.</summary>
    Step,
}
