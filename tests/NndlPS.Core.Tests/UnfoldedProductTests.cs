using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// MultiplyByUnfolded, a convolutional layer's weight gradient with the columns made a few rows at a time, against
/// MultiplyByTransposed over the columns Unfold stores: the same bits on every path and for any split of the columns,
/// and only its own rows of the scratch written, so threads can share one.
/// </summary>
public class UnfoldedProductTests
{
    public static TheoryData<int, int, int, int, int, int> Shapes => new()
    {
        // channels, height, width, k, samples, rows (filters)
        { 1, 28, 28, 5, 3, 20 },  // the book's first layer: P = 576, rows of 24 (three 8-float vectors)
        { 20, 12, 12, 5, 2, 40 }, // its second: P = 64, rows of 8
        { 3, 7, 9, 3, 2, 5 },     // P = 35: inner 70, a padded tail of 6 (R1)
        { 2, 5, 5, 5, 4, 3 },     // P = 1: one window per sample
        { 1, 6, 6, 1, 2, 7 },     // a 1×1 filter: one column, fewer than a block
        { 4, 9, 6, 2, 1, 1 },     // one sample, one filter
        { 2, 8, 8, 3, 0, 3 },     // no samples: every dot product empty
        // A too large for a core's cache: the inner dimension in tiles, accumulators kept between them.
        { 1, 28, 28, 5, 10, 20 }, // the book's first layer at mini-batch 10: tiles of 2 samples
        { 1, 8, 8, 3, 32, 64 },   // P = 36: tiles of 12, 12 and 8 samples (whole groups of 16)
        { 3, 9, 9, 2, 64, 21 },   // P = 64, 21 rows and 12 columns: blocks over both edges, tiles of 24, 24 and 16
    };

    public static TheoryData<int, int, int, int, int, int> WindowShapes => new()
    {
        // channels, height, width, k, samples, rows: shapes MultiplyByWindows takes on AVX2 and 128-bit vectors
        { 1, 28, 28, 5, 10, 20 }, // the book's first layer at mini-batch 10: maps 24 wide, two samples a tile
        { 1, 28, 28, 5, 1, 1 },   // one sample, one filter: a block of one row and five columns, four of them repeats
        { 2, 36, 12, 5, 3, 3 },   // maps 8 wide: 16 positions on is two rows down; 3 rows, 50 columns, both edges
        { 1, 18, 18, 3, 7, 5 },   // maps 16 wide, 9 columns (a block of 5 and one of 4), tiles of several samples
    };

    [Fact]
    public void The_book_s_first_layer_reads_its_windows_on_AVX2_and_128_bit_vectors_and_no_other_shape_or_path_does()
    {
        var first = new ImageShape(1, 28, 28);
        var second = new ImageShape(20, 12, 12);
        foreach (KernelPath path in KernelPaths.Supported)
        {
            bool narrow = path is KernelPath.Vector256 or KernelPath.Vector128;
            Assert.Equal(narrow, MatrixKernels.ReadsWindows(first, 5, path));
            Assert.Equal(MatrixKernels.ReadsWindows(first, 5, KernelPaths.Supported[0]), MatrixKernels.SplitsByFilters(first, 5));
            Assert.False(MatrixKernels.ReadsWindows(second, 5, path), $"{path}: the second layer's 64 positions are too few");
            Assert.False(MatrixKernels.ReadsWindows(new ImageShape(1, 28, 28), 3, path), $"{path}: maps 26 wide are no whole vectors");
            Assert.False(MatrixKernels.ReadsWindows(new ImageShape(65_536, 5, 5), 1, path), $"{path}: accumulators past their bound");
        }
    }

