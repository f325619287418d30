using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

/// <summary>Which instruction set a kernel runs on. <see cref="Best"/> in production; tests pin each one in turn.</summary>
internal enum KernelPath
{
    Best,
    Vector512,
    Vector256,
    Vector128,
    Scalar,
}

internal static class KernelPaths
{
    /// <summary>The paths this CPU can run, widest first.</summary>
    public static IReadOnlyList<KernelPath> Supported { get; } =
        new[] { KernelPath.Vector512, KernelPath.Vector256, KernelPath.Vector128, KernelPath.Scalar }.Where(IsSupported).ToArray();

    public static bool IsSupported(KernelPath path) => path switch
    {
        KernelPath.Vector512 => Vector512.IsHardwareAccelerated,
        KernelPath.Vector256 => Vector256.IsHardwareAccelerated,
        KernelPath.Vector128 => Vector128.IsHardwareAccelerated,
        _ => true,
    };

    /// <summary>The path to run for vectors of <paramref name="length"/> floats: the widest that fits and is allowed.</summary>
    [MethodImpl(HotPath.Compile)]
    public static KernelPath Choose(KernelPath requested, int length)
    {
        if (requested == KernelPath.Best)
        {
            requested = KernelPath.Vector512;
        }

        if (requested == KernelPath.Vector512 && Vector512.IsHardwareAccelerated && length >= Vector512<float>.Count)
        {
            return KernelPath.Vector512;
        }

        if (requested <= KernelPath.Vector256 && Vector256.IsHardwareAccelerated && length >= Vector256<float>.Count)
        {
            return KernelPath.Vector256;
        }

        if (requested <= KernelPath.Vector128 && Vector128.IsHardwareAccelerated && length >= Vector128<float>.Count)
        {
            return KernelPath.Vector128;
        }

        return KernelPath.Scalar;
    }
}
