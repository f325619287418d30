using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace NndlPS.Core.Kernels;

/// <summary>
/// The data movement around a convolutional layer's products, for samples [from, to) of a batch of m: unfolding the
/// inputs into the columns one product convolves them with ("im2col"), folding an error in that shape back onto the
/// inputs ("col2im"), and max-pooling. Nothing here rounds except the adds of <see cref="Fold"/>, one IEEE add per
/// element in one fixed order whatever the vector width, and every sample's work touches only that sample's part of
/// each buffer, so the samples can be shared between threads: every path and thread count gives the same bits.
/// <para>Shapes, for inputs C×H×W, a k×k filter and the convolved map P = (H−k+1)·(W−k+1) positions:</para>
/// <code>
///   inputs     m × (C·H·W)          one sample per row, channel by channel
///   columns    (C·k·k) × (m·P)       row c·k·k + dy·k + dx, column s·P + y·(W−k+1) + x  holds  input[s, c, y+dy, x+dx]
///   convolved  F × (m·P)             = weights (F × C·k·k) · columns
///   pooled     m × (F·PH·PW)         one sample per row, map by map (C×H×W again, for the next layer)
/// </code>
/// Training and evaluation call these on a few samples at a time laid out as a batch of their own (ConvPoolPass), so a
/// step's output stays in the core's cache for the next; <see cref="MaxPool"/> can then give its places in the whole
/// batch's maps. The rows moved are short (24 and 8 floats for the book's network), so they are moved by explicit vectors, not
/// library calls, whose per-call cost was most of the time (unfolding, pooling and folding took 4.2 s of an 8.5 s epoch).
/// </summary>
internal static unsafe class Convolution
{
    /// <summary>columns ← the k×k windows of samples [from, to) (see the class comment for the layout).</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Unfold(ReadOnlySpan<float> inputs, ImageShape shape, int filterSize, int m, Span<float> columns, int from, int to)
    {
        long positions = (long)(shape.Height - filterSize + 1) * (shape.Width - filterSize + 1), rowLength = m * positions;
        RequireSamples(from, to, m);
        RequireLength(inputs.Length, (long)m * shape.Size);
        RequireLength(columns.Length, (long)shape.Channels * filterSize * filterSize * rowLength);
        fixed (float* input = inputs, column = columns)
        {
            for (int row = 0; row < shape.Channels * filterSize * filterSize; row++)
            {
                UnfoldRow(input, shape, filterSize, row, column + (row * rowLength) + (from * positions), from, to);
            }
        }
    }

    /// <summary>
    /// Row <paramref name="row"/> = c·k·k + dy·k + dx of the columns (one window offset of one channel) for samples
    /// [from, to): <paramref name="target"/>[(s − from)·P + y·(W−k+1) + x] ← input[s, c, y+dy, x+dx]. Unfolding a row at a time
    /// lets a weight gradient make just the few rows its next blocks read (MatrixKernels.MultiplyByUnfolded). The caller
    /// has checked that the inputs hold <paramref name="to"/> samples and the target (<paramref name="to"/> − <paramref name="from"/>)·P floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void UnfoldRow(float* input, ImageShape shape, int filterSize, int row, float* target, int from, int to)
    {
        int height = shape.Height, width = shape.Width, k = filterSize;
        int outHeight = height - k + 1, outWidth = width - k + 1, positions = outHeight * outWidth;
        int c = row / (k * k), dy = row / k % k, dx = row % k;
        long sampleSize = shape.Size;
        float* first = input + ((long)c * height * width) + (dy * width) + dx;
        for (int s = from; s < to; s++)
        {
            CopyRows(first + (s * sampleSize), width, target + ((long)(s - from) * positions), outWidth, outHeight);
        }
    }

