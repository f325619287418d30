using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// ErrorSentDown, a pooled layer's error sent down from the positions that won their blocks alone, against what it
/// replaces (Unpool, the dense wᵀ·δ of MultiplyStrided, Fold): the same bits on every path, for any split of the
/// samples, whatever the values (ReLU's zeros, −0, NaN and ±∞ errors, subnormals, products that round to zero), and
/// only its own samples written.
/// </summary>
public class ErrorSentDownTests
{
    /// <summary>The values of weights and errors, each kind in every shape.</summary>
    public enum Values
    {
        Ordinary,         // errors 30% zero, as ReLU leaves them
        NotFinite,        // NaN and ±∞ errors, zero and −0 weights
        RoundingToZero,   // tiny weights and errors: products that round to ±0, and −0 sums the dense chain turns to +0
        Subnormal,        // subnormal and −0 weights and errors
        SignedNaN,        // NaNs of both signs and random payloads
    }

    public static TheoryData<int, int, int, int, int, int, int, Values> Shapes()
    {
        int[][] shapes =
        [
            // channels, height, width, k, pool, samples, filters
            [20, 12, 12, 5, 2, 3, 40], // the book's second layer: maps 8 × 8, 500 columns (7 blocks of 64, then 6 vectors, 4 lanes)
            [2, 11, 11, 4, 2, 2, 6],   // maps 8 wide, 32 columns: less than one block
            [1, 8, 8, 1, 2, 2, 1],     // one column, one filter: the single-column tail alone
            [4, 8, 8, 1, 2, 2, 3],     // four columns: half a vector
            [7, 8, 8, 1, 4, 2, 5],     // seven columns, pools of 4
            [63, 8, 8, 1, 2, 2, 5],    // 56 + 4 + 3 columns
            [65, 8, 8, 1, 2, 2, 5],    // a block and one column
            [15, 10, 10, 3, 2, 3, 4],  // 135 columns: two blocks and 7 more; maps 8 wide
            [1, 19, 19, 4, 2, 2, 3],   // maps 16 wide: two groups of 8 positions a row
            [2, 20, 28, 5, 2, 2, 2],   // maps 24 wide
            [5, 12, 12, 5, 3, 2, 7],   // pools of 3 over maps of 8: the last two rows and columns never win
            [5, 8, 8, 1, 8, 2, 3],     // one pool block a map
            [3, 7, 9, 3, 2, 2, 5],     // maps 7 wide: no groups of 8, every position alone
            [1, 9, 9, 1, 2, 1, 1],     // maps 9 wide, one sample
        ];
        var data = new TheoryData<int, int, int, int, int, int, int, Values>();
        foreach (int[] s in shapes)
        {
            foreach (Values values in Enum.GetValues<Values>())
            {
                data.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6], values);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Sending_the_error_from_the_winners_gives_the_bits_of_unpooling_the_dense_product_and_folding(
        int channels, int height, int width, int k, int pool, int m, int filters, Values values)
    {
        var shape = new ImageShape(channels, height, width);
        int convolvedHeight = height - k + 1, convolvedWidth = width - k + 1, positions = convolvedHeight * convolvedWidth;
        int perFilter = channels * k * k, pooledSize = (convolvedHeight / pool) * (convolvedWidth / pool), sampleSize = (int)shape.Size;
        var random = new Random((channels * 7919) + (width * 31) + k + (int)values);
        float[] weights = Random(random, filters * perFilter, values, weights: true);
        float[] convolved = Random(random, filters * m * positions, Values.Ordinary, weights: false);
        var pooled = new float[m * filters * pooledSize];
        var winners = new int[pooled.Length];
        Convolution.MaxPool(convolved, filters, convolvedHeight, convolvedWidth, pool, m, new float[filters], pooled, winners, 0, m);
        float[] errors = Random(random, pooled.Length, values, weights: false);

        foreach (KernelPath densePath in KernelPaths.Supported)
        {
            float[] expected = Dense(weights, errors, winners, filters, positions, pooledSize, m, shape, k, densePath);
            foreach (KernelPath path in KernelPaths.Supported.Prepend(KernelPath.Best))
            {
                int[][] splits = [[0, m], [0, 0, 1, m], [0, m / 2, m, m]];
                foreach (int[] split in splits)
                {
                    var actual = new float[m * sampleSize];
                    Array.Fill(actual, 12345f);
                    for (int part = 0; part + 1 < split.Length; part++)
                    {
                        float[] before = (float[])actual.Clone();
                        var columnErrors = new float[perFilter * (split[part + 1] - split[part]) * positions];
                        Array.Fill(columnErrors, float.NaN); // every one written before it is folded
                        ErrorSentDown.ThroughWinners(weights, errors, winners, filters, positions, pooledSize, m, shape, k, columnErrors, actual,
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
                            $"{values}, dense on {densePath}, winners on {path}, split [{string.Join(", ", split)}]: input error {i} is {actual[i]:R} ({BitConverter.SingleToInt32Bits(actual[i]):X8}), the dense product's {expected[i]:R} ({BitConverter.SingleToInt32Bits(expected[i]):X8})");
                    }
                }
            }
        }
    }

    [Fact]
    public void A_column_error_may_be_minus_zero_where_the_dense_product_s_is_plus_zero_and_the_fold_gives_the_same_bits()
    {
        // One channel of 8 × 8, 1 × 1 filters, pools of 2, two filters whose first block position 0 wins: filter 0's error
        // times its weight rounds to −0; filter 1's error is +0, which the dense chain adds after it (−0 + +0 = +0).
        var shape = new ImageShape(1, 8, 8);
        int filters = 2, positions = 64, pooledSize = 16;
        float[] weights = [1e-23f, 0.5f];
        var convolved = new float[filters * positions];
        convolved[0] = 1;
        convolved[positions] = 1;
        var pooled = new float[filters * pooledSize];
        var winners = new int[pooled.Length];
        Convolution.MaxPool(convolved, filters, 8, 8, 2, 1, new float[filters], pooled, winners, 0, 1);
        var errors = new float[pooled.Length];
        errors[0] = -1e-23f;
        var convolvedErrors = new float[filters * positions];
        Convolution.Unpool(errors, winners, filters, positions, pooledSize, 1, convolvedErrors, 0, 1);
        var dense = new float[positions];
        MatrixKernels.MultiplyStrided(weights, 1, 1, convolvedErrors, dense, 1, positions, filters, 1f, 0f, 0, 1);
        foreach (KernelPath path in KernelPaths.Supported.Prepend(KernelPath.Best))
        {
            var columnErrors = new float[positions];
            var inputErrors = new float[64];
            ErrorSentDown.ThroughWinners(weights, errors, winners, filters, positions, pooledSize, 1, shape, 1, columnErrors, inputErrors, 0, 1, path);
            Assert.Equal(0, BitConverter.SingleToInt32Bits(dense[0]));
            Assert.Equal(unchecked((int)0x80000000), BitConverter.SingleToInt32Bits(columnErrors[0]));
            Assert.Equal(0, BitConverter.SingleToInt32Bits(inputErrors[0])); // +0 + −0 = +0: the fold hides it
        }
    }

    [Fact]
    public void Training_sends_the_error_from_the_winners_only_where_its_bits_are_the_dense_product_s_and_256_bit_FMA_runs_it()
    {
        var second = new ImageShape(20, 12, 12);
        float[] weights = Random(new Random(1), 40 * 500, Values.Ordinary, weights: true);
        bool tiles = Avx.IsSupported && Fma.IsSupported && Vector256.IsHardwareAccelerated;
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

    [Theory]
    [InlineData(1)]  // the next sample's map
    [InlineData(32)] // the next filter's map (2 samples × 16 positions)
    [InlineData(-1)] // before the sample's map
    public void A_winner_outside_its_sample_s_map_is_refused_before_that_sample_s_errors_are_written(int offset)
    {
        var shape = new ImageShape(1, 6, 6);
        int filters = 2, k = 3, positions = 16, pooledSize = 4, m = 2;
        float[] weights = Random(new Random(2), filters * 9, Values.Ordinary, weights: true);
        float[] convolved = Random(new Random(3), filters * m * positions, Values.Ordinary, weights: false);
        var pooled = new float[m * filters * pooledSize];
        var winners = new int[pooled.Length];
        Convolution.MaxPool(convolved, filters, 4, 4, 2, m, new float[filters], pooled, winners, 0, m);
        float[] errors = Enumerable.Repeat(0.5f, pooled.Length).ToArray();
        // Sample 0, filter 0's first block: moved a whole map, or one place before sample 0's map of filter 0.
        winners[0] = offset == -1 ? -1 : winners[0] + (offset == 1 ? positions : offset);
        var inputErrors = new float[m * 36];
        Array.Fill(inputErrors, 7f);
        Assert.Throws<ArgumentException>(() => ErrorSentDown.ThroughWinners(weights, errors, winners, filters, positions, pooledSize, m, shape, k,
            new float[9 * m * positions], inputErrors, 0, m));
        Assert.All(inputErrors, value => Assert.Equal(7f, value));
    }

    [Fact]
    public void A_filter_larger_than_the_map_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ErrorSentDown.ThroughWinners(new float[10], new float[8], new int[8], 1, 8, 8, 1,
            new ImageShape(1, 8, 1), 10, new float[1000], new float[8], 0, 1));
    }

