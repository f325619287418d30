using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// ErrorSentDown, a pooled layer's error sent down from the positions that won their blocks alone, against what it
/// replaces (Unpool, the dense wᵀ·δ of MultiplyStrided, Fold): the same bits on every path, for any split of the
/// samples, with errors that are zero (ReLU's) or −0, and only its own samples written.
/// </summary>
public class ErrorSentDownTests
{
    public static TheoryData<int, int, int, int, int, int, int> Shapes => new()
    {
        // channels, height, width, k, pool, samples, filters
        { 20, 12, 12, 5, 2, 3, 40 }, // the book's second layer: maps 8 × 8, 500 columns (62 groups of 8 and 4 more)
        { 2, 11, 11, 4, 2, 2, 6 },   // maps 8 wide, 32 columns: less than one block of columns
        { 1, 19, 19, 4, 2, 2, 3 },   // maps 16 wide: two groups of 8 positions a row
        { 3, 10, 10, 3, 2, 4, 5 },   // 27 columns: three groups of 8 and three single ones
        { 5, 12, 12, 5, 3, 2, 7 },   // pools of 3 over maps of 8: the last two rows and columns never win
        { 3, 7, 9, 3, 2, 2, 5 },     // maps 7 wide: no groups of 8, every position alone
        { 2, 6, 6, 1, 2, 3, 4 },     // a 1×1 filter
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sending_the_error_from_the_winners_gives_the_bits_of_unpooling_the_dense_product_and_folding(
        int channels, int height, int width, int k, int pool, int m, int filters)
    {
        var shape = new ImageShape(channels, height, width);
        int convolvedHeight = height - k + 1, convolvedWidth = width - k + 1, positions = convolvedHeight * convolvedWidth;
        int perFilter = channels * k * k, pooledSize = (convolvedHeight / pool) * (convolvedWidth / pool), sampleSize = (int)shape.Size;
        var random = new Random((channels * 1000) + (width * 10) + k);
        float[] weights = Random(random, filters * perFilter);
        float[] convolved = Random(random, filters * m * positions);
        var pooled = new float[m * filters * pooledSize];
        var winners = new int[pooled.Length];
        Convolution.MaxPool(convolved, filters, convolvedHeight, convolvedWidth, pool, m, new float[filters], pooled, winners, 0, m);
        float[] errors = Random(random, pooled.Length);
        for (int i = 0; i < errors.Length; i++)
        {
            // ReLU's zeros, a few negative zeros, and the rest as they are.
            errors[i] = (i % 3) switch { 0 => 0f, 1 when i % 7 == 0 => -0f, _ => errors[i] };
        }

        foreach (KernelPath densePath in KernelPaths.Supported)
        {
            var convolvedErrors = new float[filters * m * positions];
            Convolution.Unpool(errors, winners, filters, positions, pooledSize, m, convolvedErrors, 0, m);
            var columnErrors = new float[perFilter * m * positions];
            MatrixKernels.MultiplyStrided(weights, aRowStride: 1, aInnerStride: perFilter, convolvedErrors, columnErrors, rows: perFilter,
                columns: m * positions, inner: filters, alpha: 1f, beta: 0f, rowFrom: 0, rowTo: perFilter, path: densePath);
            var expected = new float[m * sampleSize];
            Convolution.Fold(columnErrors, shape, k, m, expected, 0, m);

            foreach (KernelPath path in KernelPaths.Supported.Prepend(KernelPath.Best))
            {
                int[][] splits = [[0, m], [0, 1, m], [0, m - 1, m]];
                foreach (int[] split in splits.Where(split => split.Zip(split.Skip(1)).All(pair => pair.First <= pair.Second)))
                {
                    var actual = new float[m * sampleSize];
                    Array.Fill(actual, float.NaN);
                    for (int part = 0; part + 1 < split.Length; part++)
                    {
                        float[] before = (float[])actual.Clone();
                        ErrorSentDown.ThroughWinners(weights, errors, winners, filters, positions, pooledSize, m, shape, k, actual,
                            split[part], split[part + 1], path);
                        for (int i = 0; i < actual.Length; i++)
                        {
                            int sample = i / sampleSize;
                            if (sample < split[part] || sample >= split[part + 1])
                            {
                                Assert.Equal(BitConverter.SingleToInt32Bits(before[i]), BitConverter.SingleToInt32Bits(actual[i]));
                            }
                        }
                    }

                    for (int i = 0; i < expected.Length; i++)
                    {
                        Assert.True(BitConverter.SingleToInt32Bits(expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                            $"dense on {densePath}, winners on {path}, split [{string.Join(", ", split)}]: input error {i} is {actual[i]:R}, the dense product's {expected[i]:R}");
                    }
                }
            }
        }
    }

    [Fact]
    public void Training_sends_the_error_from_the_winners_only_where_the_bits_are_the_dense_product_s_and_it_is_faster()
    {
        var second = new ImageShape(20, 12, 12);
        float[] weights = Random(new Random(1), 40 * 500);
        bool tiles = Avx.IsSupported && Vector256.IsHardwareAccelerated;
        Assert.Equal(tiles, ErrorSentDown.Applies(weights, 2, second, 5));
        Assert.False(ErrorSentDown.Applies(weights, 1, second, 5), "with pools of 1 every position wins");
        Assert.False(ErrorSentDown.Applies(weights, 2, new ImageShape(3, 7, 9), 3), "maps 7 wide have no groups of 8 positions");
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            float[] broken = (float[])weights.Clone();
            broken[12_345] = bad;
            Assert.False(ErrorSentDown.Applies(broken, 2, second, 5), $"a weight of {bad} times a zero error is NaN in the dense product");
        }
    }

    [Fact]
    public void A_winner_outside_its_sample_s_map_is_refused_before_anything_is_written_from_it()
    {
        var shape = new ImageShape(1, 6, 6);
        int filters = 2, k = 3, positions = 16, pooledSize = 4, m = 2;
        float[] weights = Random(new Random(2), filters * 9);
        float[] errors = Random(new Random(3), m * filters * pooledSize);
        var winners = new int[errors.Length];
        for (int i = 0; i < winners.Length; i++)
        {
            winners[i] = positions * m * filters; // past every map
        }

        var inputErrors = new float[m * 36];
        Assert.Throws<ArgumentException>(() => ErrorSentDown.ThroughWinners(weights, errors, winners, filters, positions, pooledSize, m, shape, k,
            inputErrors, 0, m));
    }

    private static float[] Random(Random random, int length)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
