using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

/// <summary>Turns stored byte pixels into the network's float inputs, once per mini-batch.</summary>
internal static class PixelConversion
{
    /// <summary>
    /// destination[i] = source[i] / 255, exactly as IEEE division rounds it, for byte pixels becoming the network's
    /// inputs. Division is slow (a mini-batch of 100 images spent a fifth of its time here), so this multiplies by
    /// the reciprocal and corrects the last bit with one FMA residual step (q + (x − q·255)·r), which a test checks
    /// equals true division for all 256 byte values on every path.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static unsafe void BytesToUnitFloats(ReadOnlySpan<byte> source, Span<float> destination, KernelPath path = KernelPath.Best)
    {
        MatrixKernels.RequireLength(destination.Length, source.Length, nameof(destination));
        int i = 0;
        fixed (byte* src = source)
        fixed (float* dst = destination)
        {
            path = KernelPaths.Choose(path, source.Length);
            if (path == KernelPath.Vector512 && Avx512F.IsSupported)
            {
                Vector512<float> reciprocal = Vector512.Create(1f / 255f), divisor = Vector512.Create(255f);
                for (; i + 16 <= source.Length; i += 16)
                {
                    Vector512<float> x = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load(src + i)));
                    Vector512<float> q = x * reciprocal;
                    Vector512<float> residual = Avx512F.FusedMultiplyAddNegated(q, divisor, x);
                    Avx512F.FusedMultiplyAdd(residual, reciprocal, q).Store(dst + i);
                }
            }
            else if (path is KernelPath.Vector512 or KernelPath.Vector256 && Avx2.IsSupported && Fma.IsSupported)
            {
                Vector256<float> reciprocal = Vector256.Create(1f / 255f), divisor = Vector256.Create(255f);
                for (; i + 8 <= source.Length; i += 8)
                {
                    Vector256<float> x = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i));
                    Vector256<float> q = x * reciprocal;
                    Vector256<float> residual = Fma.MultiplyAddNegated(q, divisor, x);
                    Fma.MultiplyAdd(residual, reciprocal, q).Store(dst + i);
                }
            }
            else if (path == KernelPath.Vector128 && (Fma.IsSupported || AdvSimd.IsSupported))
            {
                // Portable widening (SSE or NEON): 16 bytes become four vectors of 4 floats.
                for (; i + 16 <= source.Length; i += 16)
                {
                    (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(Vector128.Load(src + i));
                    (Vector128<uint> q0, Vector128<uint> q1) = Vector128.Widen(low);
                    (Vector128<uint> q2, Vector128<uint> q3) = Vector128.Widen(high);
                    Divide(Vector128.ConvertToSingle(q0)).Store(dst + i);
                    Divide(Vector128.ConvertToSingle(q1)).Store(dst + i + 4);
                    Divide(Vector128.ConvertToSingle(q2)).Store(dst + i + 8);
                    Divide(Vector128.ConvertToSingle(q3)).Store(dst + i + 12);
                }
            }

            for (; i < source.Length; i++)
            {
                dst[i] = src[i] / 255f;
            }
        }
    }

    /// <summary>x / 255 by the reciprocal and one fused residual step, as the wider paths do.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Divide(Vector128<float> x)
    {
        Vector128<float> reciprocal = Vector128.Create(1f / 255f);
        Vector128<float> q = x * reciprocal;
        Vector128<float> residual = Simd128.MultiplyAdd(-q, Vector128.Create(255f), x);
        return Simd128.MultiplyAdd(residual, reciprocal, q);
    }
}
