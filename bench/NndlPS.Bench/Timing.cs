using System.Diagnostics;

namespace NndlPS.Bench;

/// <summary>How the profiles time a step: warmed up first, then the fastest of many runs, the run least disturbed on a shared machine.</summary>
internal static class Timing
{
    /// <summary>Runs the step for <paramref name="milliseconds"/>: long enough for tiered compilation to replace its first, unoptimised code, even on a busy machine.</summary>
    public static void WarmUp(Action step, int milliseconds)
    {
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < milliseconds)
        {
            step();
        }
    }

    /// <summary>The fastest of <paramref name="repetitions"/> runs, in µs.</summary>
    public static double Fastest(Action step, int repetitions)
    {
        double best = double.MaxValue;
        for (int i = 0; i < repetitions; i++)
        {
            long start = Stopwatch.GetTimestamp();
            step();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        return best;
    }
}
