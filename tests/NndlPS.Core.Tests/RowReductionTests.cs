using System.Numerics.Tensors;
using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// The per-row reductions that replaced one library call per sample: each must give exactly what it replaced, bit
/// for bit, so a training run's numbers do not move.
/// </summary>
public class RowReductionTests
{
    public static TheoryData<int, int> Shapes()
    {
        var shapes = new TheoryData<int, int>();
        foreach (int rows in new[] { 1, 2, 3, 10, 100 })
        {
            foreach (int columns in new[] { 0, 1, 3, 7, 8, 9, 10, 15, 16, 17, 30, 33, 100, 257 })
            {
                shapes.Add(rows, columns);
            }
        }

        return shapes;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void SumRows_gives_the_bits_of_adding_the_rows_one_after_another(int rows, int columns)
    {
        var random = new Random((rows * 1000) + columns);
        float[] a = Enumerable.Range(0, rows * columns).Select(_ => (float)((random.NextDouble() * 2) - 1) * 1e3f).ToArray();

        // What Backpropagation did before: the first row, then TensorPrimitives.Add of each further row.
        var expected = new float[columns];
        a.AsSpan(0, columns).CopyTo(expected);
        for (int r = 1; r < rows; r++)
        {
            TensorPrimitives.Add(expected, a.AsSpan(r * columns, columns), expected);
        }

        var actual = new float[columns + 1];
        actual[columns] = 42f;
        MatrixKernels.SumRows(a, rows, columns, actual);

        Assert.Equal(expected, actual.AsSpan(0, columns).ToArray());
        Assert.Equal(42f, actual[columns]); // nothing past the row is written
    }

    [Fact]
    public void SumRows_refuses_buffers_too_small_for_the_shape()
    {
        Assert.ThrowsAny<ArgumentException>(() => MatrixKernels.SumRows(new float[5], rows: 2, columns: 3, new float[3]));
        Assert.ThrowsAny<ArgumentException>(() => MatrixKernels.SumRows(new float[6], rows: 2, columns: 3, new float[2]));
        Assert.ThrowsAny<ArgumentException>(() => MatrixKernels.SumRows(new float[6], rows: 0, columns: 3, new float[3]));
    }

    [Fact]
    public void IndexOfMax_answers_as_TensorPrimitives_does_on_ties_signed_zeros_and_NaN()
    {
        float[][] rows =
        [
            [0.1f, 0.9f, 0.3f],
            [0.5f, 0.5f, 0.2f],          // ties: the first
            [-0f, 0f, -1f],              // +0 above −0
            [0f, -0f],
            [-3f, -2f, -2f, -5f],
            [0.2f, float.NaN, 0.9f],     // the first NaN
            [float.NaN, float.NaN],
            [float.NegativeInfinity, float.PositiveInfinity, 1f],
            [7f],
            [],
        ];
        foreach (float[] row in rows)
        {
            Assert.Equal(TensorPrimitives.IndexOfMax<float>(row), MatrixKernels.IndexOfMax(row));
        }

        var random = new Random(3);
        for (int trial = 0; trial < 2000; trial++)
        {
            // Few distinct values, so ties are common.
            float[] row = Enumerable.Range(0, random.Next(1, 40)).Select(_ => (float)random.Next(-3, 4) / 2).ToArray();
            Assert.Equal(TensorPrimitives.IndexOfMax<float>(row), MatrixKernels.IndexOfMax(row));
        }
    }
}

/// <summary>The element-wise operations that replaced library calls on the hot path give the library's bits.</summary>
public class ElementWiseTests
{
    public static TheoryData<int> Lengths() => new(Enumerable.Range(0, 70).Concat([100, 255, 256, 257, 300, 1001]));

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-8, 8)))).ToArray();
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Subtract_gives_the_bits_TensorPrimitives_gives(int length)
    {
        float[] x = Values(length, 1), y = Values(length, 2);
        float[] expected = new float[length], actual = new float[length];
        TensorPrimitives.Subtract(x, y, expected);
        NndlPS.Core.Kernels.ElementWise.Subtract(x, y, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MultiplyAdd_gives_the_bits_TensorPrimitives_gives_in_place_too(int length)
    {
        float[] x = Values(length, 3), addend = Values(length, 4);
        float multiplier = -0.3f / 7;
        float[] expected = (float[])addend.Clone(), actual = (float[])addend.Clone();
        TensorPrimitives.MultiplyAdd(x, multiplier, expected, expected);
        NndlPS.Core.Kernels.ElementWise.MultiplyAdd(x, multiplier, actual, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => NndlPS.Core.Kernels.ElementWise.Subtract(new float[3], new float[2], new float[3]));
        Assert.ThrowsAny<ArgumentException>(() => NndlPS.Core.Kernels.ElementWise.MultiplyAdd(new float[3], 1f, new float[3], new float[2]));
    }
}

public class HotPathCompilerTests
{
    [Fact]
    public void Compiles_every_hot_method_and_each_vector_width_of_the_generic_kernels()
    {
        const System.Reflection.BindingFlags all = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic |
            System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly;
        var hot = typeof(NndlPS.Core.Network).Assembly.GetTypes().Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetMethods(all))
            .Where(m => (m.MethodImplementationFlags & System.Reflection.MethodImplAttributes.AggressiveOptimization) != 0)
            .ToList();
        int vectorWidths = NndlPS.Core.Kernels.KernelPaths.Supported.Count(p => p != NndlPS.Core.Kernels.KernelPath.Scalar);
        int expected = hot.Count(m => !m.IsGenericMethodDefinition) + (hot.Count(m => m.IsGenericMethodDefinition) * vectorWidths);

        Assert.True(hot.Count > 30, $"only {hot.Count} hot methods found");
        Assert.Equal(expected, NndlPS.Core.Kernels.HotPathCompiler.CompileAll());
        Assert.Same(NndlPS.Core.Kernels.HotPathCompiler.Start(), NndlPS.Core.Kernels.HotPathCompiler.Start());
    }
}
