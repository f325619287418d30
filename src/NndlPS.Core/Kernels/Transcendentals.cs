using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

/// <summary>
/// e^x, the sigmoid 1 / (1 + e^(−x)) and tanh x, element by element, computed so that every vector width and the
/// scalar code give the same bits (rule R4 of <see cref="FixedLanes"/>).
/// </summary>
/// <remarks>
/// <para>Why not <c>TensorPrimitives.Exp/Sigmoid/Tanh</c>, as before: the library computes them with other
/// operations when hardware intrinsics are off (and promises nothing across widths), so a seeded run on a CPU
/// without vectors drifted from the same run on AVX2 within the first epoch.</para>
/// <para>How: each function is one fixed sequence of IEEE 754 operations (+, −, ×, ÷, FMA, comparisons, selects and
/// exact scalings by powers of two), written twice, once over <see cref="ISimd{TVector}"/> for the vector widths and
/// once over floats, step for step the same; a test holds the two to the bit on every path over millions of values.
/// </para>
/// <para>e^x (Cody and Waite's reduction): n = round(x·log₂e) by adding and subtracting 1.5·2²³, r = x − n·ln2 in two
/// FMAs with ln 2 split in a high part exact in 9 bits and a low part, e^r by its Taylor polynomial to degree 7 by
/// Horner's rule in FMAs (|r| ≤ ½ ln 2, so the first term left out, r⁸/8!, is below 5.3·10⁻⁹ ≈ 2⁻²⁷·⁵), then e^r·2ⁿ by two exact
/// scalings. x is clamped to [−104, 88.8] first, where e^x is already 0 or ∞ beyond; NaN passes through. Measured
/// against double-precision <c>Math.Exp</c> over 10⁷ values in [−87, 88]: at most 2 ulp.</para>
/// <para>The sigmoid is 1 / (1 + e^(−x)); tanh x is 1 − 2 / (e^(2|x|) + 1) with x's sign for |x| ≥ ¼ and its Taylor
/// polynomial to x⁹ below ¼, where the subtraction would cancel (the next term is below 2⁻²⁶ of x). Both within a
/// few ulp of the exact values (see the tests for the bounds checked).</para>
/// </remarks>
internal static class Transcendentals
{
    private const float Log2E = 1.44269504088896341f;
    private const float Ln2High = 0.693359375f;       // 9 significant bits, so n·Ln2High is exact for |n| ≤ 150
    private const float Ln2Low = -2.12194440e-4f;      // ln 2 − Ln2High
    private const float RoundingMagic = 12582912f;     // 1.5·2²³: x + this − this rounds x to a whole number
    private const float ExpLowest = -104f, ExpHighest = 88.8f;
    private const float C2 = 1f / 2, C3 = 1f / 6, C4 = 1f / 24, C5 = 1f / 120, C6 = 1f / 720, C7 = 1f / 5040;
    private const float TanhSeriesBelow = 0.25f;
    private const float T3 = -1f / 3, T5 = 2f / 15, T7 = -17f / 315, T9 = 62f / 2835;

    /// <summary>destination[i] = e^x[i].</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Exp(ReadOnlySpan<float> x, Span<float> destination, KernelPath path = KernelPath.Best) =>
        Apply<ExpFunction>(Function.Exp, x, destination, path);

    /// <summary>destination[i] = 1 / (1 + e^(−x[i])).</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> destination, KernelPath path = KernelPath.Best) =>
        Apply<SigmoidFunction>(Function.Sigmoid, x, destination, path);

    /// <summary>destination[i] = tanh x[i].</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Tanh(ReadOnlySpan<float> x, Span<float> destination, KernelPath path = KernelPath.Best) =>
        Apply<TanhFunction>(Function.Tanh, x, destination, path);

    /// <summary>One value: the scalar form, the bits every path gives.</summary>
    public static float Exp(float x) => ExpFunction.Invoke(x);

    /// <summary>One value: the scalar form, the bits every path gives.</summary>
    public static float Sigmoid(float x) => SigmoidFunction.Invoke(x);

    /// <summary>One value: the scalar form, the bits every path gives.</summary>
    public static float Tanh(float x) => TanhFunction.Invoke(x);

    private enum Function
    {
        Exp,
        Sigmoid,
        Tanh,
    }

