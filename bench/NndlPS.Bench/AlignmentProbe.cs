using System.Diagnostics;
using NndlPS.Core;
using NndlPS.Core.Kernels;

namespace NndlPS.Bench;

/// <summary>
/// The book's second convolutional layer's weight gradient (40 filters × 500 weights, mini-batch 10: 640 positions)
/// on one thread, its errors and unfolded columns starting 0 to 15 floats past a cache line: what AlignedFloats is for.
/// </summary>
internal static class AlignmentProbe
{
    public static unsafe void Print()
    {
        var shape = new ImageShape(20, 12, 12);
        const int m = 10, filters = 40, weights = 500, positions = 64, inner = m * positions;
        var random = new Random(1);
        var errors = new AlignedFloats((filters * inner) + 16);
        var scratch = new AlignedFloats((weights * inner) + 16);
        float[] inputs = new float[m * (int)shape.Size], gradient = new float[filters * weights];
        for (int i = 0; i < errors.Length; i++)
        {
            errors.Span[i] = (float)random.NextDouble() - 0.5f;
        }

        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextDouble();
        }

        Console.WriteLine($"Second layer's weight gradient, {filters}×{weights}, {inner} positions, one thread, path {KernelPaths.Choose(KernelPath.Best, inner)} (fastest of 30 × 50 calls)");
        Console.WriteLine("floats past a cache line   µs a call   GFLOP/s");
        foreach (int offset in new[] { 0, 2, 4, 6, 8, 10, 12, 14 })
        {
            double best = double.MaxValue;
            for (int repetition = 0; repetition < 30; repetition++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int call = 0; call < 50; call++)
                {
                    MatrixKernels.MultiplyByUnfolded(errors.AsSpan(offset, filters * inner), inputs, shape, 5, m, gradient,
                        scratch.AsSpan(offset, weights * inner), filters, 0, filters, 0, weights);
                }

                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / 50);
            }

            Console.WriteLine($"{offset,23} {best,11:F1} {2.0 * filters * weights * inner / best / 1e3,9:F1}");
        }
    }
}
