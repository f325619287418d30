using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

/// <summary>
/// The arithmetic rule that makes a seeded run give the same bits on every CPU, and the reductions (sums and dot
/// products) written by it. Every kernel in this folder follows the rule; a new one must too.
/// </summary>
/// <remarks>
/// <para><b>Why.</b> Floating-point addition is not associative, so a sum's bits depend on the order it is added in.
/// A kernel whose partial sums follow the vector width (one per lane of whatever register the CPU has) adds in a
/// different order on AVX-512, AVX2, SSE/NEON and without vectors, and a seeded training run drifts apart within an
/// epoch (measured before this rule: seed 1, epoch 0 gave 9010, 9065, 9039 and 9040 correct on the four paths). The
/// same is true of an element-wise function whose vector and scalar code differ (the library's exp, sigmoid and tanh
/// take another route when hardware intrinsics are off) and of a·b + c rounded twice on one path and once (fused) on
/// another.</para>
/// <para><b>The rule.</b></para>
/// <list type="number">
/// <item>R1 — Sixteen logical lanes. A reduction over n values keeps exactly 16 partial sums: lane l takes the values
/// l, l + 16, l + 32, … in that order. The values are padded with zeros to a multiple of 16, and every lane does its
/// step for the padding too (a dot product's lane does FMA(0, 0, s) = s + 0, a sum's s + 0), so no lane is ever
/// skipped. A Vector512 holds the 16 lanes in one register, AVX2 in two Vector256 (lanes 0–7, 8–15), SSE and NEON in
/// four Vector128, the scalar path in 16 floats: the same partial sums on every width, only held differently.</item>
/// <item>R2 — One combining order. The 16 lanes s are combined as h[l] = (s[l] + s[l+8]) + (s[l+4] + s[l+12]) for
/// l = 0..3, then (h[0] + h[2]) + (h[1] + h[3]): this is what halving a Vector512 twice gives, and the narrower widths
/// and the scalar path perform the same additions (<see cref="ISimd{TVector}.FoldToFour"/>, <see cref="Finish"/>,
/// <see cref="Combine"/>). Anything added after (a bias) is added once, after.</item>
/// <item>R3 — Always fused. Every multiply-add in a reduction or a product is one rounding, FMA, on every path: where
/// the CPU has no FMA instruction each lane goes through <c>MathF.FusedMultiplyAdd</c> (slow, the same bits).
/// Where an operation is meant unfused (the book's w − (η/m)·∇w step), it is a multiplication and an addition on
/// every path, never contracted.</item>
/// <item>R4 — Element-wise functions from IEEE operations only. exp, sigmoid and tanh are computed here (see
/// <see cref="Transcendentals"/>) from +, −, ×, ÷, FMA, comparisons and exact scalings by powers of two, each of which
/// IEEE 754 defines to the bit, with the same sequence on every width and in the scalar code. The library's
/// element-wise calls that are single IEEE operations (add, multiply, divide, max) are kept.</item>
/// <item>R5 — Products that vectorize across outputs instead of summing across a vector (C = α·A·B + β·C in
/// <c>MultiplyStrided</c>, the row sums of BP3) already give every element one sequential FMA chain in index order;
/// their edges run the same chain in scalar code.</item>
/// <item>R6 — Splits between threads cut only whole elements of the result, never a reduction, so the thread count
/// cannot change a bit either (see <see cref="ParallelKernels"/>).</item>
/// </list>
/// <para>The tests hold every path to this: each kernel over awkward lengths on every <see cref="KernelPath"/> the
/// CPU has, compared bit for bit, and whole seeded trainings in child processes with AVX-512, AVX2 or all hardware
/// intrinsics switched off, compared by the SHA-256 of the saved network.</para>
/// <para>What this does not cover: the Gaussian sampler computes in double through the C library's log, sin/cos and
/// sqrt, rounded to float once, so a one-ulp difference between two C libraries changes a float weight only when it
/// falls on a rounding boundary (odds near 2⁻²⁹ per weight); and the cross-entropy and log-likelihood costs' values
/// (monitoring only: no weight depends on them) use the C library's log, so a monitored cost may differ in its
/// last digits between operating systems.</para>
/// </remarks>
internal static class FixedLanes
{
    /// <summary>The number of partial sums every reduction keeps, whatever the vector width (R1).</summary>
    public const int Count = 16;

    /// <summary>(h[0] + h[2]) + (h[1] + h[3]): the last step of R2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Finish(Vector128<float> four) =>
        (four.GetElement(0) + four.GetElement(2)) + (four.GetElement(1) + four.GetElement(3));

    /// <summary>The 16 lanes of <paramref name="lanes"/> combined in R2's order (the scalar path's form of it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe float Combine(float* lanes)
    {
        float h0 = (lanes[0] + lanes[8]) + (lanes[4] + lanes[12]);
        float h1 = (lanes[1] + lanes[9]) + (lanes[5] + lanes[13]);
        float h2 = (lanes[2] + lanes[10]) + (lanes[6] + lanes[14]);
        float h3 = (lanes[3] + lanes[11]) + (lanes[7] + lanes[15]);
        return (h0 + h2) + (h1 + h3);
    }

