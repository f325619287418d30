using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NndlPS.Core.Kernels;

/// <summary>
/// A pooled convolutional layer's error sent down to its inputs, fold(wᵀ · unpool(δz)), with wᵀ · unpool(δz) computed
/// from the positions that won their pool blocks alone, and the bits of the dense product.
/// <para><b>Why.</b> Max-pooling sends each block's error to the one position that won it, so with 2 × 2 pools three
/// quarters of the unpooled error are zeros, and the dense wᵀ · δ (<see cref="MatrixKernels.MultiplyStrided"/>, one
/// multiply-add per filter, position and weight) spends three quarters of its work adding them (more where ReLU
/// zeroed the error too). For the book's second layer that product was a fifth of a training epoch at mini-batch 10.</para>
/// <para><b>Why the bits do not change.</b> The dense product gives column error (k, p) one FMA chain over the filters
/// in order from +0 (R5 in FixedLanes.cs); here the chain takes only the filters whose error at p is not zero, in the
/// same order. A term left out has error ±0, so the dense chain adds w·(±0) = ±0 there (w is finite: ∞·0 is NaN, and
/// <see cref="Applies"/> requires finite weights), which leaves a non-zero sum as it is and a zero sum zero. So after
/// every step the two sums are equal or both zero, maybe of opposite signs (a product that rounds to −0 and a zero term
/// after it: the dense chain turns that −0 to +0, this one keeps it); and a term both take, fma(w, δ, ±0), gives the
/// same from either zero. The column errors therefore equal the dense product's but for the sign of a zero, which
/// <see cref="Convolution.Fold"/> cannot see: each input's error starts at +0 and only adds, so it never holds −0
/// (x + y is −0 only when both are), and adding +0 or −0 leaves it as it is. The inputs' errors have the dense bits.</para>
/// <para><b>How.</b> Each position's non-zero errors are listed in filter order. Then, 64 columns (weights per filter)
/// at a time, so that every filter's weights in them stay in the nearest cache (<see cref="BlockColumns"/>), each
/// position's sums are taken eight 256-bit registers wide, and every 8 positions' sums are turned around in registers so
/// that each column's 8 positions are stored as one vector where the dense product puts them. Measured with
/// <c>bench/NndlPS.Bench --conv-phases</c> (one AVX2 thread, the book's second layer at mini-batch 10): 1.07 s an epoch
/// against 1.48 s for the dense product and the fold; position by position over all 500 columns instead, the weights
/// came from the next cache for every position and it took 1.2 s, and sums of 8 positions × 8 columns a register at a
/// time, 1.5 s (a load and a broadcast for every multiply-add).</para>
/// </summary>
internal static unsafe class ErrorSentDown
{
    /// <summary>
    /// Whether training sends a layer's error down through the winners: its weights are all finite (else only the dense
    /// product has the dense product's bits), it pools (with pools of 1 every position wins), and the fast form runs
    /// here: 256-bit vectors on x86 (the turn of 8 × 8 sums is AVX's), and rows of the map that are whole groups of 8
    /// positions (with FMA, which AVX2 machines have). Elsewhere (NEON, SSE, AVX-512's own registers) the dense product
    /// runs: this kernel is written for 256-bit registers and was not measured against it there. <see cref="ThroughWinners"/>
    /// itself runs anywhere, to the same bits.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static bool Applies(ReadOnlySpan<float> weights, int poolSize, ImageShape inputShape, int filterSize) =>
        poolSize > 1 && HasTiles(inputShape, filterSize, KernelPath.Best) && float.IsFinite(TensorPrimitives.MaxMagnitude(weights));

    /// <summary>Whether <paramref name="path"/> computes this layer's column errors in 8 × 8 tiles.</summary>
    private static bool HasTiles(ImageShape inputShape, int filterSize, KernelPath path) =>
        Avx.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated && (path is KernelPath.Best or KernelPath.Vector512 or KernelPath.Vector256)
        && (inputShape.Width - filterSize + 1) % 8 == 0;

