namespace NndlPS.Core;

/// <summary>
/// The shape of what a convolutional layer takes or gives, one sample: <see cref="Channels"/> feature maps of
/// <see cref="Height"/> × <see cref="Width"/> values, stored channel by channel, row by row (C×H×W, as network3.py's
/// and ONNX's tensors without the batch dimension). MNIST's images are 1×28×28.
/// </summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>Values per sample: C·H·W.</summary>
    public long Size => (long)Channels * Height * Width;

    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
