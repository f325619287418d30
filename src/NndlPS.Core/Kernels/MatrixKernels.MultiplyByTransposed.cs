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

        // R1's zero-padded tails (the last inner % 16 values of each row), made once per call for the rows and
        // columns this call computes, so a block reads them instead of copying them again for every block. A call
        // with more rows and columns than MaxTailRows is done in halves (each element is computed alone, R6, so the
        // halves give the same bits), which bounds the buffer at 4 MiB per thread whatever the shape.
        long rowCount = rowTo - rowFrom, columnCount = columnTo - columnFrom;
        if (inner % FixedLanes.Count != 0 && rowCount + columnCount > MaxTailRows)
        {
            if (rowCount >= columnCount)
            {
                int middle = rowFrom + (int)(rowCount / 2);
                MultiplyByTransposed(a, b, c, rows, columns, inner, bias, rowFrom, middle, columnFrom, columnTo, path);
                MultiplyByTransposed(a, b, c, rows, columns, inner, bias, middle, rowTo, columnFrom, columnTo, path);
            }
            else
            {
                int middle = columnFrom + (int)(columnCount / 2);
                MultiplyByTransposed(a, b, c, rows, columns, inner, bias, rowFrom, rowTo, columnFrom, middle, path);
                MultiplyByTransposed(a, b, c, rows, columns, inner, bias, rowFrom, rowTo, middle, columnTo, path);
            }

            return;
        }

        int tailFloats = inner % FixedLanes.Count == 0 ? 0 : (int)((rowCount + columnCount) * FixedLanes.Count);
        float[] tailBuffer = TailBuffer(tailFloats);
        fixed (float* pa = a, pb = b, pc = c, pbias = bias, tails = tailBuffer)
        {
            var shape = new DotShape(pa, pb, pc, bias.IsEmpty ? null : pbias, columns, inner, rowFrom, rowTo, columnFrom, columnTo,
                tailFloats == 0 ? null : tails);
            path = KernelPaths.Choose(path, inner);
            if (path == KernelPath.Vector512)
            {
                // 4×4 blocks, one register per output (16 lanes): 8 loads feed 16 FMAs, and the 32 AVX-512 registers
                // hold all accumulators. Columns outer: four rows of B (a few KB) stay in L1 while every row of A passes.
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
                // 2×3 blocks, two registers per output: 12 accumulators, 2 of A and 1 of B live at a time (15 of
                // AVX2's 16 registers); 10 loads feed 12 FMAs.
                DotBlocks2x3<Simd256, Vector256<float>>(shape, rowFrom, rowTo, columnFrom, columnTo);
            }
            else if (path == KernelPath.Vector128)
            {
                // The same 2×3 blocks on 128-bit vectors, four registers per output: 27 registers, which NEON's 32
                // hold; on x86 without AVX2 (16 registers) some accumulators spill, a path that is there for
                // correctness on old CPUs, not for speed.
                DotBlocks2x3<Simd128, Vector128<float>>(shape, rowFrom, rowTo, columnFrom, columnTo);
            }
            else
            {
                for (int i = rowFrom; i < rowTo; i++)
                {
                    for (int j = columnFrom; j < columnTo; j++)
                    {
                        shape.Put(i, j, ScalarDot(shape.RowOfA(i), shape.RowOfB(j), inner));
                    }
                }
            }
        }
    }

    [MethodImpl(HotPath.Compile)]
    private static unsafe void DotBlocks2x3<TSimd, TVector>(in DotShape shape, int rowFrom, int rowTo, int columnFrom, int columnTo)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        for (int j = columnFrom; j < columnTo; j += 3)
        {
            for (int i = rowFrom; i < rowTo; i += 2)
            {
                DotBlock2x3<TSimd, TVector>(shape, i, j);
            }
        }
    }

    /// <summary>The most rows plus columns one call pads tails for: 65,536 × 16 floats, 4 MiB.</summary>
    internal const int MaxTailRows = 65_536;

    [ThreadStatic]
    private static float[]? t_tails;

    /// <summary>
    /// This thread's buffer for the padded tails, grown when a call needs more (the first mini-batch of a new shape),
    /// so training allocates nothing per mini-batch. Each worker thread has its own: shares never touch another's. A
    /// call holds it from padding to its last block and calls nothing that takes it again (the halving of a large call
    /// happens before the buffer is taken), so growing it can never pull it from under a block.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static float[] TailBuffer(int floats) => ThreadBuffer(ref t_tails, floats);

    /// <summary>
    /// A thread's own buffer of at least <paramref name="floats"/> (its [ThreadStatic] field passed by reference), made
    /// anew only when a call needs more than it holds, at least 4096 floats, so steady work allocates nothing.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    private static float[] ThreadBuffer(ref float[]? buffer, long floats)
    {
        if (buffer is null || buffer.Length < floats)
        {
            buffer = new float[Math.Max(floats, 4096)];
        }

        return buffer;
    }

    private readonly unsafe struct DotShape
    {
        private readonly float* _a, _b, _c, _bias, _aTails, _bTails;
        private readonly int _columns, _rowFrom, _rowEnd, _columnFrom, _columnEnd, _firstRowOfB;
        public readonly int Inner;

        /// <summary>
        /// Pads the tails of rows [rowFrom, rowEnd) of A and [columnFrom, columnEnd) of B into <paramref name="tails"/>
        /// (null: inner is a multiple of 16). <paramref name="b"/> points at row <paramref name="firstRowOfB"/> of B: 0 for
        /// a whole B, j for a few rows made apart (MultiplyByUnfolded).
        /// </summary>
        [MethodImpl(HotPath.Compile)] // once per product: optimized from the first call, not left to tiering
        public DotShape(float* a, float* b, float* c, float* bias, int columns, int inner, int rowFrom, int rowEnd, int columnFrom, int columnEnd, float* tails,
            int firstRowOfB = 0)
        {
            _a = a; _b = b; _c = c; _bias = bias; _firstRowOfB = firstRowOfB;
            _columns = columns; Inner = inner;
            _rowFrom = rowFrom; _rowEnd = rowEnd; _columnFrom = columnFrom; _columnEnd = columnEnd;
            _aTails = tails;
            _bTails = tails == null ? null : tails + ((long)(rowEnd - rowFrom) * FixedLanes.Count);
            if (tails != null)
            {
                int whole = Whole;
                for (int i = rowFrom; i < rowEnd; i++)
                {
                    FixedLanes.PadTail(RowOfA(i), whole, inner, TailOfA(i));
                }

                for (int j = columnFrom; j < columnEnd; j++)
                {
                    FixedLanes.PadTail(RowOfB(j), whole, inner, TailOfB(j));
                }
            }
        }

        /// <summary>The values in whole groups of 16; the rest are the padded tail (R1).</summary>
        public int Whole => Inner / FixedLanes.Count * FixedLanes.Count;

        // Blocks at the edge read the last valid row again instead of past the end, and store only valid
        // elements: one micro-kernel serves every size, and edges cost a few wasted FMAs, not a slow path.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* RowOfA(int i) => _a + ((long)Math.Min(i, _rowEnd - 1) * Inner);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* RowOfB(int j) => _b + ((long)(Math.Min(j, _columnEnd - 1) - _firstRowOfB) * Inner);

        /// <summary>Row i of A's last inner % 16 values, padded with zeros to 16 (R1); the last valid row's past the edge.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* TailOfA(int i) => _aTails + ((long)(Math.Min(i, _rowEnd - 1) - _rowFrom) * FixedLanes.Count);

        /// <summary>Row j of B's padded tail.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float* TailOfB(int j) => _bTails + ((long)(Math.Min(j, _columnEnd - 1) - _columnFrom) * FixedLanes.Count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Put(int i, int j, float dot)
        {
            if (i < _rowEnd && j < _columnEnd)
            {
                _c[((long)i * _columns) + j] = _bias == null ? dot : dot + _bias[j];
            }
        }
    }

    /// <summary>A 4×4 block of C with one 16-lane register per element (Vector512 only).</summary>
    // MultiplyByUnfolded's TiledBlock4x4 and TiledBlock2x3 run this loop and DotBlock2x3's, operation for operation, with
    // the accumulators in memory between tiles: a change to one must be made to the other (UnfoldedProductTests holds
    // them to the same bits). One method for both, accumulators always through memory, made these products 5-15% slower.
    // Compiled, not inlined: the JIT declines to inline a block this size, and a method it was asked to inline is
    // left to tiering, so the block ran as unoptimized code through the first epoch (seen in the JIT's log).
    [MethodImpl(HotPath.Compile)]
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
        int end = s.Whole;
        for (int pass = 0; ; pass++)
        {
            for (int t = 0; t < end; t += FixedLanes.Count)
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

            if (pass == 1 || end == s.Inner)
            {
                break;
            }

            a0 = s.TailOfA(i); a1 = s.TailOfA(i + 1); a2 = s.TailOfA(i + 2); a3 = s.TailOfA(i + 3);
            b0 = s.TailOfB(j); b1 = s.TailOfB(j + 1); b2 = s.TailOfB(j + 2); b3 = s.TailOfB(j + 3);
            end = FixedLanes.Count;
        }

        s.Put(i, j, Lanes(s00)); s.Put(i, j + 1, Lanes(s01)); s.Put(i, j + 2, Lanes(s02)); s.Put(i, j + 3, Lanes(s03));
        s.Put(i + 1, j, Lanes(s10)); s.Put(i + 1, j + 1, Lanes(s11)); s.Put(i + 1, j + 2, Lanes(s12)); s.Put(i + 1, j + 3, Lanes(s13));
        s.Put(i + 2, j, Lanes(s20)); s.Put(i + 2, j + 1, Lanes(s21)); s.Put(i + 2, j + 2, Lanes(s22)); s.Put(i + 2, j + 3, Lanes(s23));
        s.Put(i + 3, j, Lanes(s30)); s.Put(i + 3, j + 1, Lanes(s31)); s.Put(i + 3, j + 2, Lanes(s32)); s.Put(i + 3, j + 3, Lanes(s33));

        static float Lanes(TVector sum) => FixedLanes.Reduce<TSimd, TVector>(sum, sum, sum, sum);
    }

    /// <summary>
    /// A 2×3 block of C with 16 / width registers per element (two on AVX2, four on 128-bit vectors): each group of
    /// 16 values is taken one register-width at a time, so only two values of A and one of B are live beside the
    /// accumulators.
    /// </summary>
    [MethodImpl(HotPath.Compile)] // compiled, not inlined: see DotBlock4x4
    private static unsafe void DotBlock2x3<TSimd, TVector>(in DotShape s, int i, int j)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        float* a0 = s.RowOfA(i), a1 = s.RowOfA(i + 1);
        float* b0 = s.RowOfB(j), b1 = s.RowOfB(j + 1), b2 = s.RowOfB(j + 2);
        // sRC_g: row R of the block, column C, lane group g (lanes g·width … g·width + width − 1).
        TVector s00_0 = default, s01_0 = default, s02_0 = default, s10_0 = default, s11_0 = default, s12_0 = default;
        TVector s00_1 = default, s01_1 = default, s02_1 = default, s10_1 = default, s11_1 = default, s12_1 = default;
        TVector s00_2 = default, s01_2 = default, s02_2 = default, s10_2 = default, s11_2 = default, s12_2 = default;
        TVector s00_3 = default, s01_3 = default, s02_3 = default, s10_3 = default, s11_3 = default, s12_3 = default;
        int w = TSimd.Count, end = s.Whole;
        for (int pass = 0; ; pass++)
        {
            for (int t = 0; t < end; t += FixedLanes.Count)
            {
                TVector x0 = TSimd.Load(a0 + t), x1 = TSimd.Load(a1 + t), y = TSimd.Load(b0 + t);
                s00_0 = TSimd.MultiplyAdd(x0, y, s00_0); s10_0 = TSimd.MultiplyAdd(x1, y, s10_0);
                y = TSimd.Load(b1 + t);
                s01_0 = TSimd.MultiplyAdd(x0, y, s01_0); s11_0 = TSimd.MultiplyAdd(x1, y, s11_0);
                y = TSimd.Load(b2 + t);
                s02_0 = TSimd.MultiplyAdd(x0, y, s02_0); s12_0 = TSimd.MultiplyAdd(x1, y, s12_0);

                int u = t + w;
                x0 = TSimd.Load(a0 + u); x1 = TSimd.Load(a1 + u); y = TSimd.Load(b0 + u);
                s00_1 = TSimd.MultiplyAdd(x0, y, s00_1); s10_1 = TSimd.MultiplyAdd(x1, y, s10_1);
                y = TSimd.Load(b1 + u);
                s01_1 = TSimd.MultiplyAdd(x0, y, s01_1); s11_1 = TSimd.MultiplyAdd(x1, y, s11_1);
                y = TSimd.Load(b2 + u);
                s02_1 = TSimd.MultiplyAdd(x0, y, s02_1); s12_1 = TSimd.MultiplyAdd(x1, y, s12_1);

                if (w == 4)
                {
                    u = t + 8;
                    x0 = TSimd.Load(a0 + u); x1 = TSimd.Load(a1 + u); y = TSimd.Load(b0 + u);
                    s00_2 = TSimd.MultiplyAdd(x0, y, s00_2); s10_2 = TSimd.MultiplyAdd(x1, y, s10_2);
                    y = TSimd.Load(b1 + u);
                    s01_2 = TSimd.MultiplyAdd(x0, y, s01_2); s11_2 = TSimd.MultiplyAdd(x1, y, s11_2);
                    y = TSimd.Load(b2 + u);
                    s02_2 = TSimd.MultiplyAdd(x0, y, s02_2); s12_2 = TSimd.MultiplyAdd(x1, y, s12_2);

                    u = t + 12;
                    x0 = TSimd.Load(a0 + u); x1 = TSimd.Load(a1 + u); y = TSimd.Load(b0 + u);
                    s00_3 = TSimd.MultiplyAdd(x0, y, s00_3); s10_3 = TSimd.MultiplyAdd(x1, y, s10_3);
                    y = TSimd.Load(b1 + u);
                    s01_3 = TSimd.MultiplyAdd(x0, y, s01_3); s11_3 = TSimd.MultiplyAdd(x1, y, s11_3);
                    y = TSimd.Load(b2 + u);
                    s02_3 = TSimd.MultiplyAdd(x0, y, s02_3); s12_3 = TSimd.MultiplyAdd(x1, y, s12_3);
                }
            }

            if (pass == 1 || end == s.Inner)
            {
                break;
            }

            a0 = s.TailOfA(i); a1 = s.TailOfA(i + 1);
            b0 = s.TailOfB(j); b1 = s.TailOfB(j + 1); b2 = s.TailOfB(j + 2);
            end = FixedLanes.Count;
        }

        s.Put(i, j, FixedLanes.Reduce<TSimd, TVector>(s00_0, s00_1, s00_2, s00_3));
        s.Put(i, j + 1, FixedLanes.Reduce<TSimd, TVector>(s01_0, s01_1, s01_2, s01_3));
        s.Put(i, j + 2, FixedLanes.Reduce<TSimd, TVector>(s02_0, s02_1, s02_2, s02_3));
        s.Put(i + 1, j, FixedLanes.Reduce<TSimd, TVector>(s10_0, s10_1, s10_2, s10_3));
        s.Put(i + 1, j + 1, FixedLanes.Reduce<TSimd, TVector>(s11_0, s11_1, s11_2, s11_3));
        s.Put(i + 1, j + 2, FixedLanes.Reduce<TSimd, TVector>(s12_0, s12_1, s12_2, s12_3));
    }

    /// <summary>One element by the rule without vectors: 16 lanes in floats, the tail padded, R2's order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float ScalarDot(float* x, float* y, int inner)
    {
        float* lanes = stackalloc float[FixedLanes.Count];
        for (int l = 0; l < FixedLanes.Count; l++)
        {
            lanes[l] = 0f;
        }

        for (int t = 0; t < inner; t += FixedLanes.Count)
        {
            for (int l = 0; l < FixedLanes.Count; l++)
            {
                bool inside = t + l < inner;
                lanes[l] = MathF.FusedMultiplyAdd(inside ? x[t + l] : 0f, inside ? y[t + l] : 0f, lanes[l]);
            }
        }

        return FixedLanes.Combine(lanes);
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
