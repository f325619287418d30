namespace NndlPS.Core;

/// <summary>
/// The choices that make a new network, with the book's chapter-1 defaults: sigmoid neurons, the quadratic cost,
/// N(0, 1) weights. The one source of these defaults for the engine and the cmdlets.
/// </summary>
public sealed record NetworkDesign
{
    /// <summary>The hidden layers' neurons (and the output layer's unless <see cref="OutputActivation"/> is given).</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Sigmoid;

    /// <summary>The output layer's neurons; null means the same as <see cref="Activation"/>.</summary>
    public ActivationKind? OutputActivation { get; init; }

    public CostKind Cost { get; init; } = CostKind.Quadratic;

    public WeightInitialization Initialization { get; init; } = WeightInitialization.Gaussian;

    /// <summary>The neurons per layer chapter 1 trains on MNIST when no network is given: [784, 30, 10].</summary>
    public const int BookHiddenNeurons = 30;
}
