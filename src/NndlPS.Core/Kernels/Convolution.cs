using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

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
///   convolved  F × (m·P)             = weights (F × C·k·k) · columns: one product for the whole batch
///   pooled     m × (F·PH·PW)         one sample per row, map by map (C×H×W again, for the next layer)
/// </code>
/// The rows moved are short (24 and 8 floats for the book's network), so they are moved by explicit vectors, not
/// library calls, whose per-call cost was most of the time (unfolding, pooling and folding took 4.2 s of an 8.5 s epoch).
/// </summary>
internal static unsafe class Convolution
{
    /// <summary>columns ← the k×k windows of samples [from, to) (see the class comment for the layout).</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Unfold(ReadOnlySpan<float> inputs, ImageShape shape, int filterSize, int m, Span<float> columns, int from, int to)
    {
        int channels = shape.Channels, height = shape.Height, width = shape.Width, k = filterSize;
        int outHeight = height - k + 1, outWidth = width - k + 1, positions = outHeight * outWidth;
        int sampleSize = channels * height * width, n = m * positions;
        RequireLength(inputs.Length, (long)m * sampleSize);
        RequireLength(columns.Length, (long)channels * k * k * n);
        fixed (float* input = inputs, column = columns)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int dy = 0; dy < k; dy++)
                {
                    for (int dx = 0; dx < k; dx++)
                    {
                        float* row = column + ((long)(((c * k) + dy) * k + dx) * n);
                        for (int s = from; s < to; s++)
                        {
                            float* source = input + (s * sampleSize) + (c * height * width) + (dy * width) + dx;
                            float* target = row + (s * positions);
                            for (int y = 0; y < outHeight; y++)
                            {
                                Copy(source + (y * width), target + (y * outWidth), outWidth);
                            }
                        }
                    }
                }
            }
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
                            float* source = column + ((long)(((c * k) + dy) * k + dx) * n) + (s * positions);
                            float* target = input + (s * sampleSize) + (c * height * width) + (dy * width) + dx;
                            for (int y = 0; y < outHeight; y++)
                            {
                                Add(source + (y * outWidth), target + (y * width), outWidth);
                            }
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
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void MaxPool(ReadOnlySpan<float> convolved, int filters, int convolvedHeight, int convolvedWidth, int pool, int m,
        ReadOnlySpan<float> bias, Span<float> pooled, Span<int> where, int from, int to)
    {
        int positions = convolvedHeight * convolvedWidth, n = m * positions;
        int pooledHeight = convolvedHeight / pool, pooledWidth = convolvedWidth / pool, pooledSize = pooledHeight * pooledWidth;
        int sampleSize = filters * pooledSize;
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
                    for (int py = 0; py < pooledHeight; py++)
                    {
                        int rowStart = (s * positions) + (py * pool * convolvedWidth);
                        for (int px = 0; px < pooledWidth; px++, output++)
                        {
                            int best = rowStart + (px * pool);
                            float max = map[best];
                            if (pool == 2)
                            {
                                // The book's 2×2, unrolled: the same scan order and ties as the loop below.
                                // Selects, not branches: which value wins is data, and mispredicted branches cost more than the compares.
                                int second = best + 1, third = best + convolvedWidth, fourth = third + 1;
                                float v2 = map[second], v3 = map[third], v4 = map[fourth];
                                bool take = v2 > max;
                                max = take ? v2 : max;
                                best = take ? second : best;
                                take = v3 > max;
                                max = take ? v3 : max;
                                best = take ? third : best;
                                take = v4 > max;
                                max = take ? v4 : max;
                                best = take ? fourth : best;
                            }
                            else
                            {
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
                            }

                            output0[output] = max + b[f];
                            where0[output] = (f * n) + best;
                        }
                    }
                }
            }
        }
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

    /// <summary>biasGradient[f] ← Σ over samples and positions of pooledErrors[s, f, ·], in that order.</summary>
    [MethodImpl(HotPath.Compile)]
    public static void SumMaps(ReadOnlySpan<float> pooledErrors, int filters, int mapSize, int m, Span<float> biasGradient)
    {
        for (int f = 0; f < filters; f++)
        {
            float sum = 0;
            for (int s = 0; s < m; s++)
            {
                ReadOnlySpan<float> map = pooledErrors.Slice(((s * filters) + f) * mapSize, mapSize);
                for (int i = 0; i < map.Length; i++)
                {
                    sum += map[i];
                }
            }

            biasGradient[f] = sum;
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

    private static void RequireLength(int actual, long needed)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"A buffer holds {actual} values where {needed} are needed.");
        }
    }
}
