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

    /// <summary>(path, rows, columns, inner): the result C is rows × columns, inner is the summed dimension.</summary>
    public static TheoryData<string, int, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int, int>();
        foreach (KernelPath path in KernelPaths.Supported)
        {
            foreach (int rows in RowCounts)
            {
                foreach (int inner in InnerSizes)
                {
                    foreach (int columns in ColumnCounts)
                    {
                        data.Add(path.ToString(), rows, columns, inner);
                    }
                }
            }

            data.Add(path.ToString(), 10, 30, 784);
            data.Add(path.ToString(), 10, 10, 30);
            data.Add(path.ToString(), 100, 100, 784);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyByTransposed_with_bias_matches_naive(string path, int m, int n, int k)
    {
        float[] a = Random(m * k, 1), b = Random(n * k, 2), bias = Random(n, 3), c = new float[m * n];
        MatrixKernels.MultiplyByTransposed(a, b, c, rows: m, columns: n, inner: k, bias, 0, m, 0, n, Enum.Parse<KernelPath>(path));
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
    public void Multiply_matches_naive(string path, int m, int n, int k)
    {
        float[] a = Random(m * k, 3), b = Random(k * n, 4), c = Random(m * n, 5);
        MatrixKernels.MultiplyStrided(a, aRowStride: k, aInnerStride: 1, b, c, rows: m, columns: n, inner: k,
            alpha: 1f, beta: 0f, 0, m, Enum.Parse<KernelPath>(path));
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
    public void MultiplyTransposedBy_with_alpha_and_beta_matches_naive(string path, int m, int n, int k)
    {
        // A is k×m (read transposed), B is k×n, C is m×n and starts non-zero.
        float[] a = Random(k * m, 6), b = Random(k * n, 7), c = Random(m * n, 8);
        float[] before = (float[])c.Clone();
        MatrixKernels.MultiplyStrided(a, aRowStride: 1, aInnerStride: m, b, c, rows: m, columns: n, inner: k,
            alpha: -0.25f, beta: 0.9f, 0, m, Enum.Parse<KernelPath>(path));
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double product = 0;
                for (int t = 0; t < k; t++)
                {
                    product += (double)a[(t * m) + i] * b[(t * n) + j];
                }

                AssertClose((0.9 * before[(i * n) + j]) - (0.25 * product), c[(i * n) + j], k);
            }
        }
    }

    /// <summary>Splitting rows between threads must not change a single bit of the result.</summary>
    [Theory]
    [InlineData(10, 30, 784, 3)]
    [InlineData(100, 100, 784, 50)]
    [InlineData(37, 33, 65, 18)]
    [InlineData(9, 70, 17, 1)]
    public void Any_split_of_rows_or_columns_gives_identical_bits(int m, int n, int k, int split)
    {
        foreach (KernelPath path in KernelPaths.Supported)
        {
            float[] a = Random(m * k, 9), b = Random(n * k, 10), bias = Random(n, 11);
            float[] whole = new float[m * n], parts = new float[m * n];
            MatrixKernels.MultiplyByTransposed(a, b, whole, m, n, k, bias, 0, m, 0, n, path);
            MatrixKernels.MultiplyByTransposed(a, b, parts, m, n, k, bias, 0, split, 0, n, path);
            MatrixKernels.MultiplyByTransposed(a, b, parts, m, n, k, bias, split, m, 0, n, path);
            Assert.Equal(whole, parts);

            float[] columns = new float[m * n];
            MatrixKernels.MultiplyByTransposed(a, b, columns, m, n, k, bias, 0, m, 0, Math.Min(split, n), path);
            MatrixKernels.MultiplyByTransposed(a, b, columns, m, n, k, bias, 0, m, Math.Min(split, n), n, path);
            Assert.Equal(whole, columns);

            float[] bk = Random(k * n, 12), wholeS = Random(m * n, 13), partsS = (float[])wholeS.Clone();
            MatrixKernels.MultiplyStrided(a, k, 1, bk, wholeS, m, n, k, 0.5f, 0.75f, 0, m, path);
            MatrixKernels.MultiplyStrided(a, k, 1, bk, partsS, m, n, k, 0.5f, 0.75f, 0, split, path);
            MatrixKernels.MultiplyStrided(a, k, 1, bk, partsS, m, n, k, 0.5f, 0.75f, split, m, path);
            Assert.Equal(wholeS, partsS);

            // By columns, as a convolutional layer's products are cut by samples: shares wider and narrower than a
            // vector, a one-column share, and the last partial vector of each share.
            foreach (int cut in new[] { Math.Min(split, n), 1, n - 1, n / 2, Math.Min(n, 17) })
            {
                float[] byColumns = Random(m * n, 13);
                MatrixKernels.MultiplyStrided(a, k, 1, bk, byColumns, m, n, k, 0.5f, 0.75f, 0, m, path, columnFrom: 0, columnTo: cut);
                MatrixKernels.MultiplyStrided(a, k, 1, bk, byColumns, m, n, k, 0.5f, 0.75f, 0, m, path, columnFrom: cut, columnTo: n);
                Assert.Equal(wholeS, byColumns);

                // The columns [cut, n) written to a C of their own, n − cut wide (a few samples' wᵀ·δ held apart): each
                // element the bits it has in the whole C, β·C read from where it is held, nothing past the range touched.
                float[] apart = new float[(m * (n - cut)) + 3], expected = Random(m * n, 13);
                for (int r = 0; r < m; r++)
                {
                    expected.AsSpan((r * n) + cut, n - cut).CopyTo(apart.AsSpan(r * (n - cut)));
                }

                apart[^3] = apart[^2] = apart[^1] = float.NaN;
                MatrixKernels.MultiplyStrided(a, k, 1, bk, expected, m, n, k, 0.5f, 0.75f, 0, m, path, columnFrom: cut, columnTo: n);
                MatrixKernels.MultiplyStrided(a, k, 1, bk, apart.AsSpan(0, m * (n - cut)), m, n, k, 0.5f, 0.75f, 0, m, path, columnFrom: cut, columnTo: n,
                    cRowStride: n - cut, cFirstColumn: cut);
                for (int r = 0; r < m; r++)
                {
                    Assert.Equal(expected.AsSpan((r * n) + cut, n - cut).ToArray(), apart.AsSpan(r * (n - cut), n - cut).ToArray());
                }

                Assert.True(apart[^3..].All(float.IsNaN));
            }

            Assert.Throws<ArgumentOutOfRangeException>(() =>
                MatrixKernels.MultiplyStrided(a, k, 1, bk, new float[m * n], m, n, k, 1f, 0f, 0, m, path, columnFrom: 0, columnTo: n, cRowStride: n - 1));
            Assert.Throws<ArgumentOutOfRangeException>(() =>
                MatrixKernels.MultiplyStrided(a, k, 1, bk, new float[m * n], m, n, k, 1f, 0f, 0, m, path, columnFrom: 0, columnTo: n, cFirstColumn: 1));
            Assert.Throws<ArgumentException>(() =>
                MatrixKernels.MultiplyStrided(a, k, 1, bk, new float[(m * 2) - 1], m, n, k, 1f, 0f, 0, m, path, columnFrom: n - 2, columnTo: n, cRowStride: 2, cFirstColumn: n - 2));
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
                PixelConversion.BytesToUnitFloats(all.AsSpan(0, length), converted, path);
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
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByTransposed(new float[5], new float[6], new float[4], 2, 2, 3, default, 0, 2, 0, 2));
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyStrided(new float[6], 3, 1, new float[6], new float[3], 2, 2, 3, 1f, 0f, 0, 2));
    }

    [Fact]
    public void Strided_reads_are_checked_against_the_strides_before_any_unsafe_read()
    {
        // 2 rows × 3 inner read transposed (row stride 1, inner stride 4) reach a[1 + 2·4] = a[9]: 9 elements are one
        // short, although rows × inner = 6 would fit.
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyStrided(new float[9], aRowStride: 1, aInnerStride: 4,
            new float[6], new float[4], rows: 2, columns: 2, inner: 3, alpha: 1f, beta: 0f, 0, 2));
        MatrixKernels.MultiplyStrided(new float[10], aRowStride: 1, aInnerStride: 4,
            new float[6], new float[4], rows: 2, columns: 2, inner: 3, alpha: 1f, beta: 0f, 0, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => MatrixKernels.MultiplyStrided(new float[10], aRowStride: -1, aInnerStride: 4,
            new float[6], new float[4], rows: 2, columns: 2, inner: 3, alpha: 1f, beta: 0f, 0, 2));
    }

    [Fact]
    public void Every_vector_width_is_tested_where_the_cpu_has_it()
    {
        // The 128-bit path is what ARM64 (NEON) and SSE-only x86 run; every x86-64 and ARM64 CPU accelerates it.
        Assert.Contains(KernelPath.Vector128, KernelPaths.Supported);
        Assert.Contains(KernelPath.Scalar, KernelPaths.Supported);
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
