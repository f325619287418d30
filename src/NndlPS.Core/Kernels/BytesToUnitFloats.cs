using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// destination[i] = source[i] / 255, exactly as IEEE division rounds it, for byte pixels becoming the network's
    /// inputs. Division is slow (a mini-batch of 100 images spent a fifth of its time here), so this multiplies by
    /// the reciprocal and corrects the last bit with one FMA residual step (q + (x − q·255)·r), which a test checks
    /// equals true division for all 256 byte values on every path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void BytesToUnitFloats(ReadOnlySpan<byte> source, Span<float> destination, KernelPath path = KernelPath.Best)
    {
        RequireLength(destination.Length, source.Length, nameof(destination));
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

            for (; i < source.Length; i++)
            {
                dst[i] = src[i] / 255f;
            }
        }
    }
}
