using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

/// <summary>
/// The data movement around a convolutional layer's products, for a batch of m samples: unfolding the inputs into
/// the columns one product convolves them with ("im2col"), folding an error in that shape back onto the inputs
/// ("col2im"), and max-pooling. None of it rounds anything except the adds of <see cref="Fold"/>, which run in one
/// fixed order, so every vector width and thread count gives the same bits (FixedLanes' rule).
/// <para>Shapes, for inputs C×H×W, a k×k filter and the convolved map P = (H−k+1)·(W−k+1) positions:</para>
/// <code>
///   inputs     m × (C·H·W)          one sample per row, channel by channel
///   columns    (C·k·k) × (m·P)       row c·k·k + dy·k + dx, column s·P + y·(W−k+1) + x  holds  input[s, c, y+dy, x+dx]
///   convolved  F × (m·P)             = weights (F × C·k·k) · columns: one product for the whole batch
///   pooled     m × (F·PH·PW)         one sample per row, map by map (C×H×W again, for the next layer)
/// </code>
/// </summary>
internal static class Convolution
{
    /// <summary>columns ← the k×k windows of every input (see the class comment for the layout).</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Unfold(ReadOnlySpan<float> inputs, ImageShape shape, int filterSize, int m, Span<float> columns)
    {
        int channels = shape.Channels, height = shape.Height, width = shape.Width, k = filterSize;
        int outHeight = height - k + 1, outWidth = width - k + 1, positions = outHeight * outWidth;
        int sampleSize = channels * height * width, n = m * positions;
        for (int c = 0; c < channels; c++)
        {
            for (int dy = 0; dy < k; dy++)
            {
                for (int dx = 0; dx < k; dx++)
                {
                    Span<float> row = columns.Slice((((c * k) + dy) * k + dx) * n, n);
                    for (int s = 0; s < m; s++)
                    {
                        int from = (s * sampleSize) + (c * height * width) + (dy * width) + dx;
                        int to = s * positions;
                        for (int y = 0; y < outHeight; y++)
                        {
                            inputs.Slice(from + (y * width), outWidth).CopyTo(row.Slice(to + (y * outWidth), outWidth));
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// inputErrors ← Σ over the windows of <paramref name="columnErrors"/> (same layout as <see cref="Unfold"/>'s columns):
    /// each input's error is the sum of the errors of every window position it was copied to, added in the order
    /// c, dy, dx (one element-wise IEEE add per step, so every path adds alike).
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void Fold(ReadOnlySpan<float> columnErrors, ImageShape shape, int filterSize, int m, Span<float> inputErrors)
    {
        int channels = shape.Channels, height = shape.Height, width = shape.Width, k = filterSize;
        int outHeight = height - k + 1, outWidth = width - k + 1, positions = outHeight * outWidth;
        int sampleSize = channels * height * width, n = m * positions;
        inputErrors.Slice(0, m * sampleSize).Clear();
        for (int c = 0; c < channels; c++)
        {
            for (int dy = 0; dy < k; dy++)
            {
                for (int dx = 0; dx < k; dx++)
                {
                    ReadOnlySpan<float> row = columnErrors.Slice((((c * k) + dy) * k + dx) * n, n);
                    for (int s = 0; s < m; s++)
                    {
                        int to = (s * sampleSize) + (c * height * width) + (dy * width) + dx;
                        int from = s * positions;
                        for (int y = 0; y < outHeight; y++)
                        {
                            Span<float> target = inputErrors.Slice(to + (y * width), outWidth);
                            TensorPrimitives.Add(target, row.Slice(from + (y * outWidth), outWidth), target);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// pooled[s, f, py, px] ← max over the pool×pool block of convolved[f, s·P + …] + bias[f], and where that maximum
    /// was (an index into <paramref name="convolved"/>; the first of equal values, scanning rows then columns).
    /// Positions past the last whole block are left out, as network3.py's pooling (ignore_border) does.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void MaxPool(ReadOnlySpan<float> convolved, int filters, int convolvedHeight, int convolvedWidth, int pool, int m,
        ReadOnlySpan<float> bias, Span<float> pooled, Span<int> where)
    {
        int positions = convolvedHeight * convolvedWidth, n = m * positions;
        int pooledHeight = convolvedHeight / pool, pooledWidth = convolvedWidth / pool, pooledSize = pooledHeight * pooledWidth;
        int sampleSize = filters * pooledSize;
        for (int f = 0; f < filters; f++)
        {
            ReadOnlySpan<float> map = convolved.Slice(f * n, n);
            float b = bias[f];
            for (int s = 0; s < m; s++)
            {
                int mapStart = s * positions;
                int output = (s * sampleSize) + (f * pooledSize);
                for (int py = 0; py < pooledHeight; py++)
                {
                    for (int px = 0; px < pooledWidth; px++)
                    {
                        int first = mapStart + (py * pool * convolvedWidth) + (px * pool);
                        int best = first;
                        float max = map[first];
                        for (int dy = 0; dy < pool; dy++)
                        {
                            int rowStart = first + (dy * convolvedWidth);
                            for (int dx = 0; dx < pool; dx++)
                            {
                                float value = map[rowStart + dx];
                                if (value > max)
                                {
                                    max = value;
                                    best = rowStart + dx;
                                }
                            }
                        }

                        pooled[output] = max + b;
                        where[output] = (f * n) + best;
                        output++;
                    }
                }
            }
        }
    }

    /// <summary>
    /// The error of the convolved maps: each pooled error goes back to the one position that won its block, every
    /// other position gets 0 (the derivative of max). Blocks do not overlap, so each position gets at most one error.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static void Unpool(ReadOnlySpan<float> pooledErrors, ReadOnlySpan<int> where, int count, Span<float> convolvedErrors)
    {
        convolvedErrors.Clear();
        for (int i = 0; i < count; i++)
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
}