    /// <summary>
    /// inputErrors of samples [from, to) of a batch of m ← fold(wᵀ · unpool(pooledErrors)), as
    /// <see cref="MatrixKernels.MultiplyStrided"/> (aRowStride 1, aInnerStride K, inner F) and <see cref="Convolution.Fold"/>
    /// give it after <see cref="Convolution.Unpool"/>, when <see cref="Applies"/>.
    /// </summary>
    /// <param name="weights">The layer's F × K weights, K = C·k·k, one filter per row.</param>
    /// <param name="pooledErrors">δz, one sample per row of F·<paramref name="pooledSize"/>.</param>
    /// <param name="winners">Where each pooled value came from, as <see cref="Convolution.MaxPool"/> gives it: a place in the batch's F × m·P convolved maps.</param>
    /// <param name="filters">F.</param>
    /// <param name="positions">P, the convolved map's positions.</param>
    /// <param name="pooledSize">The pooled map's values for one filter.</param>
    /// <param name="m">The batch's samples.</param>
    /// <param name="inputShape">The layer's input, C×H×W.</param>
    /// <param name="filterSize">k.</param>
    /// <param name="columnErrors">Scratch for the samples' column errors, K rows of (to − from)·P, as the dense product writes them.</param>
    /// <param name="inputErrors">∂C/∂a of the layer's inputs, one sample per row of C·H·W.</param>
    /// <param name="from">The first sample.</param>
    /// <param name="to">The sample after the last.</param>
    /// <param name="path">Best, Vector512 or Vector256: 256-bit registers where the CPU has AVX and the map's rows are whole groups of 8; otherwise, and on any other path, one FMA chain per column in scalar code (the same bits; tests pin each).</param>
    [MethodImpl(HotPath.Compile)]
    public static void ThroughWinners(ReadOnlySpan<float> weights, ReadOnlySpan<float> pooledErrors, ReadOnlySpan<int> winners, int filters,
        int positions, int pooledSize, int m, ImageShape inputShape, int filterSize, Span<float> columnErrors, Span<float> inputErrors, int from, int to,
        KernelPath path = KernelPath.Best)
    {
        int k = filterSize, outWidth = inputShape.Width - k + 1;
        if (k < 1 || k > inputShape.Height || k > inputShape.Width || inputShape.Channels < 1 || filters < 1 || pooledSize < 0
            || (long)(inputShape.Height - k + 1) * outWidth != positions)
        {
            throw new ArgumentException($"A layer of {filters} {k}×{k} filters over {inputShape} has no map of {positions} positions pooled to {pooledSize}.");
        }

        // Sizes in 64 bits and the buffers' lengths checked before any pointer is formed from them (the layer's
        // shapes are checked when the network is made, so these fit an int).
        Convolution.RequireSamples(from, to, m);
        int perFilter = checked(inputShape.Channels * k * k), sampleSize = checked((int)inputShape.Size), perSample = checked(filters * pooledSize);
        int samples = to - from, rowLength = checked(samples * positions);
        Convolution.RequireLength(weights.Length, (long)filters * perFilter);
        Convolution.RequireLength(pooledErrors.Length, (long)m * perSample);
        Convolution.RequireLength(winners.Length, (long)m * perSample);
        Convolution.RequireLength(columnErrors.Length, (long)perFilter * rowLength);
        Convolution.RequireLength(inputErrors.Length, (long)m * sampleSize);
        Scratch scratch = ScratchFor(positions, perSample);
        long mapLength = (long)m * positions;
        bool tiles = HasTiles(inputShape, filterSize, path);
        fixed (float* w = weights, delta = pooledErrors, columns = columnErrors, block = scratch.Block)
        fixed (int* places = winners, starts = scratch.Starts, entryFilters = scratch.Filters)
        fixed (float* entryErrors = scratch.Errors)
        {
            for (int s = from; s < to; s++)
            {
                // The filters with a non-zero error at each position, in filter order: counted into counts[p + 1]
                // (starts[p + 2]), summed so that counts[p] is where position p's entries begin, then placed, each
                // placing moving counts[p] on; after that, position p's entries are starts[p] … starts[p + 1] − 1.
                new Span<int>(starts, positions + 2).Clear();
                int* counts = starts + 1;
                long first = (long)s * perSample;
                for (int f = 0; f < filters; f++)
                {
                    long place0 = ((long)f * mapLength) + ((long)s * positions);
                    for (int q = 0; q < pooledSize; q++)
                    {
                        long i = first + ((long)f * pooledSize) + q;
                        if (delta[i] != 0)
                        {
                            long p = places[i] - place0;
                            if ((ulong)p >= (ulong)positions)
                            {
                                throw new ArgumentException($"A winner ({places[i]}) lies outside sample {s}'s map of filter {f}.", nameof(winners));
                            }

                            counts[p + 1]++;
                        }
                    }
                }

                for (int p = 0; p < positions; p++)
                {
                    counts[p + 1] += counts[p];
                }

                for (int f = 0; f < filters; f++)
                {
                    long place0 = ((long)f * mapLength) + ((long)s * positions);
                    for (int q = 0; q < pooledSize; q++)
                    {
                        long i = first + ((long)f * pooledSize) + q;
                        if (delta[i] != 0)
                        {
                            int at = counts[places[i] - place0]++;
                            entryFilters[at] = f;
                            entryErrors[at] = delta[i];
                        }
                    }
                }

                // The sample's column errors, where the dense product puts them: K rows of the samples' positions.
                float* target = columns + ((long)(s - from) * positions);
                int column = 0;
                if (tiles)
                {
                    for (; column < perFilter; column += BlockColumns)
                    {
                        int end = Math.Min(perFilter, column + BlockColumns);
                        for (int p = 0; p < positions; p += 8)
                        {
                            for (int x = 0; x < 8; x++)
                            {
                                int begin = starts[p + x];
                                Sums(w, perFilter, entryFilters + begin, entryErrors + begin, starts[p + x + 1] - begin, block + (x * BlockColumns), column, end);
                            }

                            TurnAround(block, end - column, target + ((long)column * rowLength) + p, rowLength);
                        }
                    }
                }
                else
                {
                    for (; column < perFilter; column++)
                    {
                        for (int p = 0; p < positions; p++)
                        {
                            float sum = 0;
                            for (int e = starts[p]; e < starts[p + 1]; e++)
                            {
                                sum = MathF.FusedMultiplyAdd(w[((long)entryFilters[e] * perFilter) + column], entryErrors[e], sum);
                            }

                            target[((long)column * rowLength) + p] = sum;
                        }
                    }
                }
            }
        }

        Convolution.Fold(columnErrors[..((int)((long)perFilter * rowLength))], inputShape, filterSize, samples,
            inputErrors.Slice(from * sampleSize, samples * sampleSize), 0, samples);
    }

