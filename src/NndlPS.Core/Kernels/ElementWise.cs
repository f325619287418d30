using System.Numerics;
using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

/// <summary>
/// The two element-wise operations of the book's mini-batch besides the sigmoid — the output error a − y and the
/// bias step b + (−η/m)·∇b — each exactly what <c>TensorPrimitives.Subtract</c> and <c>TensorPrimitives.MultiplyAdd</c>
/// compute (one IEEE subtraction; one multiplication rounded, then one addition rounded, not fused), bit for bit.
/// </summary>
/// <remarks>
/// Why not the library calls: on the book's short spans (100 and 30 floats) the library's code runs unoptimized until
/// .NET's tiering replaces it (see <see cref="HotPath"/>); here it is compiled optimized with the rest of the hot
/// path. With <see cref="HotPathCompiler"/> this took the book's first epoch from 0.18 to 0.13 s. Other single-operation
/// element-wise work stays with the library; exp, sigmoid and tanh are <see cref="Transcendentals"/> (see FixedLanes).
/// </remarks>
internal static class ElementWise
{
    /// <summary>destination[i] = x[i] − y[i].</summary>
    [MethodImpl(HotPath.Compile)]
    public static void Subtract(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> destination)
    {
        RequireLengths(x.Length, y.Length, destination.Length);
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            (new Vector<float>(x.Slice(i)) - new Vector<float>(y.Slice(i))).CopyTo(destination.Slice(i));
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] - y[i];
        }
    }

    /// <summary>destination[i] = x[i] · multiplier + addend[i], the product rounded before the sum.</summary>
    [MethodImpl(HotPath.Compile)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float multiplier, ReadOnlySpan<float> addend, Span<float> destination)
    {
        RequireLengths(x.Length, addend.Length, destination.Length);
        var m = new Vector<float>(multiplier);
        int i = 0;
        for (; i <= x.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            ((new Vector<float>(x.Slice(i)) * m) + new Vector<float>(addend.Slice(i))).CopyTo(destination.Slice(i));
        }

        for (; i < x.Length; i++)
        {
            destination[i] = (x[i] * multiplier) + addend[i];
        }
    }

    private static void RequireLengths(int x, int y, int destination)
    {
        if (x != y)
        {
            throw new ArgumentException($"The inputs hold {x} and {y} values; they must hold the same number.");
        }

        if (destination < x)
        {
            throw new ArgumentException($"The destination holds {destination} values; it needs {x}.", nameof(destination));
        }
    }
}
