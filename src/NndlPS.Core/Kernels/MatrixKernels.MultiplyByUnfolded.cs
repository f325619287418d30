using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// Columns [columnFrom, columnTo) of C[rows×columns] = A[rows×inner] · Bᵀ, where B is the unfolded
    /// <paramref name="inputs"/> (<see cref="Convolution.Unfold"/>'s columns of m samples: columns = C·k·k rows of
    /// inner = m·P) — a convolutional layer's ∂C/∂w = δ · columnsᵀ. B is not read from a stored copy: each block's
    /// few rows are unfolded into <paramref name="scratch"/> just before the block reads them, and the same rows are
    /// used again for the next block, so they stay in this core's nearest cache. Stored, the batch's columns were
    /// megabytes at mini-batch 10 (1.3 MB for the book's second layer), written by both cores in the forward pass and
    /// read back here from the shared cache or memory.
    /// <para>Each element is <see cref="MultiplyByTransposed"/>'s over the stored columns, by the same blocks and the
    /// same operations (FixedLanes' R1–R3), so the two give the same bits on every path; and each is computed alone
    /// (R6), so any split of the columns between threads does too.</para>
    /// <para><paramref name="scratch"/> has the size of the stored columns (columns × inner), but only its rows
    /// [columnFrom, columnFrom + 4) are written, so calls on other threads with column ranges that do not overlap can
    /// share one buffer.</para>
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe void MultiplyByUnfolded(ReadOnlySpan<float> a, ReadOnlySpan<float> inputs, ImageShape shape, int filterSize, int m,
        Span<float> c, Span<float> scratch, int rows, int columnFrom, int columnTo, KernelPath path = KernelPath.Best)
    {
        if (shape.Channels <= 0 || filterSize <= 0 || filterSize > shape.Height || filterSize > shape.Width || m < 0 || rows < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(filterSize), $"A {filterSize}×{filterSize} filter over {shape} images, {m} samples and {rows} rows is no convolution.");
        }

        long positions = (long)(shape.Height - filterSize + 1) * (shape.Width - filterSize + 1);
        long columnsLong = (long)shape.Channels * filterSize * filterSize, innerLong = m * positions;
        if (columnsLong > int.MaxValue || innerLong > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(m), $"{columnsLong} columns of {innerLong} values are more than a product can index.");
        }

        int columns = (int)columnsLong, inner = (int)innerLong;
        RequireRange(columnFrom, columnTo, columns, "columns");
        RequireLength(a.Length, (long)rows * inner, nameof(a));
        RequireLength(inputs.Length, m * shape.Size, nameof(inputs));
        RequireLength(c.Length, (long)rows * columns, nameof(c));
        RequireLength(scratch.Length, columnsLong * inner, nameof(scratch));
        if (rows == 0 || columnFrom == columnTo)
        {
            return;
        }

        if (inner == 0)
        {
            // No samples: every dot product is empty, 0 (what MultiplyByTransposed's lanes add up to).
            for (int i = 0; i < rows; i++)
            {
                c.Slice((i * columns) + columnFrom, columnTo - columnFrom).Clear();
            }

            return;
        }

        path = KernelPaths.Choose(path, inner);
        // The blocks' widths in columns, as MultiplyByTransposed takes them: 4×4 on AVX-512, 2×3 on the others.
        int blockColumns = path == KernelPath.Vector512 ? 4 : path == KernelPath.Scalar ? 1 : 3;
        // Rows in windows whose padded tails fit the tail buffer's bound (MultiplyByTransposed halves its calls for the same).
        int rowWindow = MaxTailRows - blockColumns;
        fixed (float* pa = a, pc = c, input = inputs, rowsOfB = &scratch[columnFrom * inner])
        {
            for (int j = columnFrom; j < columnTo; j += blockColumns)
            {
                int end = Math.Min(columnTo, j + blockColumns);
                for (int row = j; row < end; row++)
                {
                    Convolution.UnfoldRow(input, shape, filterSize, row, rowsOfB + ((long)(row - j) * inner), 0, m);
                }

                for (int rowFrom = 0; rowFrom < rows; rowFrom += rowWindow)
                {
                    int rowTo = Math.Min(rows, rowFrom + rowWindow);
                    int tailFloats = inner % FixedLanes.Count == 0 ? 0 : (rowTo - rowFrom + end - j) * FixedLanes.Count;
                    fixed (float* tails = TailBuffer(tailFloats))
                    {
                        var dots = new DotShape(pa, rowsOfB, pc, null, columns, inner, rowFrom, rowTo, j, end, tailFloats == 0 ? null : tails,
                            firstRowOfB: j);
                        DotBlocksOfColumns(dots, path, rowFrom, rowTo, j);
                    }
                }
            }
        }
    }

    /// <summary>The blocks of MultiplyByTransposed that start at column <paramref name="j"/>, rows [rowFrom, rowTo).</summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe void DotBlocksOfColumns(in DotShape dots, KernelPath path, int rowFrom, int rowTo, int j)
    {
        if (path == KernelPath.Vector512)
        {
            for (int i = rowFrom; i < rowTo; i += 4)
            {
                DotBlock4x4<Simd512, Vector512<float>>(dots, i, j);
            }
        }
        else if (path == KernelPath.Vector256)
        {
            for (int i = rowFrom; i < rowTo; i += 2)
            {
                DotBlock2x3<Simd256, Vector256<float>>(dots, i, j);
            }
        }
        else if (path == KernelPath.Vector128)
        {
            for (int i = rowFrom; i < rowTo; i += 2)
            {
                DotBlock2x3<Simd128, Vector128<float>>(dots, i, j);
            }
        }
        else
        {
            for (int i = rowFrom; i < rowTo; i++)
            {
                dots.Put(i, j, ScalarDot(dots.RowOfA(i), dots.RowOfB(j), dots.Inner));
            }
        }
    }
}