    /// <summary>
    /// The 16 lanes, held as 16 / width vectors of one width (v0 the lowest lanes; the unused ones are ignored),
    /// combined in R2's order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Reduce<TSimd, TVector>(TVector v0, TVector v1, TVector v2, TVector v3)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        if (TSimd.Count == 16)
        {
            return Finish(TSimd.FoldToFour(v0));
        }

        if (TSimd.Count == 8)
        {
            return Finish(TSimd.FoldToFour(TSimd.Add(v0, v1)));
        }

        return Finish(TSimd.FoldToFour(TSimd.Add(TSimd.Add(v0, v2), TSimd.Add(v1, v3))));
    }

    /// <summary>Σ x[i]·y[i] by the rule: the same bits on every path.</summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, KernelPath path = KernelPath.Best)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"The two vectors hold {x.Length} and {y.Length} values; a dot product needs the same number.", nameof(y));
        }

        fixed (float* px = x, py = y)
        {
            return KernelPaths.Choose(path, Count) switch
            {
                KernelPath.Vector512 => Reduce<Simd512, Vector512<float>>(px, py, x.Length, dot: true),
                KernelPath.Vector256 => Reduce<Simd256, Vector256<float>>(px, py, x.Length, dot: true),
                KernelPath.Vector128 => Reduce<Simd128, Vector128<float>>(px, py, x.Length, dot: true),
                _ => ScalarReduce(px, py, x.Length, dot: true),
            };
        }
    }

    /// <summary>Σ x[i] by the rule: the same bits on every path.</summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe float Sum(ReadOnlySpan<float> x, KernelPath path = KernelPath.Best)
    {
        fixed (float* px = x)
        {
            return KernelPaths.Choose(path, Count) switch
            {
                KernelPath.Vector512 => Reduce<Simd512, Vector512<float>>(px, px, x.Length, dot: false),
                KernelPath.Vector256 => Reduce<Simd256, Vector256<float>>(px, px, x.Length, dot: false),
                KernelPath.Vector128 => Reduce<Simd128, Vector128<float>>(px, px, x.Length, dot: false),
                _ => ScalarReduce(px, px, x.Length, dot: false),
            };
        }
    }

    /// <summary>Σ x[i]² by the rule (a dot product of x with itself).</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x, KernelPath path = KernelPath.Best) => Dot(x, x, path);

    [MethodImpl(HotPath.Compile)]
    private static unsafe float Reduce<TSimd, TVector>(float* x, float* y, int length, bool dot)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int w = TSimd.Count;
        TVector s0 = default, s1 = default, s2 = default, s3 = default;
        float* tailX = stackalloc float[Count];
        float* tailY = stackalloc float[Count];
        int full = length / Count * Count;
        int end = full;
        for (int pass = 0; ; pass++)
        {
            for (int t = 0; t < end; t += Count)
            {
                if (dot)
                {
                    s0 = TSimd.MultiplyAdd(TSimd.Load(x + t), TSimd.Load(y + t), s0);
                    if (w <= 8)
                    {
                        s1 = TSimd.MultiplyAdd(TSimd.Load(x + t + w), TSimd.Load(y + t + w), s1);
                    }

                    if (w <= 4)
                    {
                        s2 = TSimd.MultiplyAdd(TSimd.Load(x + t + 8), TSimd.Load(y + t + 8), s2);
                        s3 = TSimd.MultiplyAdd(TSimd.Load(x + t + 12), TSimd.Load(y + t + 12), s3);
                    }
                }
                else
                {
                    s0 = TSimd.Add(s0, TSimd.Load(x + t));
                    if (w <= 8)
                    {
                        s1 = TSimd.Add(s1, TSimd.Load(x + t + w));
                    }

                    if (w <= 4)
                    {
                        s2 = TSimd.Add(s2, TSimd.Load(x + t + 8));
                        s3 = TSimd.Add(s3, TSimd.Load(x + t + 12));
                    }
                }
            }

            if (pass == 1 || full == length)
            {
                break;
            }

            // R1: the last values padded with zeros to a whole 16, every lane stepping once more.
            PadTail(x, full, length, tailX);
            PadTail(y, full, length, tailY);
            x = tailX;
            y = tailY;
            end = Count;
        }

        return Reduce<TSimd, TVector>(s0, s1, s2, s3);
    }

    private static unsafe float ScalarReduce(float* x, float* y, int length, bool dot)
    {
        float* lanes = stackalloc float[Count];
        new Span<float>(lanes, Count).Clear();
        for (int t = 0; t < length; t += Count)
        {
            for (int l = 0; l < Count; l++)
            {
                float xv = t + l < length ? x[t + l] : 0f, yv = t + l < length ? y[t + l] : 0f;
                lanes[l] = dot ? MathF.FusedMultiplyAdd(xv, yv, lanes[l]) : lanes[l] + xv;
            }
        }

        return Combine(lanes);
    }

    /// <summary>Copies values [from, to) of <paramref name="row"/> (fewer than 16) to the start of <paramref name="tail"/> and zeroes the rest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void PadTail(float* row, int from, int to, float* tail)
    {
        int l = 0;
        for (; l < to - from; l++)
        {
            tail[l] = row[from + l];
        }

        for (; l < Count; l++)
        {
            tail[l] = 0f;
        }
    }
}
