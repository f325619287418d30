using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>Every kernel against a naive triple loop, over sizes that hit every block and tail path.</summary>
public class MatrixKernelTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        int[] sizes = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33];
        foreach (int m in new[] { 1, 2, 3, 4, 5, 10 })
        {
            foreach (int k in sizes)
            {
                foreach (int n in new[] { 1, 3, 4, 8, 17, 30 })
                {
                    data.Add(m, k, n);
                }
            }
        }

        data.Add(10, 784, 30);
        data.Add(10, 30, 10);
        data.Add(100, 784, 100);
        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void MultiplyByTransposed_matches_naive(int m, int k, int n)
    {
        float[] a = Random(m * k, 1), b = Random(n * k, 2), c = new float[m * n];
        MatrixKernels.MultiplyByTransposed(a, b, c, m, n, k);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double expected = 0;
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
    public void Multiply_matches_naive(int m, int k, int n)
    {
        float[] a = Random(m * k, 3), b = Random(k * n, 4), c = Random(m * n, 5);
        MatrixKernels.Multiply(a, b, c, m, k, n);
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
    public void TransposedMultiply_matches_naive_with_alpha_and_accumulation(int m, int k, int n)
    {
        // A is k×m (read transposed), B is k×n, C is m×n and starts non-zero.
        float[] a = Random(k * m, 6), b = Random(k * n, 7), c = Random(m * n, 8);
        float[] before = (float[])c.Clone();
        MatrixKernels.TransposedMultiply(a, b, c, k, m, n, alpha: -0.25f, accumulate: true);
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

    [Fact]
    public void Kernels_refuse_buffers_too_small_for_the_shape()
    {
        Assert.Throws<ArgumentException>(() => MatrixKernels.MultiplyByTransposed(new float[5], new float[6], new float[4], 2, 2, 3));
        Assert.Throws<ArgumentException>(() => MatrixKernels.Multiply(new float[6], new float[6], new float[3], 2, 3, 2));
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
        // float32 sums of `terms` products of values in [-1, 1]: error grows like √terms · ε.
        double tolerance = 1e-5 * Math.Max(1, Math.Sqrt(terms)) * Math.Max(1, Math.Abs(expected));
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected}, got {actual} (tolerance {tolerance})");
    }
}