    /// <summary>
    /// inputErrors of samples [from, to) ← Σ over the windows of <paramref name="columnErrors"/> (same layout as
    /// <see cref="Unfold"/>'s columns): each input's error is the sum of the errors of every window position it was
    /// copied to, added in the order c, dy, dx.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void Fold(ReadOnlySpan<float> columnErrors, ImageShape shape, int filterSize, int m, Span<float> inputErrors, int from, int to)
    {
        int channels = shape.Channels, height = shape.Height, width = shape.Width, k = filterSize;
        int outHeight = height - k + 1, outWidth = width - k + 1, positions = outHeight * outWidth;
        int sampleSize = channels * height * width, n = m * positions;
        RequireSamples(from, to, m);
        RequireLength(inputErrors.Length, (long)m * sampleSize);
        RequireLength(columnErrors.Length, (long)channels * k * k * n);
        inputErrors.Slice(from * sampleSize, (to - from) * sampleSize).Clear();
        fixed (float* column = columnErrors, input = inputErrors)
        {
            for (int s = from; s < to; s++)
            {
                for (int c = 0; c < channels; c++)
                {
                    for (int dy = 0; dy < k; dy++)
                    {
                        for (int dx = 0; dx < k; dx++)
                        {
                            AddRows(column + ((long)(((c * k) + dy) * k + dx) * n) + (s * positions), outWidth,
                                input + (s * sampleSize) + (c * height * width) + (dy * width) + dx, width, outHeight);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// pooled[s, f, py, px] ← max over the pool×pool block of convolved[f, s·P + …] + bias[f] for samples [from, to),
    /// and where that maximum was (an index into <paramref name="convolved"/>; the first of equal values, scanning rows
    /// then columns). Positions past the last whole block are left out, as network3.py's pooling (ignore_border) does.
    /// <para>The places index the convolved maps of a batch of <paramref name="placeSamples"/> samples (F × placeSamples·P;
    /// m when omitted), this call's sample s being that batch's sample <paramref name="placeFirst"/> + s: training pools a
    /// few samples' maps held apart from the batch's (ConvPoolPass), and the backward pass unpools into the batch's.</para>
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void MaxPool(ReadOnlySpan<float> convolved, int filters, int convolvedHeight, int convolvedWidth, int pool, int m,
        ReadOnlySpan<float> bias, Span<float> pooled, Span<int> where, int from, int to, int placeSamples = -1, int placeFirst = 0)
    {
        int positions = convolvedHeight * convolvedWidth, n = m * positions;
        int pooledHeight = convolvedHeight / pool, pooledWidth = convolvedWidth / pool, pooledSize = pooledHeight * pooledWidth;
        int sampleSize = filters * pooledSize;
        placeSamples = placeSamples < 0 ? m : placeSamples;
        if (placeFirst < 0 || (long)placeFirst + m > placeSamples)
        {
            throw new ArgumentOutOfRangeException(nameof(placeFirst), $"Samples {placeFirst}..{(long)placeFirst + m} are outside a batch of {placeSamples}.");
        }

        RequireSamples(from, to, m);
        if ((long)filters * placeSamples * positions > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(placeSamples), $"The maps of {placeSamples} samples are more places than an int can name.");
        }

        // A place: filter f's map starts at f·placeColumns, sample s's positions at (placeFirst + s)·P within it.
        int placeColumns = placeSamples * positions, placeShift = placeFirst * positions;
        RequireLength(convolved.Length, (long)filters * n);
        RequireLength(pooled.Length, (long)m * sampleSize);
        RequireLength(where.Length, (long)m * sampleSize);
        RequireLength(bias.Length, filters);
        fixed (float* map0 = convolved, output0 = pooled, b = bias)
        fixed (int* where0 = where)
        {
            for (int s = from; s < to; s++)
            {
                for (int f = 0; f < filters; f++)
                {
                    float* map = map0 + ((long)f * n);
                    int output = (s * sampleSize) + (f * pooledSize);
                    if (pool == 2)
                    {
                        PoolTwoByTwo(map, s * positions, convolvedWidth, pooledHeight, pooledWidth, b[f], (f * placeColumns) + placeShift,
                            output0 + output, where0 + output);
                        continue;
                    }

                    for (int py = 0; py < pooledHeight; py++)
                    {
                        int rowStart = (s * positions) + (py * pool * convolvedWidth);
                        for (int px = 0; px < pooledWidth; px++, output++)
                        {
                            int best = rowStart + (px * pool);
                            float max = map[best];
                            int first = best;
                            for (int dy = 0; dy < pool; dy++)
                            {
                                int at = first + (dy * convolvedWidth);
                                for (int dx = 0; dx < pool; dx++, at++)
                                {
                                    if (map[at] > max)
                                    {
                                        max = map[at];
                                        best = at;
                                    }
                                }
                            }

                            output0[output] = max + b[f];
                            where0[output] = (f * placeColumns) + placeShift + best;
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// The book's 2×2 pooling of one map: each block's largest value plus the bias, and where it was. A block's winner
    /// is picked as a small tree, without branches (which value wins is data: mispredicted branches made this step cost
    /// more than the whole forward product): the larger of each row's pair, then the larger of the two rows, a tie going
    /// to the earlier each time, so the winner is the first of the block's largest values scanning rows then columns,
    /// what a sequential scan with &gt; finds (a NaN is picked as the tree picks it, on every path alike). The vector
    /// path takes four blocks at a time; a pick is exact, so every width gives the same values and places.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static void PoolTwoByTwo(float* map, int start, int convolvedWidth, int pooledHeight, int pooledWidth, float bias, int offset,
        float* pooled, int* where)
    {
        for (int py = 0; py < pooledHeight; py++)
        {
            int top = start + (2 * py * convolvedWidth), bottom = top + convolvedWidth;
            int px = 0;
            if (Vector128.IsHardwareAccelerated)
            {
                Vector128<int> steps = Vector128.Create(0, 2, 4, 6);
                for (; px <= pooledWidth - 4; px += 4)
                {
                    int at = 2 * px;
                    (Vector128<float> a, Vector128<float> b) = Deinterleave(Vector128.Load(map + top + at), Vector128.Load(map + top + at + 4));
                    (Vector128<float> c, Vector128<float> d) = Deinterleave(Vector128.Load(map + bottom + at), Vector128.Load(map + bottom + at + 4));
                    Vector128<int> topPlace = Vector128.Create(offset + top + at) + steps, bottomPlace = Vector128.Create(offset + bottom + at) + steps;
                    Vector128<float> right = Vector128.GreaterThan(b, a), lower = Vector128.GreaterThan(d, c);
                    Vector128<float> topMax = Vector128.ConditionalSelect(right, b, a), bottomMax = Vector128.ConditionalSelect(lower, d, c);
                    topPlace -= right.AsInt32(); // a true compare is all ones, −1: one place to the right
                    bottomPlace -= lower.AsInt32();
                    Vector128<float> below = Vector128.GreaterThan(bottomMax, topMax);
                    Vector128.Store(Vector128.ConditionalSelect(below, bottomMax, topMax) + Vector128.Create(bias), pooled);
                    Vector128.Store(Vector128.ConditionalSelect(below.AsInt32(), bottomPlace, topPlace), where);
                    pooled += 4;
                    where += 4;
                }
            }

            for (; px < pooledWidth; px++)
            {
                int at = 2 * px;
                float a = map[top + at], b = map[top + at + 1], c = map[bottom + at], d = map[bottom + at + 1];
                float topMax = b > a ? b : a, bottomMax = d > c ? d : c;
                int topPlace = b > a ? top + at + 1 : top + at, bottomPlace = d > c ? bottom + at + 1 : bottom + at;
                bool below = bottomMax > topMax;
                *pooled++ = (below ? bottomMax : topMax) + bias;
                *where++ = offset + (below ? bottomPlace : topPlace);
            }
        }
    }

    /// <summary>(x0, x2, x4, x6), (x1, x3, x5, x7) of eight consecutive floats: the left and right members of four pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector128<float> Even, Vector128<float> Odd) Deinterleave(Vector128<float> low, Vector128<float> high)
    {
        if (Sse.IsSupported)
        {
            return (Sse.Shuffle(low, high, 0b10_00_10_00), Sse.Shuffle(low, high, 0b11_01_11_01));
        }

        if (AdvSimd.Arm64.IsSupported)
        {
            return (AdvSimd.Arm64.UnzipEven(low, high), AdvSimd.Arm64.UnzipOdd(low, high));
        }

        return (Vector128.Create(low.GetElement(0), low.GetElement(2), high.GetElement(0), high.GetElement(2)),
            Vector128.Create(low.GetElement(1), low.GetElement(3), high.GetElement(1), high.GetElement(3)));
    }

    /// <summary>
    /// The error of the convolved maps of samples [from, to): each pooled error goes back to the one position that won
    /// its block, every other position gets 0 (the derivative of max). Blocks do not overlap, so each position gets at
    /// most one error.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void Unpool(ReadOnlySpan<float> pooledErrors, ReadOnlySpan<int> where, int filters, int positions, int pooledSize, int m,
        Span<float> convolvedErrors, int from, int to)
    {
        int n = m * positions, sampleSize = filters * pooledSize;
        RequireSamples(from, to, m);
        RequireLength(convolvedErrors.Length, (long)filters * n);
        RequireLength(pooledErrors.Length, (long)m * sampleSize);
        for (int f = 0; f < filters; f++)
        {
            convolvedErrors.Slice((f * n) + (from * positions), (to - from) * positions).Clear();
        }

        for (int i = from * sampleSize; i < to * sampleSize; i++)
        {
            convolvedErrors[where[i]] = pooledErrors[i];
        }
    }

    /// <summary>
    /// biasGradient[f] ← Σ over samples and positions of pooledErrors[s, f, ·], in that order, for filters
    /// [<paramref name="filterFrom"/>, <paramref name="filterTo"/>): one running sum per filter, so which filters one call
    /// sums (a thread's share of them) changes no bit. Four filters' sums run side by side, each still in its own order,
    /// so the adds of one do not wait on the latency of another's (one sum alone took four cycles an add).
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void SumMaps(ReadOnlySpan<float> pooledErrors, int filters, int mapSize, int m, Span<float> biasGradient, int filterFrom, int filterTo)
    {
        RequireLength(pooledErrors.Length, (long)m * filters * mapSize);
        RequireLength(biasGradient.Length, filters);
        if (filterFrom < 0 || filterFrom > filterTo || filterTo > filters)
        {
            throw new ArgumentOutOfRangeException(nameof(filterFrom), $"Filters [{filterFrom}, {filterTo}) are outside a layer of {filters}.");
        }

        fixed (float* errors = pooledErrors)
        {
            int f = filterFrom;
            for (; f <= filterTo - 4; f += 4)
            {
                float sum0 = 0, sum1 = 0, sum2 = 0, sum3 = 0;
                for (int s = 0; s < m; s++)
                {
                    float* map0 = errors + ((long)((s * filters) + f) * mapSize);
                    float* map1 = map0 + mapSize, map2 = map1 + mapSize, map3 = map2 + mapSize;
                    for (int i = 0; i < mapSize; i++)
                    {
                        sum0 += map0[i];
                        sum1 += map1[i];
                        sum2 += map2[i];
                        sum3 += map3[i];
                    }
                }

                biasGradient[f] = sum0;
                biasGradient[f + 1] = sum1;
                biasGradient[f + 2] = sum2;
                biasGradient[f + 3] = sum3;
            }

            for (; f < filterTo; f++)
            {
                float sum = 0;
                for (int s = 0; s < m; s++)
                {
                    float* map = errors + ((long)((s * filters) + f) * mapSize);
                    for (int i = 0; i < mapSize; i++)
                    {
                        sum += map[i];
                    }
                }

                biasGradient[f] = sum;
            }
        }
    }

    /// <summary>
    /// One window offset of one sample: <paramref name="rows"/> rows of <paramref name="count"/> floats, <paramref name="stride"/>
    /// apart in the source, end to end in the target. The book's rows are 8 and 24 floats, whole 256-bit vectors: for them
    /// the loop is vectors alone (the general copy's tests for a tail cost more than its one or three moves).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRows(float* source, int stride, float* target, int count, int rows)
    {
        if (Vector256.IsHardwareAccelerated && count == 8)
        {
            for (int y = 0; y < rows; y++, source += stride, target += 8)
            {
                Vector256.Store(Vector256.Load(source), target);
            }
        }
        else if (Vector256.IsHardwareAccelerated && count % 8 == 0)
        {
            for (int y = 0; y < rows; y++, source += stride)
            {
                for (int x = 0; x < count; x += 8, target += 8)
                {
                    Vector256.Store(Vector256.Load(source + x), target);
                }
            }
        }
        else
        {
            for (int y = 0; y < rows; y++, source += stride, target += count)
            {
                Copy(source, target, count);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Copy(float* source, float* target, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= count - 8; i += 8)
            {
                Vector256.Store(Vector256.Load(source + i), target + i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= count - 4; i += 4)
            {
                Vector128.Store(Vector128.Load(source + i), target + i);
            }
        }

        for (; i < count; i++)
        {
            target[i] = source[i];
        }
    }

    /// <summary>
    /// <see cref="Fold"/>'s step for one window offset of one sample: <paramref name="rows"/> rows of <paramref name="count"/>
    /// errors, end to end in the source, each added onto a row <paramref name="stride"/> apart in the target; rows of 8
    /// floats (the book's second layer) by one 256-bit vector each, as <see cref="CopyRows"/> moves them. The same one
    /// IEEE add per element on every path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddRows(float* source, int count, float* target, int stride, int rows)
    {
        if (Vector256.IsHardwareAccelerated && count == 8)
        {
            for (int y = 0; y < rows; y++, source += 8, target += stride)
            {
                Vector256.Store(Vector256.Load(target) + Vector256.Load(source), target);
            }
        }
        else
        {
            for (int y = 0; y < rows; y++, source += count, target += stride)
            {
                Add(source, target, count);
            }
        }
    }

    /// <summary>target[i] += source[i]: one IEEE add per element, whatever the width.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Add(float* source, float* target, int count)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= count - 8; i += 8)
            {
                Vector256.Store(Vector256.Load(target + i) + Vector256.Load(source + i), target + i);
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= count - 4; i += 4)
            {
                Vector128.Store(Vector128.Load(target + i) + Vector128.Load(source + i), target + i);
            }
        }

        for (; i < count; i++)
        {
            target[i] += source[i];
        }
    }

    /// <summary>Samples [from, to) must lie in the batch of m, checked before any pointer is formed from them.</summary>
    internal static void RequireSamples(int from, int to, int m)
    {
        if (from < 0 || from > to || to > m)
        {
            throw new ArgumentOutOfRangeException(nameof(from), $"Samples [{from}, {to}) are outside a batch of {m}.");
        }
    }

    internal static void RequireLength(int actual, long needed)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"A buffer holds {actual} values where {needed} are needed.");
        }
    }
}