    /// <summary>The columns one pass over the positions takes: the filters' weights in them (40 × 256 bytes for the book's second layer) stay in the nearest cache.</summary>
    private const int BlockColumns = 64;

    /// <summary>
    /// sums[0 … end − first) ← columns [first, end) of one position: Σ over its entries, in order, of error · w[filter, ·],
    /// each column one FMA chain from +0 (a vector lane's FMA and MathF.FusedMultiplyAdd round once alike). Eight
    /// vectors at a time, so eight chains overlap, then one, then half of one, then single columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sums(float* w, int perFilter, int* filters, float* errors, int count, float* sums, int first, int end)
    {
        int j = first;
        for (; j + 64 <= end; j += 64, sums += 64)
        {
            Vector256<float> s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
            for (int e = 0; e < count; e++)
            {
                float* row = w + ((long)filters[e] * perFilter) + j;
                Vector256<float> x = Vector256.Create(errors[e]);
                s0 = Simd256.MultiplyAdd(Avx.LoadVector256(row), x, s0);
                s1 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 8), x, s1);
                s2 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 16), x, s2);
                s3 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 24), x, s3);
                s4 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 32), x, s4);
                s5 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 40), x, s5);
                s6 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 48), x, s6);
                s7 = Simd256.MultiplyAdd(Avx.LoadVector256(row + 56), x, s7);
            }

            Avx.Store(sums, s0);
            Avx.Store(sums + 8, s1);
            Avx.Store(sums + 16, s2);
            Avx.Store(sums + 24, s3);
            Avx.Store(sums + 32, s4);
            Avx.Store(sums + 40, s5);
            Avx.Store(sums + 48, s6);
            Avx.Store(sums + 56, s7);
        }

        for (; j + 8 <= end; j += 8, sums += 8)
        {
            Vector256<float> s0 = default;
            for (int e = 0; e < count; e++)
            {
                s0 = Simd256.MultiplyAdd(Avx.LoadVector256(w + ((long)filters[e] * perFilter) + j), Vector256.Create(errors[e]), s0);
            }

            Avx.Store(sums, s0);
        }

        if (j + 4 <= end)
        {
            Vector128<float> s0 = default;
            for (int e = 0; e < count; e++)
            {
                s0 = Simd128.MultiplyAdd(Sse.LoadVector128(w + ((long)filters[e] * perFilter) + j), Vector128.Create(errors[e]), s0);
            }

            Sse.Store(sums, s0);
            j += 4;
            sums += 4;
        }

        for (; j < end; j++, sums++)
        {
            float sum = 0;
            for (int e = 0; e < count; e++)
            {
                sum = MathF.FusedMultiplyAdd(w[((long)filters[e] * perFilter) + j], errors[e], sum);
            }

            *sums = sum;
        }
    }

    /// <summary>
    /// The 8 positions' sums in <paramref name="block"/> (position x's <paramref name="columns"/> columns at
    /// x · BlockColumns) stored column by column: column c's 8 positions as one vector at target + c · stride. Eight
    /// columns at a time are turned around in registers (unpack, shuffle, 128-bit permute: they move bits and round
    /// nothing); the last few, one float at a time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TurnAround(float* block, int columns, float* target, int stride)
    {
        int c = 0;
        for (; c + 8 <= columns; c += 8, target += 8L * stride)
        {
            float* at = block + c;
            Vector256<float> r0 = Avx.LoadVector256(at), r1 = Avx.LoadVector256(at + BlockColumns);
            Vector256<float> r2 = Avx.LoadVector256(at + (2 * BlockColumns)), r3 = Avx.LoadVector256(at + (3 * BlockColumns));
            Vector256<float> r4 = Avx.LoadVector256(at + (4 * BlockColumns)), r5 = Avx.LoadVector256(at + (5 * BlockColumns));
            Vector256<float> r6 = Avx.LoadVector256(at + (6 * BlockColumns)), r7 = Avx.LoadVector256(at + (7 * BlockColumns));
            Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1), t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
            Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5), t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);
            Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE), u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
            Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE), u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);
            Avx.Store(target, Avx.Permute2x128(u0, u4, 0x20));
            Avx.Store(target + stride, Avx.Permute2x128(u1, u5, 0x20));
            Avx.Store(target + (2L * stride), Avx.Permute2x128(u2, u6, 0x20));
            Avx.Store(target + (3L * stride), Avx.Permute2x128(u3, u7, 0x20));
            Avx.Store(target + (4L * stride), Avx.Permute2x128(u0, u4, 0x31));
            Avx.Store(target + (5L * stride), Avx.Permute2x128(u1, u5, 0x31));
            Avx.Store(target + (6L * stride), Avx.Permute2x128(u2, u6, 0x31));
            Avx.Store(target + (7L * stride), Avx.Permute2x128(u3, u7, 0x31));
        }

        for (; c < columns; c++, target += stride)
        {
            for (int x = 0; x < 8; x++)
            {
                target[x] = block[(x * BlockColumns) + c];
            }
        }
    }

    /// <summary>
    /// One thread's lists of errors (a position's start, and a filter and an error for each pooled value: the layer's
    /// pooled maps for one sample) and one block of 8 positions' sums, kept between calls so training allocates nothing
    /// per mini-batch; the column errors go to the caller's buffer.
    /// </summary>
    private sealed class Scratch(int positions, int entries)
    {
        public int Positions { get; } = positions;

        public int Entries { get; } = entries;

        public int[] Starts { get; } = new int[positions + 2];

        public int[] Filters { get; } = new int[entries];

        public float[] Errors { get; } = new float[entries];

        /// <summary>8 positions' sums of one block of columns, before TurnAround.</summary>
        public float[] Block { get; } = new float[8 * BlockColumns];
    }

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>This thread's scratch, made again only when a layer needs more than it holds.</summary>
    private static Scratch ScratchFor(int positions, int entries)
    {
        Scratch? scratch = t_scratch;
        if (scratch is null || scratch.Positions < positions || scratch.Entries < entries)
        {
            t_scratch = scratch = new Scratch(Math.Max(positions, scratch?.Positions ?? 0), Math.Max(entries, scratch?.Entries ?? 0));
        }

        return scratch;
    }
}
