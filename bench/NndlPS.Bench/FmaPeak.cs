using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NndlPS.Bench;

/// <summary>
/// The machine's own float32 peak: a loop of independent FMAs on registers only (no memory traffic), as wide
/// as the CPU allows, on one core and on every core. This is the ceiling the network kernels are compared to.
/// </summary>
internal static class FmaPeak
{
    private const long Iterations = 50_000_000;

    public static (double OneCore, double AllCores, int Width) Measure()
    {
        int width = Vector512.IsHardwareAccelerated && Avx512F.IsSupported ? 512 : Vector256.IsHardwareAccelerated && Fma.IsSupported ? 256 : 128;
        Run(width, 1_000_000); // JIT and clocks up
        double one = Best(() => Run(width, Iterations));
        int threads = Environment.ProcessorCount;
        double all = Best(() =>
        {
            var clock = Stopwatch.StartNew();
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, _ => Run(width, Iterations));
            double flops = threads * FlopsPerRun(width, Iterations);
            return flops / clock.Elapsed.TotalSeconds / 1e9;
        });
        return (one, all, width);
    }

    // The best of several runs: on a shared machine (a VM whose cores are also someone else's) a single run
    // often catches a core busy elsewhere and understates the peak, which would flatter every ratio.
    private static double Best(Func<double> measure) => Enumerable.Range(0, 7).Max(_ => measure());

    private static double FlopsPerRun(int width, long iterations) => iterations * 10.0 * (width / 32) * 2;

    /// <summary>Ten independent accumulators hide the FMA latency (4 cycles) behind two FMA pipes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Run(int width, long iterations)
    {
        var clock = Stopwatch.StartNew();
        float sink = width == 512 ? Run512(iterations) : width == 256 ? Run256(iterations) : Run128(iterations);
        double seconds = clock.Elapsed.TotalSeconds;
        GC.KeepAlive(sink);
        return FlopsPerRun(width, iterations) / seconds / 1e9;
    }

    private static float Run256(long iterations)
    {
        Vector256<float> a = Vector256.Create(0.999f), b = Vector256.Create(0.001f);
        Vector256<float> s0 = Vector256.Create(1f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0;
        for (long i = 0; i < iterations; i++)
        {
            s0 = Fma.MultiplyAdd(s0, a, b); s1 = Fma.MultiplyAdd(s1, a, b); s2 = Fma.MultiplyAdd(s2, a, b);
            s3 = Fma.MultiplyAdd(s3, a, b); s4 = Fma.MultiplyAdd(s4, a, b); s5 = Fma.MultiplyAdd(s5, a, b);
            s6 = Fma.MultiplyAdd(s6, a, b); s7 = Fma.MultiplyAdd(s7, a, b); s8 = Fma.MultiplyAdd(s8, a, b);
            s9 = Fma.MultiplyAdd(s9, a, b);
        }

        return Vector256.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9);
    }

    /// <summary>128-bit vectors: FMA where the CPU has it (NEON, x86 with FMA), else a multiply and an add, 2 FLOPs too.</summary>
    private static float Run128(long iterations)
    {
        Vector128<float> a = Vector128.Create(0.999f), b = Vector128.Create(0.001f);
        Vector128<float> s0 = Vector128.Create(1f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0;
        for (long i = 0; i < iterations; i++)
        {
            s0 = Step(s0); s1 = Step(s1); s2 = Step(s2); s3 = Step(s3); s4 = Step(s4);
            s5 = Step(s5); s6 = Step(s6); s7 = Step(s7); s8 = Step(s8); s9 = Step(s9);
        }

        return Vector128.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9);

        Vector128<float> Step(Vector128<float> s) => Fma.IsSupported
            ? Fma.MultiplyAdd(s, a, b)
            : System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported ? System.Runtime.Intrinsics.Arm.AdvSimd.FusedMultiplyAdd(b, s, a) : (s * a) + b;
    }

    private static float Run512(long iterations)
    {
        Vector512<float> a = Vector512.Create(0.999f), b = Vector512.Create(0.001f);
        Vector512<float> s0 = Vector512.Create(1f), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0, s8 = s0, s9 = s0;
        for (long i = 0; i < iterations; i++)
        {
            s0 = Avx512F.FusedMultiplyAdd(s0, a, b); s1 = Avx512F.FusedMultiplyAdd(s1, a, b); s2 = Avx512F.FusedMultiplyAdd(s2, a, b);
            s3 = Avx512F.FusedMultiplyAdd(s3, a, b); s4 = Avx512F.FusedMultiplyAdd(s4, a, b); s5 = Avx512F.FusedMultiplyAdd(s5, a, b);
            s6 = Avx512F.FusedMultiplyAdd(s6, a, b); s7 = Avx512F.FusedMultiplyAdd(s7, a, b); s8 = Avx512F.FusedMultiplyAdd(s8, a, b);
            s9 = Avx512F.FusedMultiplyAdd(s9, a, b);
        }

        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9);
    }
}
