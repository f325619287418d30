using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// FixedLanes' rule (R1–R6): every kernel, reduction and element-wise function gives the same bits on every
/// instruction-set path this CPU has as on the scalar path, over every length that reaches a different tail.
/// The whole-training version of this, with paths switched off in child processes, is tests/SameBits.Tests.ps1.
/// </summary>
public class SameBitsOnEveryPathTests
{
    private static readonly KernelPath[] VectorPaths = KernelPaths.Supported.Where(p => p != KernelPath.Scalar).ToArray();

    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (KernelPath path in VectorPaths)
        {
            data.Add(path.ToString());
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Dot_and_sum_give_the_scalar_bits_for_every_length(string pathName)
    {
        KernelPath path = Enum.Parse<KernelPath>(pathName);
        for (int length = 0; length <= 300; length++)
        {
            float[] x = Random(length, length), y = Random(length, length + 1000);
            Assert.Equal(Bits(FixedLanes.Dot(x, y, KernelPath.Scalar)), Bits(FixedLanes.Dot(x, y, path)));
            Assert.Equal(Bits(FixedLanes.Sum(x, KernelPath.Scalar)), Bits(FixedLanes.Sum(x, path)));
            Assert.Equal(Bits(FixedLanes.SumOfSquares(x, KernelPath.Scalar)), Bits(FixedLanes.SumOfSquares(x, path)));
        }
    }

    [Fact]
    public void Dot_and_sum_are_close_to_the_exact_values()
    {
        foreach (int length in new[] { 1, 15, 16, 17, 100, 784, 1001 })
        {
            float[] x = Random(length, 1), y = Random(length, 2);
            double dot = 0, sum = 0;
            for (int i = 0; i < length; i++)
            {
                dot += (double)x[i] * y[i];
                sum += x[i];
            }

            Assert.InRange(FixedLanes.Dot(x, y), dot - (1e-6 * length), dot + (1e-6 * length));
            Assert.InRange(FixedLanes.Sum(x), sum - (1e-6 * length), sum + (1e-6 * length));
        }
    }

    [Fact]
    public void The_lanes_are_combined_in_the_written_order()
    {
        // 16 values whose sum depends on the order: the rule's order gives exactly this.
        float[] x = [1e8f, 1, -1e8f, 1, 3, 5, 7, 9, 1e-3f, 2, 4, 6, 8, 10, 12, 14];
        float h0 = (x[0] + x[8]) + (x[4] + x[12]), h1 = (x[1] + x[9]) + (x[5] + x[13]);
        float h2 = (x[2] + x[10]) + (x[6] + x[14]), h3 = (x[3] + x[11]) + (x[7] + x[15]);
        float expected = (h0 + h2) + (h1 + h3);
        foreach (KernelPath path in KernelPaths.Supported)
        {
            Assert.Equal(Bits(expected), Bits(FixedLanes.Sum(x, path)));
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Exp_sigmoid_and_tanh_give_the_scalar_bits_on_every_value(string pathName)
    {
        KernelPath path = Enum.Parse<KernelPath>(pathName);
        float[] x = InterestingValues();
        foreach (var (name, function) in Functions())
        {
            float[] vector = new float[x.Length], scalar = new float[x.Length];
            function(x, vector, path);
            function(x, scalar, KernelPath.Scalar);
            for (int i = 0; i < x.Length; i++)
            {
                if (float.IsNaN(scalar[i]))
                {
                    Assert.True(float.IsNaN(vector[i]), $"{name}({x[i]:R}) on {path}: {vector[i]:R}, not NaN");
                }
                else if (Bits(scalar[i]) != Bits(vector[i]))
                {
                    Assert.Fail($"{name}({x[i]:R}) = {vector[i]:R} on {path} but {scalar[i]:R} on the scalar path");
                }
            }
        }
    }

    [Fact]
    public void Exp_sigmoid_and_tanh_are_within_a_few_ulp_of_the_exact_values()
    {
        float[] x = InterestingValues();
        var worst = new Dictionary<string, double>();
        foreach (var (name, function) in Functions())
        {
            float[] y = new float[x.Length];
            function(x, y, KernelPath.Best);
            double worstUlp = 0;
            for (int i = 0; i < x.Length; i++)
            {
                double exact = name switch
                {
                    "exp" => Math.Exp(x[i]),
                    "sigmoid" => 1 / (1 + Math.Exp(-(double)x[i])),
                    _ => Math.Tanh(x[i]),
                };

                if (double.IsNaN(exact))
                {
                    Assert.True(float.IsNaN(y[i]));
                    continue;
                }

                // Below float's normal range (e^x under 2⁻¹²⁶, the sigmoid of z < −87) the result may flush to a
                // smaller subnormal or 0: absolutely tiny, and 0 in the training it feeds.
                if (Math.Abs(exact) < 1.2e-38)
                {
                    Assert.InRange(Math.Abs(y[i]), 0, 1.2e-38);
                    continue;
                }

                if (double.IsInfinity(exact) || exact > float.MaxValue)
                {
                    Assert.True(float.IsPositiveInfinity(y[i]), $"{name}({x[i]:R}) = {y[i]:R}, not ∞");
                    continue;
                }

                float exactFloat = (float)exact;
                double ulp = Math.Abs(MathF.BitIncrement(Math.Abs(exactFloat)) - Math.Abs(exactFloat));
                worstUlp = Math.Max(worstUlp, Math.Abs(y[i] - exact) / ulp);
            }

            worst[name] = worstUlp;
        }

        Assert.True(worst["exp"] <= 2, $"exp: {worst["exp"]:F2} ulp");
        Assert.True(worst["sigmoid"] <= 3, $"sigmoid: {worst["sigmoid"]:F2} ulp");
        Assert.True(worst["tanh"] <= 6, $"tanh: {worst["tanh"]:F2} ulp");
    }

    [Fact]
    public void Functions_in_place_and_on_spans_of_every_length_match_one_value_at_a_time()
    {
        for (int length = 0; length <= 70; length++)
        {
            float[] x = Random(length, length * 7);
            for (int i = 0; i < length; i++)
            {
                x[i] *= 20;
            }

            foreach (KernelPath path in KernelPaths.Supported)
            {
                float[] inPlace = (float[])x.Clone();
                Transcendentals.Sigmoid(inPlace, inPlace, path);
                for (int i = 0; i < length; i++)
                {
                    Assert.Equal(Bits(Transcendentals.Sigmoid(x[i])), Bits(inPlace[i]));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Matrix_products_give_the_scalar_bits(string pathName)
    {
        KernelPath path = Enum.Parse<KernelPath>(pathName);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 5, 0), (3, 5, 7), (4, 4, 16), (5, 7, 17), (2, 3, 33), (6, 5, 8), (7, 3, 15), (10, 30, 784), (7, 10, 30), (9, 13, 100), (33, 17, 65) })
        {
            float[] a = Random(m * k, 1), b = Random(n * k, 2), bias = Random(n, 3);
            float[] vector = new float[m * n], scalar = new float[m * n];
            MatrixKernels.MultiplyByTransposed(a, b, vector, m, n, k, bias, 0, m, 0, n, path);
            MatrixKernels.MultiplyByTransposed(a, b, scalar, m, n, k, bias, 0, m, 0, n, KernelPath.Scalar);
            Assert.Equal(scalar.Select(Bits), vector.Select(Bits));

            // A row of the product is the per-sample feed-forward's z = w·a + b (Network.FeedForward), bit for bit.
            for (int i = 0; i < m; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    float z = FixedLanes.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k), path) + bias[j];
                    Assert.Equal(Bits(z), Bits(vector[(i * n) + j]));
                }
            }

            float[] bk = Random(k * n, 4), vectorS = Random(m * n, 5), scalarS = (float[])vectorS.Clone();
            MatrixKernels.MultiplyStrided(a, k, 1, bk, vectorS, m, n, k, -0.3f, 0.9f, 0, m, path);
            MatrixKernels.MultiplyStrided(a, k, 1, bk, scalarS, m, n, k, -0.3f, 0.9f, 0, m, KernelPath.Scalar);
            Assert.Equal(scalarS.Select(Bits), vectorS.Select(Bits));
        }
    }

    [Fact]
    public void A_call_with_more_rows_and_columns_than_one_tail_buffer_holds_is_done_in_halves_with_the_same_bits()
    {
        int m = MatrixKernels.MaxTailRows + 37, n = 3, k = 17;
        float[] a = Random(m * k, 21), b = Random(n * k, 22), bias = Random(n, 23);
        foreach (KernelPath path in KernelPaths.Supported)
        {
            float[] c = new float[m * n];
            MatrixKernels.MultiplyByTransposed(a, b, c, m, n, k, bias, 0, m, 0, n, path);
            foreach (int i in new[] { 0, 1, MatrixKernels.MaxTailRows / 2, MatrixKernels.MaxTailRows, m - 1 })
            {
                for (int j = 0; j < n; j++)
                {
                    Assert.Equal(Bits(FixedLanes.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k), KernelPath.Scalar) + bias[j]), Bits(c[(i * n) + j]));
                }
            }
        }
    }

    private static IEnumerable<(string Name, Action<float[], float[], KernelPath> Function)> Functions()
    {
        yield return ("exp", (x, y, p) => Transcendentals.Exp(x, y, p));
        yield return ("sigmoid", (x, y, p) => Transcendentals.Sigmoid(x, y, p));
        yield return ("tanh", (x, y, p) => Transcendentals.Tanh(x, y, p));
    }

    /// <summary>Every boundary of the functions' code, specials, and a million values spread over the range that matters.</summary>
    private static float[] InterestingValues()
    {
        var values = new List<float>
        {
            0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon,
            float.MaxValue, float.MinValue, 1e-30f, -1e-30f, 88.7f, 88.72283f, 88.8f, 88.9f, 89f, -87.3f, -103.9f, -104f,
            -104.1f, -150f, 0.25f, -0.25f, MathF.BitDecrement(0.25f), -MathF.BitDecrement(0.25f), 9f, -9f, 20f, -20f,
        };
        var random = new Random(17);
        for (int i = 0; i < 1_000_000; i++)
        {
            values.Add((float)((random.NextDouble() * 200) - 100));
        }

        for (int i = 0; i < 200_000; i++)
        {
            values.Add((float)((random.NextDouble() * 2) - 1));
        }

        for (int bits = 0; bits < 200_000; bits++)
        {
            values.Add(BitConverter.Int32BitsToSingle(random.Next()));
        }

        return values.ToArray();
    }

    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);

    private static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }
}
