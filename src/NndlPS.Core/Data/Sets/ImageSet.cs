using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// A set of labelled images (the book's list of (x, y) pairs): <see cref="Count"/> images of
/// <see cref="InputSize"/> pixels, one label each. MNIST's pixels are kept as the bytes the files store (0..255)
/// and become floats in [0, 1] only when a mini-batch or an evaluation chunk is copied out: a quarter of the
/// memory of a float copy, and nothing to convert at import. Sources that store floats (the book's pickle,
/// float IDX files) keep floats. Slices share the parent's memory, so the book's 50,000/10,000 split costs nothing.
/// </summary>
public sealed class ImageSet
{
    /// <summary>Each stored byte divided by this is the pixel value the network sees, so byte pixels lie in [0, 1].</summary>
    public const float PixelMaximum = 255f;

    private static readonly string[] Digits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private readonly ReadOnlyMemory<byte> _bytePixels;
    private readonly ReadOnlyMemory<float> _floatPixels;
    private readonly bool _storesFloats;
    private readonly ReadOnlyMemory<byte> _labels;

    /// <summary>A set whose pixels are bytes 0..255 (scaled to [0, 1] when used).</summary>
    public ImageSet(string name, ReadOnlyMemory<byte> pixels, ReadOnlyMemory<byte> labels, int imageRows, int imageColumns,
        int classCount, IReadOnlyList<string>? classNames = null)
        : this(name, labels, imageRows, imageColumns, classCount, classNames, pixels.Length)
    {
        _bytePixels = pixels;
    }

    /// <summary>A set whose pixels are already floats (used as they are).</summary>
    public ImageSet(string name, ReadOnlyMemory<float> pixels, ReadOnlyMemory<byte> labels, int imageRows, int imageColumns,
        int classCount, IReadOnlyList<string>? classNames = null)
        : this(name, labels, imageRows, imageColumns, classCount, classNames, pixels.Length)
    {
        _floatPixels = pixels;
        _storesFloats = true;
    }

    private ImageSet(string name, ReadOnlyMemory<byte> labels, int imageRows, int imageColumns, int classCount,
        IReadOnlyList<string>? classNames, int pixelCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageRows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(imageColumns);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classCount);
        if ((long)labels.Length * imageRows * imageColumns != pixelCount)
        {
            throw new ArgumentException($"{labels.Length} labels need {(long)labels.Length * imageRows * imageColumns} pixels, got {pixelCount}.");
        }

        classNames ??= classCount <= Digits.Length ? Digits[..classCount] : Enumerable.Range(0, classCount).Select(c => c.ToString()).ToArray();
        if (classNames.Count != classCount)
        {
            throw new ArgumentException($"{classCount} classes need {classCount} names, got {classNames.Count}.", nameof(classNames));
        }

        Name = name;
        _labels = labels;
        ImageRows = imageRows;
        ImageColumns = imageColumns;
        ClassCount = classCount;
        ClassNames = classNames.ToArray(); // a plain array, so PowerShell can index it
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

    /// <summary>What each label means: "0".."9" for MNIST, "T-shirt/top".."Ankle boot" for Fashion-MNIST.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    internal ReadOnlySpan<byte> Labels => _labels.Span;

    internal bool StoresFloats => _storesFloats;

    internal ReadOnlyMemory<byte> BytePixels => _bytePixels;

    internal ReadOnlyMemory<float> FloatPixels => _floatPixels;

    /// <summary>The pixels of image <paramref name="index"/> as a new array (for scripts; the engine uses spans).</summary>
    public float[] GetImage(int index)
    {
        var image = new float[InputSize];
        CopyImages(CheckIndex(index), 1, image);
        return image;
    }

    public int GetLabel(int index) => Labels[CheckIndex(index)];

    /// <summary>One image with its label: <c>$data.Test[0]</c> in PowerShell, which without an indexer gives the whole set back.</summary>
    public ImageSample this[int index] => GetSample(index);

    /// <summary>One image with its label, for looking at.</summary>
    public ImageSample GetSample(int index) =>
        new(Name, index, GetLabel(index), ClassNames[GetLabel(index)], GetImage(index), ImageRows, ImageColumns);

    /// <summary>Images [start, start + count) as floats, one per row of <paramref name="destination"/>.</summary>
    [MethodImpl(HotPath.Compile)]
    internal void CopyImages(int start, int count, Span<float> destination)
    {
        Span<float> target = destination.Slice(0, count * InputSize);
        if (_storesFloats)
        {
            _floatPixels.Span.Slice(start * InputSize, count * InputSize).CopyTo(target);
            return;
        }

        PixelConversion.BytesToUnitFloats(_bytePixels.Span.Slice(start * InputSize, count * InputSize), target);
    }

    /// <summary>
    /// Asks the CPU to start loading the images at <paramref name="indices"/> into its caches. A shuffled
    /// mini-batch is scattered over tens of megabytes, so copying it out waits on memory; prefetching the next
    /// batch while the current one trains hides that wait.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    internal unsafe void Prefetch(ReadOnlySpan<int> indices)
    {
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported)
        {
            return;
        }

        int bytesPerImage = _storesFloats ? InputSize * sizeof(float) : InputSize;
        fixed (byte* bytes = _bytePixels.Span)
        fixed (float* floats = _floatPixels.Span)
        {
            byte* start = _storesFloats ? (byte*)floats : bytes;
            foreach (int index in indices)
            {
                byte* image = start + ((long)index * bytesPerImage);
                for (int offset = 0; offset < bytesPerImage; offset += 64)
                {
                    System.Runtime.Intrinsics.X86.Sse.Prefetch0(image + offset);
                }
            }
        }
    }

    /// <summary>The images at <paramref name="indices"/> (a shuffled mini-batch) as floats, one per row.</summary>
    [MethodImpl(HotPath.Compile)]
    internal void CopyImages(ReadOnlySpan<int> indices, Span<float> destination)
    {
        for (int s = 0; s < indices.Length; s++)
        {
            CopyImages(indices[s], 1, destination.Slice(s * InputSize, InputSize));
        }
    }

    /// <summary>Images [start, start + count) as a new set that shares this one's memory.</summary>
    public ImageSet Slice(string name, int start, int count)
    {
        if (start < 0 || count < 0 || start > Count - count)
        {
            throw new ArgumentOutOfRangeException(nameof(count), $"Cannot take {count} images from {start} of a set of {Count}.");
        }

        ReadOnlyMemory<byte> labels = _labels.Slice(start, count);
        return _storesFloats
            ? new ImageSet(name, _floatPixels.Slice(start * InputSize, count * InputSize), labels, ImageRows, ImageColumns, ClassCount, ClassNames)
            : new ImageSet(name, _bytePixels.Slice(start * InputSize, count * InputSize), labels, ImageRows, ImageColumns, ClassCount, ClassNames);
    }

    public override string ToString() => $"{Name}: {Count} images of {ImageRows}x{ImageColumns}, {ClassCount} classes";

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Index {index} is outside the set's {Count} images (0 to {Count - 1}).");
        }

        return index;
    }
}