    private static float[] Dense(float[] weights, float[] errors, int[] winners, int filters, int positions, int pooledSize, int m, ImageShape shape,
        int k, KernelPath path)
    {
        int perFilter = shape.Channels * k * k;
        var convolvedErrors = new float[filters * m * positions];
        Array.Fill(convolvedErrors, float.NaN); // Unpool writes every one
        Convolution.Unpool(errors, winners, filters, positions, pooledSize, m, convolvedErrors, 0, m);
        var columnErrors = new float[perFilter * m * positions];
        MatrixKernels.MultiplyStrided(weights, aRowStride: 1, aInnerStride: perFilter, convolvedErrors, columnErrors, rows: perFilter,
            columns: m * positions, inner: filters, alpha: 1f, beta: 0f, rowFrom: 0, rowTo: perFilter, path: path);
        var inputErrors = new float[m * shape.Size];
        Convolution.Fold(columnErrors, shape, k, m, inputErrors, 0, m);
        return inputErrors;
    }

    private static float[] Random(Random random, int length, Values kind, bool weights)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            float v = (float)((random.NextDouble() * 2) - 1);
            int r = random.Next(10);
            values[i] = (kind, weights) switch
            {
                (Values.NotFinite, true) => r switch { 0 => 0f, 1 => -0f, _ => v },
                (Values.NotFinite, false) => r switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => float.NegativeInfinity, 3 => 0f, 4 => -0f, _ => v },
                (Values.RoundingToZero, true) => v * 1e-23f,
                (Values.RoundingToZero, false) => r < 4 ? (r % 2 == 0 ? 0f : -0f) : v * 1e-23f,
                (Values.Subnormal, true) => r switch { 0 => -0f, 1 => float.Epsilon, 2 => -float.Epsilon, _ => v },
                (Values.Subnormal, false) => r switch { 0 => -0f, 1 => 0f, 2 => float.Epsilon * random.Next(1, 100), 3 => -float.Epsilon, _ => v * 1e-38f },
                (Values.SignedNaN, false) => r < 5
                    ? BitConverter.Int32BitsToSingle(unchecked((int)(0x7FC00000u | (uint)random.Next(1, 0x3FFFFF) | (random.Next(2) == 0 ? 0x80000000u : 0u))))
                    : v,
                (_, false) => r < 3 ? 0f : v,
                _ => v,
            };
        }

        return values;
    }
}
