namespace NndlPS.Core;

/// <summary>The MNIST-shaped datasets Import-Mnist knows by name.</summary>
public enum DatasetName
{
    /// <summary>Handwritten digits, the book's dataset.</summary>
    Mnist,

    /// <summary>Zalando's Fashion-MNIST: clothing in the same format, a harder problem.</summary>
    FashionMnist,

    /// <summary>Kuzushiji-MNIST: ten cursive Japanese characters in the same format.</summary>
    KMnist,
}
