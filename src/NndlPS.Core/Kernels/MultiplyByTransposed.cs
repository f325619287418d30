using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// C[m×n] = A[m×k] · B[n×k]ᵀ, all row-major: C[i,j] is the dot product of row i of A with row j of B.
    /// This is the forward pass z = w·a for a whole mini-batch (A holds one sample per row, B is the book's
    /// weight matrix w of shape y×x), so neither operand needs transposing in memory.
    /// </summary>
    public static unsafe void MultiplyByTransposed(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k)
    {
        VectorMath.RequireLength(a.Length, (long)m * k, nameof(a));
        VectorMath.RequireLength(b.Length, (long)n * k, nameof(b));
        VectorMath.RequireLength(c.Length, (long)m * n, nameof(c));
        if (!Vector256.IsHardwareAccelerated || k < Vector256<float>.Count)
        {
            MultiplyByTransposedDots(a, b, c, 0, m, 0, n, k);
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            // The 2×4 register block: each vector of B is loaded once for two rows of A and each vector
            // of A once for four rows of B, so 6 loads feed 8 FMAs and the loop is bound by arithmetic.
            int i = 0;
            for (; i + 2 <= m; i += 2)
            {
                int j = 0;
                for (; j + 4 <= n; j += 4)
                {
                    Block2x4(pa + (i * k), pb + (j * k), pc + (i * n) + j, n, k);
                }

                MultiplyByTransposedDots(a, b, c, i, i + 2, j, n, k);
            }

            MultiplyByTransposedDots(a, b, c, i, m, 0, n, k);
        }
    }

    /// <summary>The leftovers of the register blocking: one dot product per element, each one vectorized.</summary>
    private static void MultiplyByTransposedDots(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int rowFrom, int rowTo, int columnFrom, int n, int k)
    {
        for (int i = rowFrom; i < rowTo; i++)
        {
            ReadOnlySpan<float> row = a.Slice(i * k, k);
            for (int j = columnFrom; j < n; j++)
            {
                c[(i * n) + j] = TensorPrimitives.Dot(row, b.Slice(j * k, k));
            }
        }
    }

    private static unsafe void Block2x4(float* a0, float* b0, float* c0, int n, int k)
    {
        float* a1 = a0 + k;
        float* b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
        Vector256<float> s00 = default, s01 = default, s02 = default, s03 = default;
        Vector256<float> s10 = default, s11 = default, s12 = default, s13 = default;
        int width = Vector256<float>.Count;
        int t = 0;
        for (; t + width <= k; t += width)
        {
            Vector256<float> x0 = Vector256.Load(a0 + t), x1 = Vector256.Load(a1 + t);
            Vector256<float> w = Vector256.Load(b0 + t);
            s00 = VectorMath.MultiplyAdd(x0, w, s00); s10 = VectorMath.MultiplyAdd(x1, w, s10);
            w = Vector256.Load(b1 + t);
            s01 = VectorMath.MultiplyAdd(x0, w, s01); s11 = VectorMath.MultiplyAdd(x1, w, s11);
            w = Vector256.Load(b2 + t);
            s02 = VectorMath.MultiplyAdd(x0, w, s02); s12 = VectorMath.MultiplyAdd(x1, w, s12);
            w = Vector256.Load(b3 + t);
            s03 = VectorMath.MultiplyAdd(x0, w, s03); s13 = VectorMath.MultiplyAdd(x1, w, s13);
        }

        float* c1 = c0 + n;
        c0[0] = Vector256.Sum(s00) + TailDot(a0, b0, t, k);
        c0[1] = Vector256.Sum(s01) + TailDot(a0, b1, t, k);
        c0[2] = Vector256.Sum(s02) + TailDot(a0, b2, t, k);
        c0[3] = Vector256.Sum(s03) + TailDot(a0, b3, t, k);
        c1[0] = Vector256.Sum(s10) + TailDot(a1, b0, t, k);
        c1[1] = Vector256.Sum(s11) + TailDot(a1, b1, t, k);
        c1[2] = Vector256.Sum(s12) + TailDot(a1, b2, t, k);
        c1[3] = Vector256.Sum(s13) + TailDot(a1, b3, t, k);
    }

    private static unsafe float TailDot(float* x, float* y, int from, int to)
    {
        float sum = 0;
        for (int t = from; t < to; t++)
        {
            sum += x[t] * y[t];
        }

        return sum;
    }
}
