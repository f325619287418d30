namespace NndlPS.Core;

/// <summary>How a new network's weights are drawn; biases are N(0, 1) either way, as in the book.</summary>
public enum WeightInitialization
{
    /// <summary>Chapter 1: every weight from N(0, 1).</summary>
    Gaussian,

    /// <summary>Chapter 3 (network2.py's default_weight_initializer): weights from N(0, 1/n_in), so z does not saturate.</summary>
    ScaledGaussian,
}
