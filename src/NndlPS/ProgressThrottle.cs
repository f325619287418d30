using System.Diagnostics;

namespace NndlPS;

/// <summary>
/// Lets a progress update through at most every 200 ms (and always a final one): drawing a progress bar costs
/// more than a mini-batch or a download chunk, and the engine reports far more often than anyone can read.
/// </summary>
internal sealed class ProgressThrottle
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);
    private readonly Stopwatch _sinceLast = Stopwatch.StartNew();

    public bool ShouldWrite(bool final = false)
    {
        if (!final && _sinceLast.Elapsed < Interval)
        {
            return false;
        }

        _sinceLast.Restart();
        return true;
    }
}