    // Inlined into the three public entry points. The vector loops are one method per width, generic over the width
    // only, so HotPathCompiler compiles each ahead: a loop generic over the function too was not inlined and ran as
    // unoptimized tier-0 code through the first epoch (seen in the JIT's log on AVX2: the first epoch took 2.7 times
    // the next ones).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Apply<TFunction>(Function function, ReadOnlySpan<float> x, Span<float> destination, KernelPath path)
        where TFunction : struct, IElementFunction
    {
        if (destination.Length < x.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values; it needs {x.Length}.", nameof(destination));
        }

        fixed (float* px = x, pd = destination)
        {
            int done = KernelPaths.Choose(path, x.Length) switch
            {
                KernelPath.Vector512 => ApplyVectors<Simd512, Vector512<float>>(function, px, pd, x.Length),
                KernelPath.Vector256 => ApplyVectors<Simd256, Vector256<float>>(function, px, pd, x.Length),
                KernelPath.Vector128 => ApplyVectors<Simd128, Vector128<float>>(function, px, pd, x.Length),
                _ => 0,
            };

            // The tail (or everything, without vectors) in scalar code: the same bits, and safe in place, where an
            // overlapping last vector would apply the function twice to the values it shares.
            for (int i = done; i < x.Length; i++)
            {
                pd[i] = TFunction.Invoke(px[i]);
            }
        }
    }

    /// <summary>The whole vectors of <paramref name="x"/>; returns how many values were done.</summary>
    [MethodImpl(HotPath.Compile)]
    private static unsafe int ApplyVectors<TSimd, TVector>(Function function, float* x, float* destination, int length)
        where TSimd : struct, ISimd<TVector>
        where TVector : struct
    {
        int i = 0, end = length - TSimd.Count;
        switch (function)
        {
            case Function.Exp:
                for (; i <= end; i += TSimd.Count)
                {
                    TSimd.Store(ExpFunction.Invoke<TSimd, TVector>(TSimd.Load(x + i)), destination + i);
                }

                break;
            case Function.Sigmoid:
                for (; i <= end; i += TSimd.Count)
                {
                    TSimd.Store(SigmoidFunction.Invoke<TSimd, TVector>(TSimd.Load(x + i)), destination + i);
                }

                break;
            default:
                for (; i <= end; i += TSimd.Count)
                {
                    TSimd.Store(TanhFunction.Invoke<TSimd, TVector>(TSimd.Load(x + i)), destination + i);
                }

                break;
        }

        return i;
    }

    private interface IElementFunction
    {
        static abstract float Invoke(float x);

        static abstract TVector Invoke<TSimd, TVector>(TVector x)
            where TSimd : struct, ISimd<TVector>
            where TVector : struct;
    }

