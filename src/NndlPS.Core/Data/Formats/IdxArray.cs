namespace NndlPS.Core;

/// <summary>
/// The contents of one IDX file: its element type, its dimensions (the first is the item count) and its
/// data bytes exactly as stored (row-major, multi-byte values big-endian).
/// </summary>
public sealed class IdxArray
{
    internal IdxArray(string source, IdxElementType elementType, int[] dimensions, byte[] data)
    {
        Source = source;
        ElementType = elementType;
        Dimensions = dimensions;
        Data = data;
    }

    /// <summary>The file the array was read from.</summary>
    public string Source { get; }

    public IdxElementType ElementType { get; }

    public IReadOnlyList<int> Dimensions { get; }

    internal byte[] Data { get; }

    /// <summary>The length of the file's decompressed contents: the header and the data.</summary>
    public long ContentLength => 4 + (4L * Dimensions.Count) + Data.Length;

    /// <summary>Number of items: the first dimension.</summary>
    public int Count => Dimensions[0];

    public override string ToString() =>
        $"IDX {ElementType} [{string.Join("×", Dimensions)}] from {Path.GetFileName(Source)}";
}
