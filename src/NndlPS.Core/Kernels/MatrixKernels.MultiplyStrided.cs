using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// Rows [rowFrom, rowTo) of C[rows×columns] = α · A·B + β · C (C is not read when β = 0), where A is
    /// rows×inner read through strides, A(r,t) = a[r·aRowStride + t·aInnerStride], and B is inner×columns,
    /// row-major. Strides let one kernel serve both A·B (aRowStride = inner, aInnerStride = 1) and Aᵀ·B for an A
    /// stored inner×rows (aRowStride = 1, aInnerStride = rows): each element of A is broadcast and the rows of B and
    /// C are contiguous, so the inner loop is vector loads and FMAs only. Every element is computed by the same
    /// operations whatever its block or row range, so splitting rows between threads changes nothing; so does
    /// splitting columns [columnFrom, columnTo) (a share narrower than a vector runs the same FMA chain in scalar code,
    /// and a share's last partial vector overlaps only its own columns, never a neighbour's).
    /// <para>C may be held apart from B's layout: element (r, col) at c[r·<paramref name="cRowStride"/> + col −
    /// <paramref name="cFirstColumn"/>] (by default columns and 0), so a few samples' columns of a batch-wide B can be
    /// written to a small contiguous C of their own (a convolutional layer's wᵀ·δ, ConvPoolPass).</para>
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe void MultiplyStrided(ReadOnlySpan<float> a, int aRowStride, int aInnerStride,
        ReadOnlySpan<float> b, Span<float> c, int rows, int columns, int inner, float alpha, float beta,
        int rowFrom, int rowTo, KernelPath path = KernelPath.Best, int columnFrom = 0, int columnTo = -1,
        int cRowStride = -1, int cFirstColumn = 0)
    {
        RequireRange(rowFrom, rowTo, rows, "rows");
        columnTo = columnTo < 0 ? columns : columnTo;
        RequireRange(columnFrom, columnTo, columns, "columns");
        cRowStride = cRowStride < 0 ? columns : cRowStride;
        if (cFirstColumn < 0 || cFirstColumn > columnFrom || columnTo - cFirstColumn > cRowStride)
        {
            throw new ArgumentOutOfRangeException(nameof(cFirstColumn),
                $"Columns [{columnFrom}, {columnTo}) do not fit rows of C that hold {cRowStride} columns from column {cFirstColumn}.");
        }

        if (aRowStride < 0 || aInnerStride < 0 || columns < 0 || inner < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(aRowStride), "Strides and sizes must not be negative.");
        }

        // The furthest element of A the strides reach, checked before any unsafe read.
        if (rows > 0 && inner > 0)
        {
            RequireLength(a.Length, ((long)(rows - 1) * aRowStride) + ((long)(inner - 1) * aInnerStride) + 1, nameof(a));
        }

        RequireLength(b.Length, (long)inner * columns, nameof(b));
        RequireLength(c.Length, (long)rows * cRowStride, nameof(c));
        if (rowFrom == rowTo || columnFrom == columnTo)
        {
            return;
        }

        fixed (float* pa = a, pb = b, pc = c)
        {
            var shape = new StridedShape(pa, aRowStride, aInnerStride, pb, pc, inner, columns, alpha, beta, rowTo, cRowStride, cFirstColumn);
            path = KernelPaths.Choose(path, columnTo - columnFrom);
            if (path == KernelPath.Vector512)
            {
                StridedRows<Simd512, Vector512<float>>(shape, rowFrom, rowTo, columnFrom, columnTo, vectorsPerBlock: 4);
            }
            else if (path == KernelPath.Vector256)
            {
                // 4 rows × 3 vectors: 12 accumulators, 3 of B and 1 broadcast fill AVX2's 16 registers; 12 independent
                // FMA chains cover the FMA latency on two pipes, where 4 × 2 left them half idle.
                StridedRows<Simd256, Vector256<float>>(shape, rowFrom, rowTo, columnFrom, columnTo, vectorsPerBlock: 3);
            }
            else if (path == KernelPath.Vector128)
            {
                // NEON has 32 registers: 4 × 4 (21 live). SSE has 16: 4 × 2, as a correctness path for old CPUs.
                StridedRows<Simd128, Vector128<float>>(shape, rowFrom, rowTo, columnFrom, columnTo, vectorsPerBlock: AdvSimd.Arm64.IsSupported ? 4 : 2);
            }
            else
            {
                for (int r = rowFrom; r < rowTo; r++)
                {
                    shape.ScalarColumns(r, columnFrom, columnTo);
                }
            }
        }
    }

    [MethodImpl(HotPath.Compile)]
    private static unsafe void StridedRows<TSimd, TVector>(in StridedShape s, int rowFrom, int rowTo, int columnFrom, int columnTo, int vectorsPerBlock)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int width = TSimd.Count, wide = vectorsPerBlock * width;
        for (int r = rowFrom; r < rowTo; r += 4)
        {
            int col = columnFrom;
            if (vectorsPerBlock == 4)
            {
                for (; col + wide <= columnTo; col += wide)
                {
                    StridedBlock4x4<TSimd, TVector>(s, r, col);
                }
            }
            else if (vectorsPerBlock == 3)
            {
                for (; col + wide <= columnTo; col += wide)
                {
                    StridedBlock4x3<TSimd, TVector>(s, r, col);
                }
            }
            else
            {
                for (; col + wide <= columnTo; col += wide)
                {
                    StridedBlock4x2<TSimd, TVector>(s, r, col);
                }
            }

            for (; col + width <= columnTo; col += width)
            {
                StridedBlock4x1<TSimd, TVector>(s, r, col, firstLane: 0);
            }

            if (col < columnTo)
            {
                // The tail overlaps the last full vector of this range; lanes already done are stored back unchanged.
                StridedBlock4x1<TSimd, TVector>(s, r, columnTo - width, firstLane: col - (columnTo - width));
            }
        }
    }

    private readonly unsafe struct StridedShape(float* a, int aRowStride, int aInnerStride, float* b, float* c,
        int inner, int columns, float alpha, float beta, int rowEnd, int cRowStride, int cFirstColumn)
    {
        private readonly float* _a = a, _c = c;
        private readonly int _rowStride = aRowStride, _rowEnd = rowEnd, _cRowStride = cRowStride, _cFirstColumn = cFirstColumn;
        public readonly float* B = b;
        public readonly int InnerStride = aInnerStride, Inner = inner, Columns = columns;
        public readonly float Alpha = alpha, Beta = beta;

        /// <summary>Row r of A, or the last valid row for a block that overhangs the edge (its results are not stored).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* RowOfA(int r) => _a + ((long)Math.Min(r, _rowEnd - 1) * _rowStride);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store<TSimd, TVector>(int r, int col, TVector sum, int firstLane)
            where TSimd : struct, ISimd<TVector>
            where TVector : struct
        {
            if (r >= _rowEnd)
            {
                return;
            }

            float* target = _c + ((long)r * _cRowStride) + (col - _cFirstColumn);
            TVector value = TSimd.Multiply(sum, TSimd.Broadcast(Alpha));
            if (Beta != 0 || firstLane > 0)
            {
                TVector old = TSimd.Load(target);
                if (Beta != 0)
                {
                    // β·C rounds exactly when β = 1, so plain SGD gets the bits it had before β existed.
                    value = TSimd.Add(value, TSimd.Multiply(old, TSimd.Broadcast(Beta)));
                }

                if (firstLane > 0)
                {
                    value = TSimd.Select(TSimd.LanesFrom(firstLane), value, old);
                }
            }

            TSimd.Store(value, target);
        }

        /// <summary>Columns too few for a vector: the same FMA chain per element as a vector lane computes.</summary>
        public void ScalarColumns(int r, int colFrom, int colTo)
        {
            float* a0 = RowOfA(r);
            for (int col = colFrom; col < colTo; col++)
            {
                float sum = 0;
                for (int t = 0; t < Inner; t++)
                {
                    sum = MathF.FusedMultiplyAdd(a0[(long)t * InnerStride], B[((long)t * Columns) + col], sum);
                }

                float* target = _c + ((long)r * _cRowStride) + (col - _cFirstColumn);
                *target = Beta != 0 ? (sum * Alpha) + (*target * Beta) : sum * Alpha;
            }
        }
    }

    /// <summary>4 rows × 4 vectors: four vector loads of B and four broadcasts of A feed sixteen FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StridedBlock4x4<TSimd, TVector>(in StridedShape s, int r, int col)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(r), a1 = s.RowOfA(r + 1), a2 = s.RowOfA(r + 2), a3 = s.RowOfA(r + 3);
        TVector c00 = default, c01 = default, c02 = default, c03 = default;
        TVector c10 = default, c11 = default, c12 = default, c13 = default;
        TVector c20 = default, c21 = default, c22 = default, c23 = default;
        TVector c30 = default, c31 = default, c32 = default, c33 = default;
        int w = TSimd.Count;
        float* bRow = s.B + col;
        for (int t = 0; t < s.Inner; t++, bRow += s.Columns)
        {
            TVector b0 = TSimd.Load(bRow), b1 = TSimd.Load(bRow + w), b2 = TSimd.Load(bRow + (2 * w)), b3 = TSimd.Load(bRow + (3 * w));
            long at = (long)t * s.InnerStride;
            TVector x = TSimd.Broadcast(a0[at]);
            c00 = TSimd.MultiplyAdd(x, b0, c00); c01 = TSimd.MultiplyAdd(x, b1, c01); c02 = TSimd.MultiplyAdd(x, b2, c02); c03 = TSimd.MultiplyAdd(x, b3, c03);
            x = TSimd.Broadcast(a1[at]);
            c10 = TSimd.MultiplyAdd(x, b0, c10); c11 = TSimd.MultiplyAdd(x, b1, c11); c12 = TSimd.MultiplyAdd(x, b2, c12); c13 = TSimd.MultiplyAdd(x, b3, c13);
            x = TSimd.Broadcast(a2[at]);
            c20 = TSimd.MultiplyAdd(x, b0, c20); c21 = TSimd.MultiplyAdd(x, b1, c21); c22 = TSimd.MultiplyAdd(x, b2, c22); c23 = TSimd.MultiplyAdd(x, b3, c23);
            x = TSimd.Broadcast(a3[at]);
            c30 = TSimd.MultiplyAdd(x, b0, c30); c31 = TSimd.MultiplyAdd(x, b1, c31); c32 = TSimd.MultiplyAdd(x, b2, c32); c33 = TSimd.MultiplyAdd(x, b3, c33);
        }

        s.Store<TSimd, TVector>(r, col, c00, 0); s.Store<TSimd, TVector>(r, col + w, c01, 0);
        s.Store<TSimd, TVector>(r, col + (2 * w), c02, 0); s.Store<TSimd, TVector>(r, col + (3 * w), c03, 0);
        s.Store<TSimd, TVector>(r + 1, col, c10, 0); s.Store<TSimd, TVector>(r + 1, col + w, c11, 0);
        s.Store<TSimd, TVector>(r + 1, col + (2 * w), c12, 0); s.Store<TSimd, TVector>(r + 1, col + (3 * w), c13, 0);
        s.Store<TSimd, TVector>(r + 2, col, c20, 0); s.Store<TSimd, TVector>(r + 2, col + w, c21, 0);
        s.Store<TSimd, TVector>(r + 2, col + (2 * w), c22, 0); s.Store<TSimd, TVector>(r + 2, col + (3 * w), c23, 0);
        s.Store<TSimd, TVector>(r + 3, col, c30, 0); s.Store<TSimd, TVector>(r + 3, col + w, c31, 0);
        s.Store<TSimd, TVector>(r + 3, col + (2 * w), c32, 0); s.Store<TSimd, TVector>(r + 3, col + (3 * w), c33, 0);
    }

    /// <summary>4 rows × 3 vectors, for 16-register AVX2: three loads of B and four broadcasts feed twelve FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StridedBlock4x3<TSimd, TVector>(in StridedShape s, int r, int col)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(r), a1 = s.RowOfA(r + 1), a2 = s.RowOfA(r + 2), a3 = s.RowOfA(r + 3);
        TVector c00 = default, c01 = default, c02 = default, c10 = default, c11 = default, c12 = default;
        TVector c20 = default, c21 = default, c22 = default, c30 = default, c31 = default, c32 = default;
        int w = TSimd.Count;
        float* bRow = s.B + col;
        for (int t = 0; t < s.Inner; t++, bRow += s.Columns)
        {
            TVector b0 = TSimd.Load(bRow), b1 = TSimd.Load(bRow + w), b2 = TSimd.Load(bRow + (2 * w));
            long at = (long)t * s.InnerStride;
            TVector x = TSimd.Broadcast(a0[at]);
            c00 = TSimd.MultiplyAdd(x, b0, c00); c01 = TSimd.MultiplyAdd(x, b1, c01); c02 = TSimd.MultiplyAdd(x, b2, c02);
            x = TSimd.Broadcast(a1[at]);
            c10 = TSimd.MultiplyAdd(x, b0, c10); c11 = TSimd.MultiplyAdd(x, b1, c11); c12 = TSimd.MultiplyAdd(x, b2, c12);
            x = TSimd.Broadcast(a2[at]);
            c20 = TSimd.MultiplyAdd(x, b0, c20); c21 = TSimd.MultiplyAdd(x, b1, c21); c22 = TSimd.MultiplyAdd(x, b2, c22);
            x = TSimd.Broadcast(a3[at]);
            c30 = TSimd.MultiplyAdd(x, b0, c30); c31 = TSimd.MultiplyAdd(x, b1, c31); c32 = TSimd.MultiplyAdd(x, b2, c32);
        }

        s.Store<TSimd, TVector>(r, col, c00, 0); s.Store<TSimd, TVector>(r, col + w, c01, 0); s.Store<TSimd, TVector>(r, col + (2 * w), c02, 0);
        s.Store<TSimd, TVector>(r + 1, col, c10, 0); s.Store<TSimd, TVector>(r + 1, col + w, c11, 0); s.Store<TSimd, TVector>(r + 1, col + (2 * w), c12, 0);
        s.Store<TSimd, TVector>(r + 2, col, c20, 0); s.Store<TSimd, TVector>(r + 2, col + w, c21, 0); s.Store<TSimd, TVector>(r + 2, col + (2 * w), c22, 0);
        s.Store<TSimd, TVector>(r + 3, col, c30, 0); s.Store<TSimd, TVector>(r + 3, col + w, c31, 0); s.Store<TSimd, TVector>(r + 3, col + (2 * w), c32, 0);
    }

    /// <summary>4 rows × 2 vectors, for 16-register SSE: two loads of B and four broadcasts feed eight FMAs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StridedBlock4x2<TSimd, TVector>(in StridedShape s, int r, int col)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(r), a1 = s.RowOfA(r + 1), a2 = s.RowOfA(r + 2), a3 = s.RowOfA(r + 3);
        TVector c00 = default, c01 = default, c10 = default, c11 = default;
        TVector c20 = default, c21 = default, c30 = default, c31 = default;
        int w = TSimd.Count;
        float* bRow = s.B + col;
        for (int t = 0; t < s.Inner; t++, bRow += s.Columns)
        {
            TVector b0 = TSimd.Load(bRow), b1 = TSimd.Load(bRow + w);
            long at = (long)t * s.InnerStride;
            TVector x = TSimd.Broadcast(a0[at]);
            c00 = TSimd.MultiplyAdd(x, b0, c00); c01 = TSimd.MultiplyAdd(x, b1, c01);
            x = TSimd.Broadcast(a1[at]);
            c10 = TSimd.MultiplyAdd(x, b0, c10); c11 = TSimd.MultiplyAdd(x, b1, c11);
            x = TSimd.Broadcast(a2[at]);
            c20 = TSimd.MultiplyAdd(x, b0, c20); c21 = TSimd.MultiplyAdd(x, b1, c21);
            x = TSimd.Broadcast(a3[at]);
            c30 = TSimd.MultiplyAdd(x, b0, c30); c31 = TSimd.MultiplyAdd(x, b1, c31);
        }

        s.Store<TSimd, TVector>(r, col, c00, 0); s.Store<TSimd, TVector>(r, col + w, c01, 0);
        s.Store<TSimd, TVector>(r + 1, col, c10, 0); s.Store<TSimd, TVector>(r + 1, col + w, c11, 0);
        s.Store<TSimd, TVector>(r + 2, col, c20, 0); s.Store<TSimd, TVector>(r + 2, col + w, c21, 0);
        s.Store<TSimd, TVector>(r + 3, col, c30, 0); s.Store<TSimd, TVector>(r + 3, col + w, c31, 0);
    }

    /// <summary>4 rows × 1 vector, for the columns left over by the wide blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StridedBlock4x1<TSimd, TVector>(in StridedShape s, int r, int col, int firstLane)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(r), a1 = s.RowOfA(r + 1), a2 = s.RowOfA(r + 2), a3 = s.RowOfA(r + 3);
        TVector c0 = default, c1 = default, c2 = default, c3 = default;
        float* bRow = s.B + col;
        for (int t = 0; t < s.Inner; t++, bRow += s.Columns)
        {
            TVector b0 = TSimd.Load(bRow);
            long at = (long)t * s.InnerStride;
            c0 = TSimd.MultiplyAdd(TSimd.Broadcast(a0[at]), b0, c0);
            c1 = TSimd.MultiplyAdd(TSimd.Broadcast(a1[at]), b0, c1);
            c2 = TSimd.MultiplyAdd(TSimd.Broadcast(a2[at]), b0, c2);
            c3 = TSimd.MultiplyAdd(TSimd.Broadcast(a3[at]), b0, c3);
        }

        s.Store<TSimd, TVector>(r, col, c0, firstLane); s.Store<TSimd, TVector>(r + 1, col, c1, firstLane);
        s.Store<TSimd, TVector>(r + 2, col, c2, firstLane); s.Store<TSimd, TVector>(r + 3, col, c3, firstLane);
    }
}
