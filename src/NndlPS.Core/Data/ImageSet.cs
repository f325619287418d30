namespace NndlPS.Core;

/// <summary>
/// A set of labelled images (the book's list of (x, y) pairs): <see cref="Count"/> rows of
/// <see cref="InputSize"/> pixels in [0, 1], one label each. Slices share the parent's memory, so the
/// book's 50,000/10,000 split of the training file costs nothing.
/// </summary>
public sealed class ImageSet
{
    private readonly ReadOnlyMemory<float> _pixels;
    private readonly ReadOnlyMemory<byte> _labels;

    public ImageSet(string name, ReadOnlyMemory<float> pixels, ReadOnlyMemory<byte> labels, int imageRows, int imageColumns, int classCount)
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

    /// <summary>All pixels, row-major, one image per <see cref="InputSize"/> values.</summary>
    internal ReadOnlySpan<float> Pixels => _pixels.Span;

    internal ReadOnlySpan<byte> Labels => _labels.Span;

    /// <summary>The pixels of image <paramref name="index"/> as a new array (for scripts; the engine uses spans).</summary>
    public float[] GetImage(int index) => Pixels.Slice(CheckIndex(index) * InputSize, InputSize).ToArray();

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
