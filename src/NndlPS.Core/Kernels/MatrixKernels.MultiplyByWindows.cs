using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// Whether <see cref="MultiplyByUnfolded"/> reads a layer's columns straight from the windows of its inputs
    /// (<see cref="MultiplyByWindows"/>) on <paramref name="path"/>. Three conditions: each register of positions lies
    /// in one row of the output map (the map's width a multiple of the register's lanes); a sample's positions are
    /// whole groups of 16 (R1's), so a group never spans two samples; and a sample has at least
    /// <see cref="MinimumGroupsPerSample"/> groups, so a block's accumulators, kept in memory between the few samples
    /// of a tile, cost little beside its multiply-adds. The book's first layer (24 × 24 positions) qualifies on AVX2
    /// and on 128-bit vectors; its second (8 × 8) does not (read from its windows, in tiles of all ten samples, it took
    /// 1.9 s an epoch on one AVX2 thread against 1.5 s unfolded: its 500 columns' windows lie across 20 channels, and
    /// the unfolded rows are read in whole aligned vectors). AVX-512 keeps the unfolded rows: this kernel's blocks are
    /// written for registers of 8 and 4 lanes, and a register of 16 would span two rows of the first layer's maps.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    internal static bool ReadsWindows(ImageShape shape, int filterSize, KernelPath path = KernelPath.Best)
    {
        long outWidth = shape.Width - filterSize + 1, positions = (shape.Height - filterSize + 1) * outWidth;
        int lanesPerVector = KernelPaths.Choose(path, (int)Math.Min(int.MaxValue, positions)) switch
        {
            KernelPath.Vector256 => 8,
            KernelPath.Vector128 => 4,
            _ => 0, // AVX-512: see above; scalar: for correctness, not speed
        };
        // Within the tiles' bound: one row of blocks' accumulators (16 lanes for each of a block's 2 × 5 outputs), and
        // the table of window offsets (an int per register of a sample's positions).
        long accumulators = (((long)shape.Channels * filterSize * filterSize) + 4) / 5 * 10 * FixedLanes.Count;
        return lanesPerVector > 0 && outWidth > 0 && outWidth % lanesPerVector == 0 && positions % FixedLanes.Count == 0
            && positions >= MinimumGroupsPerSample * FixedLanes.Count
            && accumulators <= MaxAccumulatorFloats && positions / lanesPerVector <= MaxAccumulatorFloats;
    }

    /// <summary>
    /// Whether a convolutional layer's weight gradient is cut between threads by filters rather than by weights per
    /// filter: where its columns are read from the windows (<see cref="ReadsWindows"/> on the best path), a share
    /// needs only its own filters' errors and writes no scratch. The one place that decides it:
    /// <see cref="MultiplyByUnfolded"/> refuses a cut by rows anywhere else, where shares would unfold into the same rows.
    /// </summary>
    internal static bool SplitsByFilters(ImageShape shape, int filterSize) => ReadsWindows(shape, filterSize, KernelPath.Best);

    /// <summary>The fewest groups of 16 positions a sample must have for <see cref="ReadsWindows"/>.</summary>
    private const int MinimumGroupsPerSample = 16;

    /// <summary>The bytes of errors and inputs one tile of <see cref="MultiplyByWindows"/> aims at: half a core's nearest cache.</summary>
    private const int WindowTileBytes = 16 * 1024;

    /// <summary>
    /// Rows [rowFrom, rowTo) × columns [columnFrom, columnTo) of C = A · columnsᵀ with each value of the columns read
    /// from the layer's inputs where the window puts it, never unfolded: the vector of W positions (x … x + W − 1 of
    /// one row y of the output map) of column c·k·k + dy·k + dx is W consecutive pixels of row y + dy of channel c,
    /// from x + dx. Why: the first layer's unfolded columns are 25 rows of m·576 floats, more than a core's nearest
    /// cache holds beside the errors for even one sample, while its inputs are 784 floats a sample. Here a tile of a
    /// few samples' errors (two filters' worth) and inputs stays in that cache while every block of columns reads it.
    /// <para>The blocks are 2 rows × 5 columns with one register per element, which holds one slice of R1's 16 lanes
    /// at a time: slice g is lanes g·W … g·W + W − 1, which take positions g·W + 16·v … + W − 1 of each sample (the
    /// g-th register of every group of 16), in order. Each lane therefore runs R1's FMA chain over its own positions in
    /// increasing order, exactly as <see cref="MultiplyByTransposed"/>'s blocks do over the stored columns, and the
    /// lanes are combined by R2 once, at the end: the same bits. Ten accumulators, two registers of A and one of the
    /// inputs live: 13 registers; 7 loads feed 10 FMAs (the 2×3 blocks over all of a group's lanes load 10 for 12).</para>
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe void MultiplyByWindows(float* a, float* input, ImageShape shape, int filterSize, int m, float* c,
        int rowFrom, int rowTo, int columnFrom, int columnTo, KernelPath path)
    {
        int height = shape.Height, width = shape.Width, k = filterSize, outWidth = width - k + 1;
        int positions = (height - k + 1) * outWidth, inner = m * positions, columns = shape.Channels * k * k;
        int sampleSize = (int)shape.Size;
        int lanesPerVector = path == KernelPath.Vector256 ? 8 : 4, slices = FixedLanes.Count / lanesPerVector;
        const int blockRows = 2, blockColumns = 5, outputs = blockRows * blockColumns;
        int rowBlocks = (rowTo - rowFrom + blockRows - 1) / blockRows, columnBlocks = (columnTo - columnFrom + blockColumns - 1) / blockColumns;

        // Samples per tile: two rows of errors and one channel of the inputs (about what a block of columns reads) of
        // each sample within WindowTileBytes, at least one.
        long bytesPerSample = ((blockRows * (long)positions) + ((long)height * width)) * sizeof(float);
        int samplesPerTile = (int)Math.Clamp(WindowTileBytes / bytesPerSample, 1, Math.Max(1, m));

        // Where each column's windows start in a sample: channel c, row dy, column dx of the input.
        int* windowOrigin = stackalloc int[blockColumns];
        float[] accumulators = Accumulators((long)columnBlocks * outputs * FixedLanes.Count);
        // Where slice g's register of group v starts in a sample's input, from the window's origin: its positions
        // p … p + W − 1 (p = g·W + 16·v) lie in row p / outWidth of the map, from column p % outWidth.
        int groupsPerSample = positions / FixedLanes.Count;
        int[] offsetTable = WindowOffsets((long)slices * groupsPerSample);
        for (int g = 0; g < slices; g++)
        {
            for (int v = 0; v < groupsPerSample; v++)
            {
                int p = (g * lanesPerVector) + (v * FixedLanes.Count);
                offsetTable[(g * groupsPerSample) + v] = (p / outWidth * width) + (p % outWidth);
            }
        }

        fixed (float* acc0 = accumulators)
        fixed (int* offsets = offsetTable)
        {
            for (int rb = 0; rb < rowBlocks; rb++)
            {
                // Past the edge a block reads the last valid row or column again and its results are not kept.
                int i = rowFrom + (rb * blockRows);
                float* a0 = a + ((long)i * inner), a1 = a + ((long)Math.Min(i + 1, rowTo - 1) * inner);
                for (int first = 0; first < m; first += samplesPerTile)
                {
                    int samples = Math.Min(m, first + samplesPerTile) - first;
                    long t0 = (long)first * positions;
                    float* tileInput = input + ((long)first * sampleSize);
                    for (int cb = 0; cb < columnBlocks; cb++)
                    {
                        int j = columnFrom + (cb * blockColumns);
                        for (int col = 0; col < blockColumns; col++)
                        {
                            int weight = Math.Min(j + col, columnTo - 1), channel = weight / (k * k), dy = weight / k % k, dx = weight % k;
                            windowOrigin[col] = (channel * height * width) + (dy * width) + dx;
                        }

                        float* acc = acc0 + ((long)cb * outputs * FixedLanes.Count);
                        for (int g = 0; g < slices; g++)
                        {
                            var tile = new WindowTile(a0 + t0, a1 + t0, tileInput, windowOrigin, offsets + ((long)g * groupsPerSample), samples, positions,
                                sampleSize, acc, first > 0);
                            if (path == KernelPath.Vector256)
                            {
                                WindowBlock2x5<Simd256, Vector256<float>>(tile, g);
                            }
                            else
                            {
                                WindowBlock2x5<Simd128, Vector128<float>>(tile, g);
                            }
                        }
                    }
                }

                for (int cb = 0; cb < columnBlocks; cb++)
                {
                    for (int o = 0; o < outputs; o++)
                    {
                        int row = i + (o / blockColumns), column = columnFrom + (cb * blockColumns) + (o % blockColumns);
                        if (row < rowTo && column < columnTo)
                        {
                            c[((long)row * columns) + column] = CombineLanes(acc0 + ((((long)cb * outputs) + o) * FixedLanes.Count), path);
                        }
                    }
                }
            }
        }
    }

    [ThreadStatic]
    private static int[]? t_windowOffsets;

    /// <summary>
    /// This thread's table of window offsets (an int per register of a sample's positions, at most
    /// <see cref="MaxAccumulatorFloats"/>: see <see cref="ReadsWindows"/>), grown when a layer needs more, so training
    /// allocates nothing per mini-batch.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static int[] WindowOffsets(long count)
    {
        if (t_windowOffsets is null || t_windowOffsets.Length < count)
        {
            t_windowOffsets = new int[Math.Max(count, 256)];
        }

        return t_windowOffsets;
    }

    /// <summary>R2's combination of one output's 16 lanes kept in memory, as the blocks over stored columns do it on <paramref name="path"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float CombineLanes(float* lanes, KernelPath path) => path switch
    {
        KernelPath.Vector512 => FixedLanes.Reduce<Simd512, Vector512<float>>(Simd512.Load(lanes), default, default, default),
        KernelPath.Vector256 => FixedLanes.Reduce<Simd256, Vector256<float>>(Simd256.Load(lanes), Simd256.Load(lanes + 8), default, default),
        _ => FixedLanes.Reduce<Simd128, Vector128<float>>(Simd128.Load(lanes), Simd128.Load(lanes + 4), Simd128.Load(lanes + 8), Simd128.Load(lanes + 12)),
    };

    /// <summary>One block's view of a tile: the two rows of errors and the inputs from its first sample, where its five columns' windows start, and its accumulators.</summary>
    private readonly unsafe struct WindowTile(float* a0, float* a1, float* input, int* windowOrigin, int* offsets, int samples, int positions, int sampleSize,
        float* acc, bool resume)
    {
        public readonly float* A0 = a0, A1 = a1, Input = input, Acc = acc;
        public readonly int* WindowOrigin = windowOrigin, Offsets = offsets;
        public readonly int Samples = samples, Positions = positions, SampleSize = sampleSize;
        public readonly bool Resume = resume;
    }

    /// <summary>
    /// Slice <paramref name="g"/> of a 2×5 block over one tile: its 10 outputs' lanes g·W … g·W + W − 1 taken from
    /// the tile's accumulators (output o at Acc + 16·o) unless this is the first tile, then each sample's positions
    /// g·W, g·W + 16, … (W at a time) in order, and put back.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe void WindowBlock2x5<TSimd, TVector>(in WindowTile tile, int g)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int w = TSimd.Count, lane = g * w;
        float* acc = tile.Acc;
        TVector s00 = Take<TSimd, TVector>(acc, 0, lane, tile.Resume), s01 = Take<TSimd, TVector>(acc, 1, lane, tile.Resume);
        TVector s02 = Take<TSimd, TVector>(acc, 2, lane, tile.Resume), s03 = Take<TSimd, TVector>(acc, 3, lane, tile.Resume);
        TVector s04 = Take<TSimd, TVector>(acc, 4, lane, tile.Resume), s10 = Take<TSimd, TVector>(acc, 5, lane, tile.Resume);
        TVector s11 = Take<TSimd, TVector>(acc, 6, lane, tile.Resume), s12 = Take<TSimd, TVector>(acc, 7, lane, tile.Resume);
        TVector s13 = Take<TSimd, TVector>(acc, 8, lane, tile.Resume), s14 = Take<TSimd, TVector>(acc, 9, lane, tile.Resume);
        int positions = tile.Positions;
        for (int s = 0; s < tile.Samples; s++)
        {
            float* a0 = tile.A0 + ((long)s * positions), a1 = tile.A1 + ((long)s * positions);
            float* sample = tile.Input + ((long)s * tile.SampleSize);
            float* b0 = sample + tile.WindowOrigin[0], b1 = sample + tile.WindowOrigin[1], b2 = sample + tile.WindowOrigin[2];
            float* b3 = sample + tile.WindowOrigin[3], b4 = sample + tile.WindowOrigin[4];
            int* offsets = tile.Offsets;
            for (int t = lane, v = 0; t < positions; t += FixedLanes.Count, v++)
            {
                int offset = offsets[v];
                TVector x0 = TSimd.Load(a0 + t), x1 = TSimd.Load(a1 + t);
                TVector y = TSimd.Load(b0 + offset);
                s00 = TSimd.MultiplyAdd(x0, y, s00); s10 = TSimd.MultiplyAdd(x1, y, s10);
                y = TSimd.Load(b1 + offset);
                s01 = TSimd.MultiplyAdd(x0, y, s01); s11 = TSimd.MultiplyAdd(x1, y, s11);
                y = TSimd.Load(b2 + offset);
                s02 = TSimd.MultiplyAdd(x0, y, s02); s12 = TSimd.MultiplyAdd(x1, y, s12);
                y = TSimd.Load(b3 + offset);
                s03 = TSimd.MultiplyAdd(x0, y, s03); s13 = TSimd.MultiplyAdd(x1, y, s13);
                y = TSimd.Load(b4 + offset);
                s04 = TSimd.MultiplyAdd(x0, y, s04); s14 = TSimd.MultiplyAdd(x1, y, s14);
            }
        }

        TSimd.Store(s00, acc + lane); TSimd.Store(s01, acc + 16 + lane); TSimd.Store(s02, acc + 32 + lane);
        TSimd.Store(s03, acc + 48 + lane); TSimd.Store(s04, acc + 64 + lane); TSimd.Store(s10, acc + 80 + lane);
        TSimd.Store(s11, acc + 96 + lane); TSimd.Store(s12, acc + 112 + lane); TSimd.Store(s13, acc + 128 + lane);
        TSimd.Store(s14, acc + 144 + lane);
    }
}
