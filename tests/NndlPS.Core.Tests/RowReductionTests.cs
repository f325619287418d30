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
