using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// Rows [rowFrom, rowTo) × columns [columnFrom, columnTo) of C[rows×columns] = A[rows×inner] · Bᵀ, where B is the unfolded
    /// <paramref name="inputs"/> (<see cref="Convolution.Unfold"/>'s columns of m samples: columns = C·k·k rows of
    /// inner = m·P) — a convolutional layer's ∂C/∂w = δ · columnsᵀ. B is not read from a stored copy: each block's
    /// few rows are unfolded into <paramref name="scratch"/> just before the block reads them, and the same rows are
    /// used again for the next block, so they stay in this core's nearest cache. Stored, the batch's columns were
    /// megabytes at mini-batch 10 (1.3 MB for the book's second layer), written by both cores in the forward pass and
    /// read back here from the shared cache or memory.
    /// <para>Each element is <see cref="MultiplyByTransposed"/>'s over the stored columns, by the same blocks and the
    /// same operations (FixedLanes' R1–R3), so the two give the same bits on every path; and each is computed alone
    /// (R6), so any split of the rows or the columns between threads does too.</para>
    /// <para>Where <see cref="ReadsWindows"/> (the book's first layer on AVX2 and 128-bit vectors), the columns are
    /// read from the inputs' windows instead and never unfolded (<see cref="MultiplyByWindows"/>), by the same
    /// operations per element.</para>
    /// <para><paramref name="scratch"/> has the size of the stored columns (columns × inner), but a call writes only
    /// within its rows [columnFrom, min(columnTo, columnFrom + 4)), never past its own range even when that is narrower
    /// than a block, so calls on other threads with column ranges that do not overlap can share one buffer; calls that
    /// split the rows instead may share it only where <see cref="ReadsWindows"/>, which writes none of it.</para>
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe void MultiplyByUnfolded(ReadOnlySpan<float> a, ReadOnlySpan<float> inputs, ImageShape shape, int filterSize, int m,
        Span<float> c, Span<float> scratch, int rows, int rowFrom, int rowTo, int columnFrom, int columnTo, KernelPath path = KernelPath.Best)
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
        RequireRange(rowFrom, rowTo, rows, "rows");
        RequireRange(columnFrom, columnTo, columns, "columns");
        RequireLength(a.Length, (long)rows * inner, nameof(a));
        RequireLength(inputs.Length, m * shape.Size, nameof(inputs));
        RequireLength(c.Length, (long)rows * columns, nameof(c));
        RequireLength(scratch.Length, columnsLong * inner, nameof(scratch));
        if (rowFrom == rowTo || columnFrom == columnTo)
        {
            return;
        }

        if (inner == 0)
        {
            // No samples: every dot product is empty, 0 (what MultiplyByTransposed's lanes add up to).
            for (int i = rowFrom; i < rowTo; i++)
            {
                c.Slice((i * columns) + columnFrom, columnTo - columnFrom).Clear();
            }

            return;
        }

        // Decided on the path asked for, as SplitsByFilters decides it (inner ≥ positions ≥ 256 there, so the path
        // chosen for either length is the same).
        bool windows = ReadsWindows(shape, filterSize, path);
        if (!windows && (rowFrom != 0 || rowTo != rows))
        {
            throw new ArgumentException($"Rows [{rowFrom}, {rowTo}) of {rows}: a product over unfolded columns is cut by columns only, as calls that share the scratch unfold into their columns' rows of it.", nameof(rowFrom));
        }

        path = KernelPaths.Choose(path, inner);
        fixed (float* pa = a, pc = c, input = inputs, rowsOfB = &scratch[columnFrom * inner])
        {
            if (windows)
            {
                MultiplyByWindows(pa, input, shape, filterSize, m, pc, rowFrom, rowTo, columnFrom, columnTo, path);
                return;
            }

            int samplesPerTile = SamplesPerTile(rowTo - rowFrom, columnTo - columnFrom, (int)positions, inner, path);
            if (samplesPerTile < m)
            {
                MultiplyByUnfoldedInTiles(pa, input, shape, filterSize, m, pc, rowsOfB, rowFrom, rowTo, columnFrom, columnTo, samplesPerTile, path);
                return;
            }

            // The blocks' widths in columns, as MultiplyByTransposed takes them: 4×4 on AVX-512, 2×3 on the others.
            int blockColumns = path == KernelPath.Vector512 ? 4 : path == KernelPath.Scalar ? 1 : 3;
            // Rows in windows whose padded tails fit the tail buffer's bound (MultiplyByTransposed halves its calls for the same).
            int rowWindow = MaxTailRows - blockColumns;
            for (int j = columnFrom; j < columnTo; j += blockColumns)
            {
                int end = Math.Min(columnTo, j + blockColumns);
                for (int row = j; row < end; row++)
                {
                    Convolution.UnfoldRow(input, shape, filterSize, row, rowsOfB + ((long)(row - j) * inner), 0, m);
                }

                for (int windowFrom = rowFrom; windowFrom < rowTo; windowFrom += rowWindow)
                {
                    int windowTo = Math.Min(rowTo, windowFrom + rowWindow);
                    int tailFloats = inner % FixedLanes.Count == 0 ? 0 : (windowTo - windowFrom + end - j) * FixedLanes.Count;
                    fixed (float* tails = TailBuffer(tailFloats))
                    {
                        var dots = new DotShape(pa, rowsOfB, pc, null, columns, inner, windowFrom, windowTo, j, end, tailFloats == 0 ? null : tails,
                            firstRowOfB: j);
                        DotBlocksOfColumns(dots, path, windowFrom, windowTo, j);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The floats of A one tile of the inner dimension aims at: 32K, 128 KB, a part of a core's own cache (a tile is at
    /// least the few samples whose values make whole groups of 16, so it can be more).
    /// </summary>
    private const int TileFloats = 32 * 1024;

    /// <summary>The most accumulators one thread keeps between tiles: 1M floats, 4 MB (a layer of 65,536 weights).</summary>
    private const long MaxAccumulatorFloats = 1 << 20;

    /// <summary>
    /// How many samples' values of the inner dimension one tile takes, or int.MaxValue for no tiles. Tiles pay when A,
    /// the errors of every sample, outgrows a core's own cache (the book's first layer at mini-batch 10: 460 KB, read
    /// again for every block of columns from the shared cache or memory); they need whole groups of 16 (R1) in every
    /// tile, so inner a multiple of 16, and vectors (the scalar path is for correctness, not speed). The accumulators
    /// kept between tiles, 16 floats per element of C, are bounded by <see cref="MaxAccumulatorFloats"/> per thread.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    internal static int SamplesPerTile(int rows, int columns, int positions, int inner, KernelPath path)
    {
        long accumulators = (rows + 3L) * (columns + 3L) * FixedLanes.Count; // blocks rounded up: at most 3 rows and columns more
        if (path == KernelPath.Scalar || inner % FixedLanes.Count != 0 || (long)rows * inner <= 2L * TileFloats || accumulators > MaxAccumulatorFloats)
        {
            return int.MaxValue;
        }

        // A tile's values a multiple of 16: whole samples, in steps of 16 / gcd(P, 16) samples (gcd(P, 16) is P's
        // lowest set bit, at most 16).
        int step = FixedLanes.Count / Math.Min(FixedLanes.Count, positions & -positions);
        long samples = TileFloats / ((long)rows * positions) / step * step;
        return (int)Math.Max(step, samples);
    }

    /// <summary>
    /// The same product with the inner dimension cut into tiles of a few samples: for each tile, each block of columns
    /// unfolds that tile of its rows and goes on with its accumulators where the last tile left them (kept in
    /// <see cref="Accumulators"/> between tiles), so a tile of A is read from this core's own cache by every block of
    /// columns instead of the whole of A from further away. Each accumulator lane runs the same FMA chain in the same
    /// order as without tiles and the lanes are combined once, at the end, by R2: the same bits.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe void MultiplyByUnfoldedInTiles(float* a, float* input, ImageShape shape, int filterSize, int m, float* c, float* rowsOfB,
        int rowFrom, int rowTo, int columnFrom, int columnTo, int samplesPerTile, KernelPath path)
    {
        int positions = (shape.Height - filterSize + 1) * (shape.Width - filterSize + 1), inner = m * positions;
        int columns = shape.Channels * filterSize * filterSize;
        bool wide = path == KernelPath.Vector512;
        int blockRows = wide ? 4 : 2, blockColumns = wide ? 4 : 3, outputs = blockRows * blockColumns;
        int rowBlocks = (rowTo - rowFrom + blockRows - 1) / blockRows, columnBlocks = (columnTo - columnFrom + blockColumns - 1) / blockColumns;
        float[] accumulators = Accumulators((long)rowBlocks * columnBlocks * outputs * FixedLanes.Count);
        fixed (float* acc0 = accumulators)
        {
            for (int first = 0; first < m; first += samplesPerTile)
            {
                int last = Math.Min(m, first + samplesPerTile), length = (last - first) * positions, t0 = first * positions;
                for (int jb = 0; jb < columnBlocks; jb++)
                {
                    int j = columnFrom + (jb * blockColumns), end = Math.Min(columnTo, j + blockColumns);
                    for (int row = j; row < end; row++)
                    {
                        Convolution.UnfoldRow(input, shape, filterSize, row, rowsOfB + ((long)(row - j) * length), first, last);
                    }

                    // Past the edge a block reads the last valid row again and its results are not kept, as MultiplyByTransposed's do.
                    float* b0 = rowsOfB, b1 = rowsOfB + ((long)(Math.Min(j + 1, end - 1) - j) * length), b2 = rowsOfB + ((long)(Math.Min(j + 2, end - 1) - j) * length);
                    float* b3 = rowsOfB + ((long)(Math.Min(j + 3, end - 1) - j) * length);
                    for (int ib = 0; ib < rowBlocks; ib++)
                    {
                        float* acc = acc0 + (((long)jb * rowBlocks) + ib) * outputs * FixedLanes.Count;
                        int i = rowFrom + (ib * blockRows);
                        float* a0 = a + ((long)i * inner) + t0, a1 = a + ((long)Math.Min(i + 1, rowTo - 1) * inner) + t0;
                        if (wide)
                        {
                            float* a2 = a + ((long)Math.Min(i + 2, rowTo - 1) * inner) + t0, a3 = a + ((long)Math.Min(i + 3, rowTo - 1) * inner) + t0;
                            TiledBlock4x4<Simd512, Vector512<float>>(a0, a1, a2, a3, b0, b1, b2, b3, length, acc, resume: first > 0);
                        }
                        else if (path == KernelPath.Vector256)
                        {
                            TiledBlock2x3<Simd256, Vector256<float>>(a0, a1, b0, b1, b2, length, acc, resume: first > 0);
                        }
                        else
                        {
                            TiledBlock2x3<Simd128, Vector128<float>>(a0, a1, b0, b1, b2, length, acc, resume: first > 0);
                        }
                    }
                }
            }

            // The lanes of every output combined by R2, as the blocks without tiles do after their last value.
            for (int jb = 0; jb < columnBlocks; jb++)
            {
                for (int ib = 0; ib < rowBlocks; ib++)
                {
                    float* acc = acc0 + (((long)jb * rowBlocks) + ib) * outputs * FixedLanes.Count;
                    for (int o = 0; o < outputs; o++)
                    {
                        int i = rowFrom + (ib * blockRows) + (o / blockColumns), j = columnFrom + (jb * blockColumns) + (o % blockColumns);
                        if (i < rowTo && j < columnTo)
                        {
                            c[((long)i * columns) + j] = CombineLanes(acc + (o * FixedLanes.Count), path);
                        }
                    }
                }
            }
        }
    }

    [ThreadStatic]
    private static float[]? t_accumulators;

    /// <summary>
    /// This thread's accumulators between tiles, grown when a call needs more (the first mini-batch of a shape), so
    /// training allocates nothing per mini-batch; at most <see cref="MaxAccumulatorFloats"/> (4 MB) a thread, beside
    /// the tail buffer's 4 MiB (MultiplyByTransposed), outside TrainingBuffers' bound as the threads' stacks are.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static float[] Accumulators(long floats) => ThreadBuffer(ref t_accumulators, floats);

    /// <summary>
    /// <see cref="DotBlock2x3"/>'s FMAs over one tile of <paramref name="length"/> values (a multiple of 16), its 6 × 16
    /// lanes taken from <paramref name="acc"/> (output r·3 + c at acc + 16·(r·3 + c)) unless this is the first tile, and put back.
    /// The loop is DotBlock2x3's, operation for operation: a change to one must be made to the other (UnfoldedProductTests
    /// holds the two to the same bits on every path). It is written twice because DotBlock2x3 keeps its accumulators in
    /// registers from first value to last, which a call per tile cannot.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe void TiledBlock2x3<TSimd, TVector>(float* a0, float* a1, float* b0, float* b1, float* b2, int length, float* acc, bool resume)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        bool four = w == 4;
        TVector s00_0 = Take<TSimd, TVector>(acc, 0, 0, resume), s00_1 = Take<TSimd, TVector>(acc, 0, w, resume);
        TVector s01_0 = Take<TSimd, TVector>(acc, 1, 0, resume), s01_1 = Take<TSimd, TVector>(acc, 1, w, resume);
        TVector s02_0 = Take<TSimd, TVector>(acc, 2, 0, resume), s02_1 = Take<TSimd, TVector>(acc, 2, w, resume);
        TVector s10_0 = Take<TSimd, TVector>(acc, 3, 0, resume), s10_1 = Take<TSimd, TVector>(acc, 3, w, resume);
        TVector s11_0 = Take<TSimd, TVector>(acc, 4, 0, resume), s11_1 = Take<TSimd, TVector>(acc, 4, w, resume);
        TVector s12_0 = Take<TSimd, TVector>(acc, 5, 0, resume), s12_1 = Take<TSimd, TVector>(acc, 5, w, resume);
        TVector s00_2 = default, s01_2 = default, s02_2 = default, s10_2 = default, s11_2 = default, s12_2 = default;
        TVector s00_3 = default, s01_3 = default, s02_3 = default, s10_3 = default, s11_3 = default, s12_3 = default;
        if (four)
        {
            s00_2 = Take<TSimd, TVector>(acc, 0, 8, resume); s00_3 = Take<TSimd, TVector>(acc, 0, 12, resume);
            s01_2 = Take<TSimd, TVector>(acc, 1, 8, resume); s01_3 = Take<TSimd, TVector>(acc, 1, 12, resume);
            s02_2 = Take<TSimd, TVector>(acc, 2, 8, resume); s02_3 = Take<TSimd, TVector>(acc, 2, 12, resume);
            s10_2 = Take<TSimd, TVector>(acc, 3, 8, resume); s10_3 = Take<TSimd, TVector>(acc, 3, 12, resume);
            s11_2 = Take<TSimd, TVector>(acc, 4, 8, resume); s11_3 = Take<TSimd, TVector>(acc, 4, 12, resume);
            s12_2 = Take<TSimd, TVector>(acc, 5, 8, resume); s12_3 = Take<TSimd, TVector>(acc, 5, 12, resume);
        }

        for (int t = 0; t < length; t += FixedLanes.Count)
        {
            TVector x0 = TSimd.Load(a0 + t), x1 = TSimd.Load(a1 + t), y = TSimd.Load(b0 + t);
            s00_0 = TSimd.MultiplyAdd(x0, y, s00_0); s10_0 = TSimd.MultiplyAdd(x1, y, s10_0);
            y = TSimd.Load(b1 + t);
            s01_0 = TSimd.MultiplyAdd(x0, y, s01_0); s11_0 = TSimd.MultiplyAdd(x1, y, s11_0);
            y = TSimd.Load(b2 + t);
            s02_0 = TSimd.MultiplyAdd(x0, y, s02_0); s12_0 = TSimd.MultiplyAdd(x1, y, s12_0);

            int u = t + w;
            x0 = TSimd.Load(a0 + u); x1 = TSimd.Load(a1 + u); y = TSimd.Load(b0 + u);
            s00_1 = TSimd.MultiplyAdd(x0, y, s00_1); s10_1 = TSimd.MultiplyAdd(x1, y, s10_1);
            y = TSimd.Load(b1 + u);
            s01_1 = TSimd.MultiplyAdd(x0, y, s01_1); s11_1 = TSimd.MultiplyAdd(x1, y, s11_1);
            y = TSimd.Load(b2 + u);
            s02_1 = TSimd.MultiplyAdd(x0, y, s02_1); s12_1 = TSimd.MultiplyAdd(x1, y, s12_1);

            if (four)
            {
                u = t + 8;
                x0 = TSimd.Load(a0 + u); x1 = TSimd.Load(a1 + u); y = TSimd.Load(b0 + u);
                s00_2 = TSimd.MultiplyAdd(x0, y, s00_2); s10_2 = TSimd.MultiplyAdd(x1, y, s10_2);
                y = TSimd.Load(b1 + u);
                s01_2 = TSimd.MultiplyAdd(x0, y, s01_2); s11_2 = TSimd.MultiplyAdd(x1, y, s11_2);
                y = TSimd.Load(b2 + u);
                s02_2 = TSimd.MultiplyAdd(x0, y, s02_2); s12_2 = TSimd.MultiplyAdd(x1, y, s12_2);

                u = t + 12;
                x0 = TSimd.Load(a0 + u); x1 = TSimd.Load(a1 + u); y = TSimd.Load(b0 + u);
                s00_3 = TSimd.MultiplyAdd(x0, y, s00_3); s10_3 = TSimd.MultiplyAdd(x1, y, s10_3);
                y = TSimd.Load(b1 + u);
                s01_3 = TSimd.MultiplyAdd(x0, y, s01_3); s11_3 = TSimd.MultiplyAdd(x1, y, s11_3);
                y = TSimd.Load(b2 + u);
                s02_3 = TSimd.MultiplyAdd(x0, y, s02_3); s12_3 = TSimd.MultiplyAdd(x1, y, s12_3);
            }
        }

        TSimd.Store(s00_0, acc); TSimd.Store(s00_1, acc + w);
        TSimd.Store(s01_0, acc + 16); TSimd.Store(s01_1, acc + 16 + w);
        TSimd.Store(s02_0, acc + 32); TSimd.Store(s02_1, acc + 32 + w);
        TSimd.Store(s10_0, acc + 48); TSimd.Store(s10_1, acc + 48 + w);
        TSimd.Store(s11_0, acc + 64); TSimd.Store(s11_1, acc + 64 + w);
        TSimd.Store(s12_0, acc + 80); TSimd.Store(s12_1, acc + 80 + w);
        if (four)
        {
            TSimd.Store(s00_2, acc + 8); TSimd.Store(s00_3, acc + 12);
            TSimd.Store(s01_2, acc + 24); TSimd.Store(s01_3, acc + 28);
            TSimd.Store(s02_2, acc + 40); TSimd.Store(s02_3, acc + 44);
            TSimd.Store(s10_2, acc + 56); TSimd.Store(s10_3, acc + 60);
            TSimd.Store(s11_2, acc + 72); TSimd.Store(s11_3, acc + 76);
            TSimd.Store(s12_2, acc + 88); TSimd.Store(s12_3, acc + 92);
        }
    }

    /// <summary>
    /// <see cref="DotBlock4x4"/>'s FMAs over one tile, its 16 registers of 16 lanes taken from and put back to
    /// <paramref name="acc"/> (output r·4 + c at acc + 16·(r·4 + c)); its loop is DotBlock4x4's, as TiledBlock2x3's is DotBlock2x3's.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe void TiledBlock4x4<TSimd, TVector>(float* a0, float* a1, float* a2, float* a3, float* b0, float* b1, float* b2, float* b3,
        int length, float* acc, bool resume)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        TVector s00 = Take<TSimd, TVector>(acc, 0, 0, resume), s01 = Take<TSimd, TVector>(acc, 1, 0, resume), s02 = Take<TSimd, TVector>(acc, 2, 0, resume), s03 = Take<TSimd, TVector>(acc, 3, 0, resume);
        TVector s10 = Take<TSimd, TVector>(acc, 4, 0, resume), s11 = Take<TSimd, TVector>(acc, 5, 0, resume), s12 = Take<TSimd, TVector>(acc, 6, 0, resume), s13 = Take<TSimd, TVector>(acc, 7, 0, resume);
        TVector s20 = Take<TSimd, TVector>(acc, 8, 0, resume), s21 = Take<TSimd, TVector>(acc, 9, 0, resume), s22 = Take<TSimd, TVector>(acc, 10, 0, resume), s23 = Take<TSimd, TVector>(acc, 11, 0, resume);
        TVector s30 = Take<TSimd, TVector>(acc, 12, 0, resume), s31 = Take<TSimd, TVector>(acc, 13, 0, resume), s32 = Take<TSimd, TVector>(acc, 14, 0, resume), s33 = Take<TSimd, TVector>(acc, 15, 0, resume);
        for (int t = 0; t < length; t += FixedLanes.Count)
        {
            TVector x0 = TSimd.Load(a0 + t), x1 = TSimd.Load(a1 + t), x2 = TSimd.Load(a2 + t), x3 = TSimd.Load(a3 + t);
            TVector w = TSimd.Load(b0 + t);
            s00 = TSimd.MultiplyAdd(x0, w, s00); s10 = TSimd.MultiplyAdd(x1, w, s10);
            s20 = TSimd.MultiplyAdd(x2, w, s20); s30 = TSimd.MultiplyAdd(x3, w, s30);
            w = TSimd.Load(b1 + t);
            s01 = TSimd.MultiplyAdd(x0, w, s01); s11 = TSimd.MultiplyAdd(x1, w, s11);
            s21 = TSimd.MultiplyAdd(x2, w, s21); s31 = TSimd.MultiplyAdd(x3, w, s31);
            w = TSimd.Load(b2 + t);
            s02 = TSimd.MultiplyAdd(x0, w, s02); s12 = TSimd.MultiplyAdd(x1, w, s12);
            s22 = TSimd.MultiplyAdd(x2, w, s22); s32 = TSimd.MultiplyAdd(x3, w, s32);
            w = TSimd.Load(b3 + t);
            s03 = TSimd.MultiplyAdd(x0, w, s03); s13 = TSimd.MultiplyAdd(x1, w, s13);
            s23 = TSimd.MultiplyAdd(x2, w, s23); s33 = TSimd.MultiplyAdd(x3, w, s33);
        }

        TSimd.Store(s00, acc); TSimd.Store(s01, acc + 16); TSimd.Store(s02, acc + 32); TSimd.Store(s03, acc + 48);
        TSimd.Store(s10, acc + 64); TSimd.Store(s11, acc + 80); TSimd.Store(s12, acc + 96); TSimd.Store(s13, acc + 112);
        TSimd.Store(s20, acc + 128); TSimd.Store(s21, acc + 144); TSimd.Store(s22, acc + 160); TSimd.Store(s23, acc + 176);
        TSimd.Store(s30, acc + 192); TSimd.Store(s31, acc + 208); TSimd.Store(s32, acc + 224); TSimd.Store(s33, acc + 240);
    }

    /// <summary>Lanes [lane, lane + width) of output <paramref name="output"/>'s 16 in <paramref name="acc"/>, or zeros on the first tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TVector Take<TSimd, TVector>(float* acc, int output, int lane, bool resume)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct =>
        resume ? TSimd.Load(acc + (output * FixedLanes.Count) + lane) : default;

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