    private readonly struct ExpFunction : IElementFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x)
        {
            bool isNumber = !float.IsNaN(x);
            float v = isNumber ? x : 0f;
            v = v > ExpHighest ? ExpHighest : v;
            v = v < ExpLowest ? ExpLowest : v;
            float n = ((v * Log2E) + RoundingMagic) - RoundingMagic;
            float minusN = 0f - n;
            float r = MathF.FusedMultiplyAdd(minusN, Ln2High, v);
            r = MathF.FusedMultiplyAdd(minusN, Ln2Low, r);
            float p = MathF.FusedMultiplyAdd(C7, r, C6);
            p = MathF.FusedMultiplyAdd(p, r, C5);
            p = MathF.FusedMultiplyAdd(p, r, C4);
            p = MathF.FusedMultiplyAdd(p, r, C3);
            p = MathF.FusedMultiplyAdd(p, r, C2);
            p = MathF.FusedMultiplyAdd(p, r, 1f);
            p = MathF.FusedMultiplyAdd(p, r, 1f);
            float result = ScaleByPowerOfTwo(p, (int)n);
            return isNumber ? result : x;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Invoke<TSimd, TVector>(TVector x)
            where TSimd : struct, ISimd<TVector>
            where TVector : struct
        {
            TVector isNumber = TSimd.IsNumber(x);
            TVector v = TSimd.Select(isNumber, x, default);
            TVector highest = TSimd.Broadcast(ExpHighest), lowest = TSimd.Broadcast(ExpLowest);
            v = TSimd.Select(TSimd.GreaterThan(v, highest), highest, v);
            v = TSimd.Select(TSimd.LessThan(v, lowest), lowest, v);
            TVector magic = TSimd.Broadcast(RoundingMagic);
            TVector n = TSimd.Subtract(TSimd.Add(TSimd.Multiply(v, TSimd.Broadcast(Log2E)), magic), magic);
            TVector minusN = TSimd.Subtract(default, n);
            TVector r = TSimd.MultiplyAdd(minusN, TSimd.Broadcast(Ln2High), v);
            r = TSimd.MultiplyAdd(minusN, TSimd.Broadcast(Ln2Low), r);
            TVector p = TSimd.MultiplyAdd(TSimd.Broadcast(C7), r, TSimd.Broadcast(C6));
            p = TSimd.MultiplyAdd(p, r, TSimd.Broadcast(C5));
            p = TSimd.MultiplyAdd(p, r, TSimd.Broadcast(C4));
            p = TSimd.MultiplyAdd(p, r, TSimd.Broadcast(C3));
            p = TSimd.MultiplyAdd(p, r, TSimd.Broadcast(C2));
            TVector one = TSimd.Broadcast(1f);
            p = TSimd.MultiplyAdd(p, r, one);
            p = TSimd.MultiplyAdd(p, r, one);
            return TSimd.Select(isNumber, TSimd.ScaleByPowerOfTwo(p, n), x);
        }
    }

    private readonly struct SigmoidFunction : IElementFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x) => 1f / (1f + ExpFunction.Invoke(0f - x));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Invoke<TSimd, TVector>(TVector x)
            where TSimd : struct, ISimd<TVector>
            where TVector : struct
        {
            TVector one = TSimd.Broadcast(1f);
            return TSimd.Divide(one, TSimd.Add(one, ExpFunction.Invoke<TSimd, TVector>(TSimd.Subtract(default, x))));
        }
    }

    private readonly struct TanhFunction : IElementFunction
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Invoke(float x)
        {
            float magnitude = MathF.Abs(x);
            float e = ExpFunction.Invoke(magnitude + magnitude);
            float far = 1f - (2f / (e + 1f));
            far = x < 0f ? 0f - far : far;
            float x2 = x * x;
            float q = MathF.FusedMultiplyAdd(T9, x2, T7);
            q = MathF.FusedMultiplyAdd(q, x2, T5);
            q = MathF.FusedMultiplyAdd(q, x2, T3);
            float near = MathF.FusedMultiplyAdd(x * x2, q, x);
            return magnitude < TanhSeriesBelow ? near : float.IsNaN(x) ? x : far;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TVector Invoke<TSimd, TVector>(TVector x)
            where TSimd : struct, ISimd<TVector>
            where TVector : struct
        {
            TVector magnitude = TSimd.Abs(x);
            TVector one = TSimd.Broadcast(1f);
            TVector e = ExpFunction.Invoke<TSimd, TVector>(TSimd.Add(magnitude, magnitude));
            TVector far = TSimd.Subtract(one, TSimd.Divide(TSimd.Broadcast(2f), TSimd.Add(e, one)));
            far = TSimd.Select(TSimd.LessThan(x, default), TSimd.Subtract(default, far), far);
            TVector x2 = TSimd.Multiply(x, x);
            TVector q = TSimd.MultiplyAdd(TSimd.Broadcast(T9), x2, TSimd.Broadcast(T7));
            q = TSimd.MultiplyAdd(q, x2, TSimd.Broadcast(T5));
            q = TSimd.MultiplyAdd(q, x2, TSimd.Broadcast(T3));
            TVector near = TSimd.MultiplyAdd(TSimd.Multiply(x, x2), q, x);
            TVector result = TSimd.Select(TSimd.LessThan(magnitude, TSimd.Broadcast(TanhSeriesBelow)), near, far);
            return TSimd.Select(TSimd.IsNumber(x), result, x);
        }
    }

    /// <summary>value · 2ⁿ for whole n in [−150, 128] as two exact scalings, so it rounds once (as ISimd's does).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ScaleByPowerOfTwo(float value, int n)
    {
        int half = n >> 1;
        float first = BitConverter.Int32BitsToSingle((half + 127) << 23);
        float second = BitConverter.Int32BitsToSingle((n - half + 127) << 23);
        return value * first * second;
    }
}
