using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// Rows [rowFrom, rowTo) × columns [columnFrom, columnTo) of C[rows×columns] = A[rows×inner] · B[columns×inner]ᵀ
    /// + bias (bias[j] added to column j when given), all row-major: C[i,j] is the dot product of row i of A with
    /// row j of B. This is the forward pass z = w·a + b for a whole mini-batch (A holds one sample per row, B is
    /// the book's weight matrix w of shape y×x), so nothing is transposed in memory. Every element is computed by
    /// the same sequence of operations whichever block, row range or column range it falls in, so splitting the
    /// result between threads never changes it.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe void MultiplyByTransposed(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int rows, int columns, int inner, ReadOnlySpan<float> bias,
        int rowFrom, int rowTo, int columnFrom, int columnTo, KernelPath path = KernelPath.Best)
    {
        RequireRange(rowFrom, rowTo, rows, "rows");
        RequireRange(columnFrom, columnTo, columns, "columns");
        RequireLength(a.Length, (long)rows * inner, nameof(a));
        RequireLength(b.Length, (long)columns * inner, nameof(b));
        RequireLength(c.Length, (long)rows * columns, nameof(c));
        if (!bias.IsEmpty)
        {
            RequireLength(bias.Length, columns, nameof(bias));
        }

        if (rowFrom == rowTo || columnFrom == columnTo)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c, pbias = bias)
        {
            var shape = new DotShape(pa, pb, pc, bias.IsEmpty ? null : pbias, columns, inner, rowTo, columnTo);
            path = KernelPaths.Choose(path, inner);
            if (path == KernelPath.Vector512)
            {
                // 4×4 blocks: 8 loads feed 16 FMAs, and the 32 AVX-512 registers hold all accumulators.
                // Columns outer: four rows of B (a few KB) stay in L1 while every row of A passes them.
                for (int j = columnFrom; j < columnTo; j += 4)
                {
                    for (int i = rowFrom; i < rowTo; i += 4)
                    {
                        DotBlock4x4<Simd512, Vector512<float>>(shape, i, j);
                    }
                }
            }
            else if (path == KernelPath.Vector256)
            {
                // 2×4 blocks: 6 loads feed 8 FMAs within the 16 AVX2 registers.
                DotBlocks2x4<Simd256, Vector256<float>>(shape, rowFrom, rowTo, columnFrom, columnTo);
            }
            else if (path == KernelPath.Vector128)
            {
                // The same 2×4 blocks on 128-bit vectors (SSE, or NEON on ARM64): 14 of 16 registers.
                DotBlocks2x4<Simd128, Vector128<float>>(shape, rowFrom, rowTo, columnFrom, columnTo);
            }
            else
            {
                for (int i = rowFrom; i < rowTo; i++)
                {
                    for (int j = columnFrom; j < columnTo; j++)
                    {
                        shape.Put(i, j, ScalarDot(shape.RowOfA(i), shape.RowOfB(j), 0, inner));
                    }
                }
            }
        }
    }

    [MethodImpl(HotPath.Compile)]
    private static void DotBlocks2x4<TSimd, TVector>(in DotShape shape, int rowFrom, int rowTo, int columnFrom, int columnTo)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        for (int j = columnFrom; j < columnTo; j += 4)
        {
            for (int i = rowFrom; i < rowTo; i += 2)
            {
                DotBlock2x4<TSimd, TVector>(shape, i, j);
            }
        }
    }

    private readonly unsafe struct DotShape(float* a, float* b, float* c, float* bias, int columns, int inner, int rowEnd, int columnEnd)
    {
        private readonly float* _a = a, _b = b, _c = c, _bias = bias;
        private readonly int _columns = columns, _rowEnd = rowEnd, _columnEnd = columnEnd;
        public readonly int Inner = inner;

        // Blocks at the edge read the last valid row again instead of past the end, and store only valid
        // elements: one micro-kernel serves every size, and edges cost a few wasted FMAs, not a slow path.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* RowOfA(int i) => _a + ((long)Math.Min(i, _rowEnd - 1) * Inner);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* RowOfB(int j) => _b + ((long)Math.Min(j, _columnEnd - 1) * Inner);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int i, int j, float dot)
        {
            if (i < _rowEnd && j < _columnEnd)
            {
                _c[((long)i * _columns) + j] = _bias == null ? dot : dot + _bias[j];
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void DotBlock4x4<TSimd, TVector>(in DotShape s, int i, int j)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(i), a1 = s.RowOfA(i + 1), a2 = s.RowOfA(i + 2), a3 = s.RowOfA(i + 3);
        float* b0 = s.RowOfB(j), b1 = s.RowOfB(j + 1), b2 = s.RowOfB(j + 2), b3 = s.RowOfB(j + 3);
        TVector s00 = default, s01 = default, s02 = default, s03 = default;
        TVector s10 = default, s11 = default, s12 = default, s13 = default;
        TVector s20 = default, s21 = default, s22 = default, s23 = default;
        TVector s30 = default, s31 = default, s32 = default, s33 = default;
        int width = TSimd.Count, t = 0;
        for (; t + width <= s.Inner; t += width)
        {
            TVector x0 = TSimd.Load(a0 + t), x1 = TSimd.Load(a1 + t), x2 = TSimd.Load(a2 + t), x3 = TSimd.Load(a3 + t);
            TVector w = TSimd.Load(b0 + t);
            s00 = TSimd.MultiplyAdd(x0, w, s00); s10 = TSimd.MultiplyAdd(x1, w, s10);
            s20 = TSimd.MultiplyAdd(x2, w, s20); s30 = TSimd.MultiplyAdd(x3, w, s30);
            w = TSimd.Load(b1 + t);
            s01 = TSimd.MultiplyAdd(x0, w, s01); s11 = TSimd.MultiplyAdd(x1, w, s11);
            s21 = TSimd.MultiplyAdd(x2, w, s21); s31 = TSimd.MultiplyAdd(x3, w, s31);
            w = TSimd.Load(b2 + t);
            s02 = TSimd.MultiplyAdd(x0, w, s02); s12 = TSimd.MultiplyAdd(x1, w, s12);
            s22 = TSimd.MultiplyAdd(x2, w, s22); s32 = TSimd.MultiplyAdd(x3, w, s32);
            w = TSimd.Load(b3 + t);
            s03 = TSimd.MultiplyAdd(x0, w, s03); s13 = TSimd.MultiplyAdd(x1, w, s13);
            s23 = TSimd.MultiplyAdd(x2, w, s23); s33 = TSimd.MultiplyAdd(x3, w, s33);
        }

        s.Put(i, j, TSimd.Sum(s00) + ScalarDot(a0, b0, t, s.Inner)); s.Put(i, j + 1, TSimd.Sum(s01) + ScalarDot(a0, b1, t, s.Inner));
        s.Put(i, j + 2, TSimd.Sum(s02) + ScalarDot(a0, b2, t, s.Inner)); s.Put(i, j + 3, TSimd.Sum(s03) + ScalarDot(a0, b3, t, s.Inner));
        s.Put(i + 1, j, TSimd.Sum(s10) + ScalarDot(a1, b0, t, s.Inner)); s.Put(i + 1, j + 1, TSimd.Sum(s11) + ScalarDot(a1, b1, t, s.Inner));
        s.Put(i + 1, j + 2, TSimd.Sum(s12) + ScalarDot(a1, b2, t, s.Inner)); s.Put(i + 1, j + 3, TSimd.Sum(s13) + ScalarDot(a1, b3, t, s.Inner));
        s.Put(i + 2, j, TSimd.Sum(s20) + ScalarDot(a2, b0, t, s.Inner)); s.Put(i + 2, j + 1, TSimd.Sum(s21) + ScalarDot(a2, b1, t, s.Inner));
        s.Put(i + 2, j + 2, TSimd.Sum(s22) + ScalarDot(a2, b2, t, s.Inner)); s.Put(i + 2, j + 3, TSimd.Sum(s23) + ScalarDot(a2, b3, t, s.Inner));
        s.Put(i + 3, j, TSimd.Sum(s30) + ScalarDot(a3, b0, t, s.Inner)); s.Put(i + 3, j + 1, TSimd.Sum(s31) + ScalarDot(a3, b1, t, s.Inner));
        s.Put(i + 3, j + 2, TSimd.Sum(s32) + ScalarDot(a3, b2, t, s.Inner)); s.Put(i + 3, j + 3, TSimd.Sum(s33) + ScalarDot(a3, b3, t, s.Inner));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void DotBlock2x4<TSimd, TVector>(in DotShape s, int i, int j)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(i), a1 = s.RowOfA(i + 1);
        float* b0 = s.RowOfB(j), b1 = s.RowOfB(j + 1), b2 = s.RowOfB(j + 2), b3 = s.RowOfB(j + 3);
        TVector s00 = default, s01 = default, s02 = default, s03 = default;
        TVector s10 = default, s11 = default, s12 = default, s13 = default;
        int width = TSimd.Count, t = 0;
        for (; t + width <= s.Inner; t += width)
        {
            TVector x0 = TSimd.Load(a0 + t), x1 = TSimd.Load(a1 + t);
            TVector w = TSimd.Load(b0 + t);
            s00 = TSimd.MultiplyAdd(x0, w, s00); s10 = TSimd.MultiplyAdd(x1, w, s10);
            w = TSimd.Load(b1 + t);
            s01 = TSimd.MultiplyAdd(x0, w, s01); s11 = TSimd.MultiplyAdd(x1, w, s11);
            w = TSimd.Load(b2 + t);
            s02 = TSimd.MultiplyAdd(x0, w, s02); s12 = TSimd.MultiplyAdd(x1, w, s12);
            w = TSimd.Load(b3 + t);
            s03 = TSimd.MultiplyAdd(x0, w, s03); s13 = TSimd.MultiplyAdd(x1, w, s13);
        }

        s.Put(i, j, TSimd.Sum(s00) + ScalarDot(a0, b0, t, s.Inner)); s.Put(i, j + 1, TSimd.Sum(s01) + ScalarDot(a0, b1, t, s.Inner));
        s.Put(i, j + 2, TSimd.Sum(s02) + ScalarDot(a0, b2, t, s.Inner)); s.Put(i, j + 3, TSimd.Sum(s03) + ScalarDot(a0, b3, t, s.Inner));
        s.Put(i + 1, j, TSimd.Sum(s10) + ScalarDot(a1, b0, t, s.Inner)); s.Put(i + 1, j + 1, TSimd.Sum(s11) + ScalarDot(a1, b1, t, s.Inner));
        s.Put(i + 1, j + 2, TSimd.Sum(s12) + ScalarDot(a1, b2, t, s.Inner)); s.Put(i + 1, j + 3, TSimd.Sum(s13) + ScalarDot(a1, b3, t, s.Inner));
    }

    /// <summary>The tail of a dot product past the last full vector (all of it when inner is shorter than a vector).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float ScalarDot(float* x, float* y, int from, int to)
    {
        float sum = 0;
        for (int t = from; t < to; t++)
        {
            sum = MathF.FusedMultiplyAdd(x[t], y[t], sum);
        }

        return sum;
    }

    [MethodImpl(HotPath.Compile)]
    internal static void RequireLength(int actual, long needed, string name)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"{name} holds {actual} elements but the product needs {needed}.", name);
        }
    }

    [MethodImpl(HotPath.Compile)]
    internal static void RequireRange(int from, int to, int count, string what)
    {
        if (count < 0 || (uint)from > (uint)to || to > count)
        {
            throw new ArgumentOutOfRangeException(what, $"The {what} [{from}, {to}) are outside 0..{count}.");
        }
    }
}
