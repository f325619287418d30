using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// Every kernel, on every instruction-set path this CPU has, against a naive triple loop in double precision,
/// over sizes that hit every block edge and vector tail.
/// </summary>
public class MatrixKernelTests
{
    private static readonly int[] RowCounts = [1, 2, 3, 4, 5, 7, 10];
    private static readonly int[] InnerSizes = [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 65];
    private static readonly int[] ColumnCounts = [1, 3, 4, 5, 8, 15, 16, 17, 30, 33, 64, 70];

    public static TheoryData<string, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (KernelPath path in KernelPaths.Supported)
        {
            foreach (int m in RowCounts)
            {
                foreach (int k in InnerSizes)
                {
                    foreach (int n in ColumnCounts)
                    {
                        data.Add(path.ToString(), m, k, n);
                    }
                }
            }

            data.Add(path.ToString(), 10, 784, 30);
            data.Add(path.ToString(), 10, 30, 10);
            data.Add(path.ToString(), 100, 784, 100);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyByTransposed_with_bias_matches_naive(string path, int m, int k, int n)
    {
        float[] a = Random(m * k, 1), b = Random(n * k, 2), bias = Random(n, 3), c = new float[m * n];
        MatrixKernels.MultiplyByTransposedRows(a, b, c, m, n, k, bias, 0, m, Enum.Parse<KernelPath>(path));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = bias[j];
                for (int t = 0; t < k; t++)
                {
                    expected += (double)a[(i * k) + t] * b[(j * k) + t];
                }

                AssertClose(expected, c[(i * n) + j], k);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Multiply_matches_naive(string path, int m, int k, int n)
    {
        float[] a = Random(m * k, 3), b = Random(k * n, 4), c = Random(m * n, 5);
        MatrixKernels.MultiplyStridedRows(a, k, 1, b, c, m, k, n, 1f, false, 0, m, Enum.Parse<KernelPath>(path));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
                for (int t = 0; t < k; t++)
                {
                    expected += (double)a[(i * k) + t] * b[(t * n) + j];
                }

                AssertClose(expected, c[(i * n) + j], k);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void TransposedMultiply_with_alpha_and_accumulation_matches_naive(string path, int m, int k, int n)
    {
        // A is k×m (read transposed), B is k×n, C is m×n and starts non-zero.
        float[] a = Random(k * m, 6), b = Random(k * n, 7), c = Random(m * n, 8);
        float[] before = (float[])c.Clone();
        MatrixKernels.MultiplyStridedRows(a, 1, m, b, c, m, k, n, -0.25f, true, 0, m, Enum.Parse<KernelPath>(path));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double product = 0;
                for (int t = 0; t < k; t++)
                {
                    product += (double)a[(t * m) + i] * b[(t * n) + j];
                }

                AssertClose(before[(i * n) + j] - (0.25 * product), c[(i * n) + j], k);
            }
        }
    }

    /// <summary>Splitting rows between threads must not change a single bit of the result.</summary>
    [Theory]
    [InlineData(10, 784, 30, 3)]
    [InlineData(100, 784, 100, 50)]
    [InlineData(37, 65, 33, 18)]
    [InlineData(9, 17, 70, 1)]
    public void Any_split_of_rows_gives_identical_bits(int m, int k, int n, int split)
    {
        foreach (KernelPath path in KernelPaths.Supported)
        {
            float[] a = Random(m * k, 9), b = Random(n * k, 10), bias = Random(n, 11);
            float[] whole = new float[m * n], parts = new float[m * n];
            MatrixKernels.MultiplyByTransposedRows(a, b, whole, m, n, k, bias, 0, m, path);
            MatrixKernels.MultiplyByTransposedRows(a, b, parts, m, n, k, bias, 0, split, path);
            MatrixKernels.MultiplyByTransposedRows(a, b, parts, m, n, k, bias, split, m, path);
            Assert.Equal(whole, parts);

            float[] columns = new float[m * n];
            MatrixKernels.MultiplyByTransposedColumns(a, b, columns, m, n, k, bias, 0, Math.Min(split, n), path);
            MatrixKernels.MultiplyByTransposedColumns(a, b, columns, m, n, k, bias, Math.Min(split, n), n, path);
            Assert.Equal(whole, columns);

            float[] bk = Random(k * n, 12), wholeS = Random(m * n, 13), partsS = (float[])wholeS.Clone();
            MatrixKernels.MultiplyStridedRows(a, k, 1, bk, wholeS, m, k, n, 0.5f, true, 0, m, path);
            MatrixKernels.MultiplyStridedRows(a, k, 1, bk, partsS, m, k, n, 0.5f, true, 0, split, path);
            MatrixKernels.MultiplyStridedRows(a, k, 1, bk, partsS, m, k, n, 0.5f, true, split, m, path);
            Assert.Equal(wholeS, partsS);
        }
    }

    [Fact]
    public void Bytes_become_exactly_what_division_by_255_gives_on_every_path()
    {
        byte[] all = Enumerable.Range(0, 256).Select(b => (byte)b).Concat(new byte[] { 7, 200, 255 }).ToArray(); // 259: every tail length
        foreach (KernelPath path in KernelPaths.Supported)
        {
            for (int length = 0; length <= all.Length; length += length < 40 ? 1 : 37)
            {
                var converted = new float[length];
                MatrixKernels.BytesToUnitFloats(all.AsSpan(0, length), converted, path);
                for (int i = 0; i < length; i++)
                {
                    Assert.True(all[i] / 255f == converted[i], $"{path}: {all[i]} became {converted[i]:R}, not {all[i] / 255f:R}");
                }
            }
        }
    }

    [Fact]
    public void Kernels_refuse_buffers_too_small_for_the_shape()
    {
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByTransposedRows(new float[5], new float[6], new float[4], 2, 2, 3, default, 0, 2));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyStridedRows(new float[6], 3, 1, new float[6], new float[3], 2, 3, 2, 1f, false, 0, 2));
    }

    internal static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    private static void AssertClose(double expected, float actual, int terms)
    {
        // float32 sums of `terms` products of values in [-1, 1]: the error grows like √terms · ε.
        double tolerance = 1e-5 * Math.Max(1, Math.Sqrt(terms)) * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual} (tolerance {tolerance})");
    }
}
