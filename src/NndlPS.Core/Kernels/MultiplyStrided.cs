using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>C[m×n] = A[m×k] · B[k×n] (row-major). Backpropagation's δˡ⁻¹ ← δˡ · wˡ for a mini-batch.</summary>
    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n) =>
        MultiplyStrided(a, rowStride: k, innerStride: 1, b, c, m, k, n, alpha: 1f, accumulate: false);

    /// <summary>
    /// C[m×n] = α · A[k×m]ᵀ · B[k×n] (+ C when <paramref name="accumulate"/>). The weight gradient
    /// ∂C/∂w = δᵀ · a summed over the samples of a mini-batch (A = δ with one sample per row, B = the previous
    /// layer's activations).
    /// </summary>
    public static void TransposedMultiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int k, int m, int n,
        float alpha = 1f, bool accumulate = false) =>
        MultiplyStrided(a, rowStride: 1, innerStride: m, b, c, m, k, n, alpha, accumulate);

    /// <summary>
    /// C[r,:] = α · Σₜ A(r,t) · B[t,:], where A(r,t) = a[r·rowStride + t·innerStride]. Reading A through strides
    /// lets one kernel serve both A·B and Aᵀ·B: every element of A is broadcast, and the rows of B and C are
    /// contiguous, so the inner loop is vector loads and FMAs only.
    /// </summary>
    private static unsafe void MultiplyStrided(ReadOnlySpan<float> a, int rowStride, int innerStride,
        ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, float alpha, bool accumulate)
    {
        VectorMath.RequireLength(a.Length, (long)m * k, nameof(a));
        VectorMath.RequireLength(b.Length, (long)k * n, nameof(b));
        VectorMath.RequireLength(c.Length, (long)m * n, nameof(c));
        fixed (float* pa = a, pb = b, pc = c)
        {
            var shape = new StridedShape(pa, rowStride, innerStride, pb, pc, k, n, alpha, accumulate);
            int r = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                // 4 rows × 16 columns: two vector loads of B feed eight FMAs with four broadcasts of A.
                for (; r + 4 <= m; r += 4)
                {
                    int col = 0;
                    for (; col + 16 <= n; col += 16)
                    {
                        Block4x16(shape, r, col);
                    }

                    for (; col + 8 <= n; col += 8)
                    {
                        Block4x8(shape, r, col);
                    }

                    for (int row = r; row < r + 4; row++)
                    {
                        ScalarColumns(shape, row, col, n);
                    }
                }

                for (; r < m; r++)
                {
                    int col = 0;
                    for (; col + 8 <= n; col += 8)
                    {
                        Block1x8(shape, r, col);
                    }

                    ScalarColumns(shape, r, col, n);
                }
            }

            for (; r < m; r++)
            {
                ScalarColumns(shape, r, 0, n);
            }
        }
    }

    private readonly unsafe struct StridedShape(float* a, int rowStride, int innerStride, float* b, float* c,
        int k, int n, float alpha, bool accumulate)
    {
        public readonly float* A = a, B = b, C = c;
        public readonly int RowStride = rowStride, InnerStride = innerStride, K = k, N = n;
        public readonly float Alpha = alpha;
        public readonly bool Accumulate = accumulate;

        public float* RowOfA(int r) => A + ((long)r * RowStride);

        public void Store(int r, int col, Vector256<float> sum)
        {
            float* target = C + ((long)r * N) + col;
            Vector256<float> value = sum * Vector256.Create(Alpha);
            if (Accumulate)
            {
                value += Vector256.Load(target);
            }

            value.Store(target);
        }
    }

    private static unsafe void Block4x16(in StridedShape s, int r, int col)
    {
        float* a0 = s.RowOfA(r), a1 = s.RowOfA(r + 1), a2 = s.RowOfA(r + 2), a3 = s.RowOfA(r + 3);
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector256<float> c20 = default, c21 = default, c30 = default, c31 = default;
        float* bRow = s.B + col;
        for (int t = 0; t < s.K; t++, bRow += s.N)
        {
            Vector256<float> b0 = Vector256.Load(bRow), b1 = Vector256.Load(bRow + 8);
            long at = (long)t * s.InnerStride;
            var x = Vector256.Create(a0[at]);
            c00 = VectorMath.MultiplyAdd(x, b0, c00); c01 = VectorMath.MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[at]);
            c10 = VectorMath.MultiplyAdd(x, b0, c10); c11 = VectorMath.MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[at]);
            c20 = VectorMath.MultiplyAdd(x, b0, c20); c21 = VectorMath.MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[at]);
            c30 = VectorMath.MultiplyAdd(x, b0, c30); c31 = VectorMath.MultiplyAdd(x, b1, c31);
        }

        s.Store(r, col, c00); s.Store(r, col + 8, c01);
        s.Store(r + 1, col, c10); s.Store(r + 1, col + 8, c11);
        s.Store(r + 2, col, c20); s.Store(r + 2, col + 8, c21);
        s.Store(r + 3, col, c30); s.Store(r + 3, col + 8, c31);
    }

    private static unsafe void Block4x8(in StridedShape s, int r, int col)
    {
        float* a0 = s.RowOfA(r), a1 = s.RowOfA(r + 1), a2 = s.RowOfA(r + 2), a3 = s.RowOfA(r + 3);
        Vector256<float> c0 = default, c1 = default, c2 = default, c3 = default;
        float* bRow = s.B + col;
        for (int t = 0; t < s.K; t++, bRow += s.N)
        {
            Vector256<float> b0 = Vector256.Load(bRow);
            long at = (long)t * s.InnerStride;
            c0 = VectorMath.MultiplyAdd(Vector256.Create(a0[at]), b0, c0);
            c1 = VectorMath.MultiplyAdd(Vector256.Create(a1[at]), b0, c1);
            c2 = VectorMath.MultiplyAdd(Vector256.Create(a2[at]), b0, c2);
            c3 = VectorMath.MultiplyAdd(Vector256.Create(a3[at]), b0, c3);
        }

        s.Store(r, col, c0); s.Store(r + 1, col, c1); s.Store(r + 2, col, c2); s.Store(r + 3, col, c3);
    }

    private static unsafe void Block1x8(in StridedShape s, int r, int col)
    {
        float* a0 = s.RowOfA(r);
        Vector256<float> c0 = default;
        float* bRow = s.B + col;
        for (int t = 0; t < s.K; t++, bRow += s.N)
        {
            c0 = VectorMath.MultiplyAdd(Vector256.Create(a0[(long)t * s.InnerStride]), Vector256.Load(bRow), c0);
        }

        s.Store(r, col, c0);
    }

    private static unsafe void ScalarColumns(in StridedShape s, int r, int colFrom, int colTo)
    {
        float* a0 = s.RowOfA(r);
        for (int col = colFrom; col < colTo; col++)
        {
            float sum = 0;
            for (int t = 0; t < s.K; t++)
            {
                sum += a0[(long)t * s.InnerStride] * s.B[((long)t * s.N) + col];
            }

            float* target = s.C + ((long)r * s.N) + col;
            *target = (s.Alpha * sum) + (s.Accumulate ? *target : 0f);
        }
    }
}