    [Theory]
    [MemberData(nameof(WindowShapes))]
    public void Reading_the_windows_gives_the_bits_of_the_product_over_the_stored_columns_for_any_split_of_rows_and_columns(
        int channels, int height, int width, int k, int m, int rows)
    {
        (ImageShape shape, int positions, int columns, int inner, float[] inputs, float[] errors, float[] stored) = Operands(channels, height, width, k, m, rows);
        var expected = new float[rows * columns];
        MatrixKernels.MultiplyByTransposed(errors, stored, expected, rows, columns, inner, ReadOnlySpan<float>.Empty, 0, rows, 0, columns, KernelPath.Scalar);
        KernelPath[] windowPaths = KernelPaths.Supported.Where(path => MatrixKernels.ReadsWindows(shape, k, path)).ToArray();
        Assert.Equal(KernelPaths.Supported.Count(path => path is KernelPath.Vector256 or KernelPath.Vector128), windowPaths.Length);
        int[][] rowSplits = [[0, rows], [0, 1, rows], [0, rows / 2, rows], [0, 3, rows]];
        int[][] columnSplits = [[0, columns], [0, 1, columns], [0, 7, columns]];
        foreach (KernelPath path in windowPaths)
        {
            foreach (int[] rowSplit in rowSplits.Where(Ordered(rows)))
            {
                foreach (int[] columnSplit in columnSplits.Where(Ordered(columns)))
                {
                    var actual = new float[rows * columns];
                    Array.Fill(actual, float.NaN);
                    var scratch = new float[columns * inner];
                    Array.Fill(scratch, float.NaN);
                    for (int r = 0; r + 1 < rowSplit.Length; r++)
                    {
                        for (int q = 0; q + 1 < columnSplit.Length; q++)
                        {
                            float[] before = (float[])actual.Clone();
                            MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, k, m, actual, scratch, rows, rowSplit[r], rowSplit[r + 1],
                                columnSplit[q], columnSplit[q + 1], path);
                            for (int i = 0; i < rows * columns; i++)
                            {
                                bool inside = i / columns >= rowSplit[r] && i / columns < rowSplit[r + 1] && i % columns >= columnSplit[q] && i % columns < columnSplit[q + 1];
                                if (!inside)
                                {
                                    Assert.Equal(BitConverter.SingleToInt32Bits(before[i]), BitConverter.SingleToInt32Bits(actual[i]));
                                }
                            }
                        }
                    }

                    Assert.True(scratch.All(float.IsNaN), $"{path}: reading the windows wrote the scratch");
                    Assert.True(Bits(expected).SequenceEqual(Bits(actual)),
                        $"{path}, rows split at {string.Join(", ", rowSplit)}, columns at {string.Join(", ", columnSplit)}");
                }
            }
        }

