using System.Numerics.Tensors;

namespace NndlPS.Core;

/// <summary>
/// A set of labelled images (the book's list of (x, y) pairs): <see cref="Count"/> images of
/// <see cref="InputSize"/> pixels, one label each. Pixels are kept as the bytes MNIST stores (0..255) and become
/// floats in [0, 1] only when a mini-batch or an evaluation chunk is copied out: a quarter of the memory of a
/// float copy, and nothing to convert at import. Slices share the parent's memory, so the book's
/// 50,000/10,000 split of the training file costs nothing.
/// </summary>
public sealed class ImageSet
{
    private readonly ReadOnlyMemory<byte> _pixels;
    private readonly ReadOnlyMemory<byte> _labels;

    public ImageSet(string name, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<byte> labels, int imageRows, int imageColumns, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageColumns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if ((long)labels.Length * imageRows * imageColumns != pixels.Length)
        {
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * imageRows * imageColumns} pixels, got {pixels.Length}.", nameof(pixels));
        }

        Name = name;
        _pixels = pixels;
        _labels = labels;
        ImageRows = imageRows;
        ImageColumns = imageColumns;
        ClassCount = classCount;
    }

    /// <summary>What the set is, e.g. "Training" or "Test".</summary>
    public string Name { get; }

    public int Count => _labels.Length;

    public int ImageRows { get; }

    public int ImageColumns { get; }

    /// <summary>Pixels per image: the size of a network's input layer.</summary>
    public int InputSize => ImageRows * ImageColumns;

    /// <summary>Number of classes (10 digits): the size of a network's output layer.</summary>
    public int ClassCount { get; }

    /// <summary>Each stored byte divided by this is the pixel value the network sees, so pixels lie in [0, 1].</summary>
    public const float PixelMaximum = 255f;

    internal ReadOnlySpan<byte> Labels => _labels.Span;

    /// <summary>The pixels of image <paramref name="index"/> as a new array (for scripts; the engine uses spans).</summary>
    public float[] GetImage(int index)
    {
        var image = new float[InputSize];
        CopyImages(CheckIndex(index), 1, image);
        return image;
    }

    /// <summary>Images [start, start + count) as floats in [0, 1], one per row of <paramref name="destination"/>.</summary>
    internal void CopyImages(int start, int count, Span<float> destination)
    {
        ReadOnlySpan<byte> source = _pixels.Span.Slice(start * InputSize, count * InputSize);
        Span<float> target = destination.Slice(0, source.Length);
        TensorPrimitives.ConvertTruncating<byte, float>(source, target);
        TensorPrimitives.Divide(target, PixelMaximum, target); // division, so 255 becomes exactly 1
    }

    /// <summary>The images at <paramref name="indices"/> (a shuffled mini-batch) as floats, one per row.</summary>
    internal void CopyImages(ReadOnlySpan<int> indices, Span<float> destination)
    {
        for (int s = 0; s < indices.Length; s++)
        {
            CopyImages(indices[s], 1, destination.Slice(s * InputSize, InputSize));
        }
    }


    public int GetLabel(int index) => Labels[CheckIndex(index)];

    /// <summary>Images [start, start + count) as a new set that shares this one's memory.</summary>
    public ImageSet Slice(string name, int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot take {count} images from {start} of a set of {Count}.");
        }

        return new ImageSet(name, _pixels.Slice(start * InputSize, count * InputSize), _labels.Slice(start, count), ImageRows, ImageColumns, ClassCount);
    }

    public override string ToString() => $"{Name}: {Count} images of {ImageRows}x{ImageColumns}, {ClassCount} classes";

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the set's {Count} images.");
        }

        return index;
    }
}
