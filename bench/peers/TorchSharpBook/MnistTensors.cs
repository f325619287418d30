using NndlPS.Core;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>An NndlPS image set as LibTorch tensors: the pixels (0..1, as NndlPS feeds them) and the labels.</summary>
internal static class MnistTensors
{
    /// <summary>The images with <paramref name="shape"/> after the image index (784 for chapter 1, 1,28,28 for chapter 6).</summary>
    public static (Tensor X, Tensor Y) From(ImageSet set, params long[] shape)
    {
        var pixels = new float[set.Count * set.InputSize];
        for (int i = 0; i < set.Count; i++)
        {
            set.GetImage(i).CopyTo(pixels.AsSpan(i * set.InputSize, set.InputSize));
        }

        return (tensor(pixels).reshape([set.Count, .. shape]), tensor(Enumerable.Range(0, set.Count).Select(i => (long)set.GetLabel(i)).ToArray()));
    }
}
