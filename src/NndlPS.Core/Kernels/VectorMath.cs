using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NndlPS.Core.Kernels;

/// <summary>Small helpers shared by the matrix kernels.</summary>
internal static class VectorMath
{
    /// <summary>
    /// a·b + c in one rounding where the CPU has FMA. .NET 8 (which pwsh 7.4 runs on) has no portable
    /// Vector256.FusedMultiplyAdd, so we ask for the x86 instruction and fall back to multiply-then-add.
    /// The branch is a JIT-time constant and disappears.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, c) : (a * b) + c;

    public static void RequireLength(int actual, long needed, string name)
    {
        if (actual < needed)
        {
            throw new ArgumentException($"{name} holds {actual} elements but the product needs {needed}.", name);
        }
    }
}
