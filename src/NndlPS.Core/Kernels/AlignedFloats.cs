using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

/// <summary>
/// A buffer of floats whose first element lies on a 64-byte boundary, the start of a cache line. Why: .NET promises an
/// array's elements only 8-byte alignment (4 on a 32-bit runtime), so a vector load from a row that starts off a
/// boundary straddles two cache lines every other load on AVX2 and every load on AVX-512, and the CPU pays for both. Measured on this
/// project's machine (AMD EPYC, the book's second layer's weight gradient, 40 × 500 × 640, one thread): with AVX2,
/// 70 GFLOP/s with its operands' rows starting anywhere but on a 32-byte boundary, 94 on one; with AVX-512, 125 off a
/// 64-byte boundary, 158 on one. The convolutional layers' rows are whole multiples of 16 floats (64 bytes) long, so
/// aligning a buffer's start aligns every row of it.
/// </summary>
/// <remarks>
/// The array is allocated on the pinned object heap, which the garbage collector never compacts, so the offset of its
/// first aligned element, found once, stays right for the array's life; 15 floats more than asked for leave room for
/// any offset (0 to 15 floats). Nothing else changes: the same floats in the same order, so the same bits.
/// </remarks>
internal sealed class AlignedFloats
{
    /// <summary>The boundary the first element lies on: a cache line, and one AVX-512 vector.</summary>
    public const int Boundary = 64;

    private const int Spare = (Boundary / sizeof(float)) - 1;

    private readonly float[] _array;
    private readonly int _offset;

    public unsafe AlignedFloats(long length)
    {
        if (length < 0 || length > Array.MaxLength - Spare)
        {
            throw new ArgumentOutOfRangeException(nameof(length), $"{length} floats are more than one array can hold.");
        }

        _array = GC.AllocateArray<float>((int)length + Spare, pinned: true);
        fixed (float* first = _array)
        {
            _offset = (int)((Boundary - ((nint)first % Boundary)) % Boundary / sizeof(float));
        }

        Length = (int)length;
    }

    public int Length { get; }

    /// <summary>The buffer's floats, from the aligned first.</summary>
    public Span<float> Span
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _array.AsSpan(_offset, Length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> AsSpan(int start) => Span[start..];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<float> AsSpan(int start, int length) => Span.Slice(start, length);

    public static implicit operator Span<float>(AlignedFloats buffer) => buffer.Span;

    public static implicit operator ReadOnlySpan<float>(AlignedFloats buffer) => buffer.Span;
}
