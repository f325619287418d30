namespace NndlPS.Core;

/// <summary>How a new network's weights are drawn; biases are N(0, 1), as in the book, except for <see cref="FanIn"/>.</summary>
public enum WeightInitialization
{
    /// <summary>Chapter 1: every weight from N(0, 1).</summary>
    Gaussian,

    /// <summary>Chapter 3 (network2.py's default_weight_initializer): weights from N(0, 1/n_in), so z does not saturate.</summary>
    ScaledGaussian,

    /// <summary>
    /// Chapter 6 (New-Network -Layers): weights from N(0, 1/n_in), or N(0, 2/n_in) for ReLU neurons (He et al., 2015),
    /// n_in the inputs one neuron sees (C·k·k for a filter); biases 0. network3.py draws N(0, 1/n_out), which the book's
    /// code has as a known slip: with n_out it scales by the wrong layer, too large a spread for a layer of few outputs.
    /// </summary>
    FanIn,
}