        static Func<int[], bool> Ordered(int length) => splits => splits.Zip(splits.Skip(1)).All(pair => pair.First <= pair.Second && pair.Second <= length);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gives_the_bits_of_the_product_over_the_stored_columns_on_every_path_and_split(int channels, int height, int width, int k, int m, int rows)
    {
        (ImageShape shape, int positions, int columns, int inner, float[] inputs, float[] errors, float[] stored) = Operands(channels, height, width, k, m, rows);

        // The last three shapes are there for the tiles: each must take them on every vector path.
        bool tiled = m >= 10;
        foreach (KernelPath path in KernelPaths.Supported.Where(path => path != KernelPath.Scalar))
        {
            Assert.Equal(tiled, MatrixKernels.SamplesPerTile(rows, columns, positions, inner, path) < m);
        }

        var scalar = new float[rows * columns];
        MatrixKernels.MultiplyByTransposed(errors, stored, scalar, rows, columns, inner, ReadOnlySpan<float>.Empty, 0, rows, 0, columns, KernelPath.Scalar);
        foreach (KernelPath path in KernelPaths.Supported)
        {
            var expected = new float[rows * columns];
            MatrixKernels.MultiplyByTransposed(errors, stored, expected, rows, columns, inner, ReadOnlySpan<float>.Empty, 0, rows, 0, columns, path);
            Assert.True(Bits(scalar).SequenceEqual(Bits(expected)), $"{path} against the scalar path");
            foreach (int[] splits in new[] { new[] { 0, columns }, new[] { 0, 1, columns }, new[] { 0, columns / 2, columns }, new[] { 0, 4, Math.Max(4, columns - 3), columns } })
            {
                if (splits.Zip(splits.Skip(1)).Any(pair => pair.First > pair.Second || pair.Second > columns))
                {
                    continue;
                }

                var actual = new float[rows * columns];
                Array.Fill(actual, float.NaN);
                for (int s = 0; s + 1 < splits.Length; s++)
                {
                    // Each call on a scratch of its own, so what it wrote is known: only rows [from, from + 4) of its range.
                    var scratch = new float[columns * inner];
                    Array.Fill(scratch, float.NaN);
                    float[] before = (float[])actual.Clone();
                    MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, k, m, actual, scratch, rows, 0, rows, splits[s], splits[s + 1], path);
                    // Nothing of C outside the call's columns written: on threads, that would be a neighbour's share.
                    for (int i = 0; i < rows * columns; i++)
                    {
                        if (i % columns < splits[s] || i % columns >= splits[s + 1])
                        {
                            Assert.Equal(BitConverter.SingleToInt32Bits(before[i]), BitConverter.SingleToInt32Bits(actual[i]));
                        }
                    }

                    for (int row = 0; row < columns; row++)
                    {
                        if (row < splits[s] || row >= Math.Min(splits[s + 1], splits[s] + 4))
                        {
                            Assert.True(scratch.AsSpan(row * inner, inner).ToArray().All(float.IsNaN),
                                $"{path}: the call for columns [{splits[s]}, {splits[s + 1]}) wrote row {row} of the scratch");
                        }
                    }
                }

                Assert.True(Bits(expected).SequenceEqual(Bits(actual)), $"{path}, columns split at {string.Join(", ", splits)}");
            }
        }
    }

    [Fact]
    public void Inputs_or_scratch_too_short_and_ranges_outside_are_refused_before_any_read()
    {
        var shape = new ImageShape(2, 6, 6);
        int columns = 2 * 3 * 3, inner = 2 * 16;
        float[] errors = new float[4 * inner], inputs = new float[2 * 72], c = new float[4 * columns], scratch = new float[columns * inner];
        MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, 3, 2, c, scratch, 4, 0, 4, 0, columns);
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByUnfolded(errors, inputs.AsSpan(1), shape, 3, 2, c, scratch, 4, 0, 4, 0, columns));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, 3, 2, c, scratch.AsSpan(1), 4, 0, 4, 0, columns));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByUnfolded(errors.AsSpan(1), inputs, shape, 3, 2, c, scratch, 4, 0, 4, 0, columns));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, 3, 2, c, scratch, 4, 0, 4, 0, columns + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, 7, 2, c, scratch, 4, 0, 4, 0, columns));
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, 3, 2, c, scratch, 4, 3, 5, 0, columns));
        // A cut by rows over unfolded columns: two such calls on threads would unfold into the same rows of the scratch.
        Assert.False(MatrixKernels.SplitsByFilters(shape, 3));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByUnfolded(errors, inputs, shape, 3, 2, c, scratch, 4, 0, 2, 0, columns));
    }

    [Fact]
    public void Pooling_a_few_samples_held_apart_gives_the_places_of_pooling_them_in_the_batch()
    {
        // Training pools each chunk's maps in a buffer of its own, but the places must index the batch's maps, which
        // the backward pass unpools into.
        const int filters = 3, height = 6, width = 8, m = 5, first = 2, samples = 2;
        int positions = height * width, n = m * positions, pooledSize = (height / 2) * (width / 2), sampleSize = filters * pooledSize;
        float[] batch = ConvolutionTests.RandomImages(filters, n, seed: 11);
        float[] bias = [0.5f, -1f, 0f];
        var pooled = new float[m * sampleSize];
        var where = new int[m * sampleSize];
        Convolution.MaxPool(batch, filters, height, width, 2, m, bias, pooled, where, 0, m);

        var apart = new float[filters * samples * positions];
        for (int f = 0; f < filters; f++)
        {
            batch.AsSpan((f * n) + (first * positions), samples * positions).CopyTo(apart.AsSpan(f * samples * positions));
        }

        var pooledApart = new float[samples * sampleSize];
        var whereApart = new int[samples * sampleSize];
        Convolution.MaxPool(apart, filters, height, width, 2, samples, bias, pooledApart, whereApart, 0, samples, placeSamples: m, placeFirst: first);
        Assert.Equal(pooled.AsSpan(first * sampleSize, samples * sampleSize).ToArray(), pooledApart);
        Assert.Equal(where.AsSpan(first * sampleSize, samples * sampleSize).ToArray(), whereApart);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            Convolution.MaxPool(apart, filters, height, width, 2, samples, bias, pooledApart, whereApart, 0, samples, placeSamples: m, placeFirst: m - 1));
    }

    /// <summary>Random inputs and errors for a layer of the given shape, and the columns Unfold stores for them.</summary>
    private static (ImageShape Shape, int Positions, int Columns, int Inner, float[] Inputs, float[] Errors, float[] Stored) Operands(
        int channels, int height, int width, int k, int m, int rows)
    {
        var shape = new ImageShape(channels, height, width);
        int positions = (height - k + 1) * (width - k + 1), columns = channels * k * k, inner = m * positions;
        float[] inputs = ConvolutionTests.RandomImages(m, (int)shape.Size, seed: channels + height + k);
        float[] errors = ConvolutionTests.RandomImages(rows, inner, seed: 7).Select(x => x - 0.5f).ToArray();
        var stored = new float[columns * inner];
        Convolution.Unfold(inputs, shape, k, m, stored, 0, m);
        return (shape, positions, columns, inner, inputs, errors, stored);
    }

    private static IEnumerable<int> Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits);
}
