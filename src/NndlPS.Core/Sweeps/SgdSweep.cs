using System.Collections.Concurrent;

namespace NndlPS.Core;

/// <summary>
/// Trains a sweep's runs on several lanes at once (threads of this process, or remote sessions), one run per lane at
/// a time, and hands each result to the caller as it finishes, on the caller's thread.
/// </summary>
/// <remarks>
/// <para>Threads: one dedicated worker thread per lane, and the caller's thread, which enumerates
/// <see cref="Run"/> (in PowerShell, the pipeline thread: only it may write objects, progress and warnings).</para>
/// <para>Shared state and who touches it:</para>
/// <list type="bullet">
/// <item><c>_pending</c> (runs not yet claimed, or given back by a lost lane), <c>_unfinished</c> (runs without a
/// result yet) and <c>_liveLanes</c> (lanes not lost): read and written only under <c>_gate</c>. Invariants:
/// every run is in <c>_pending</c>, or held by exactly one worker, or has had its result posted — never two of these;
/// <c>_unfinished</c> = runs in <c>_pending</c> + runs held by workers. A worker waits on <c>_gate</c> while
/// <c>_pending</c> is empty and <c>_unfinished</c> &gt; 0 (a lost lane may yet give a run back); every change that
/// could end such a wait (a run given back, the last result, cancellation) pulses all waiters.</item>
/// <item><c>_fraction[k]</c>: how far lane k's current run is (0: idle, above 0: a run is claimed); written only by
/// worker k, read by the caller for progress (a torn value is impossible for an aligned double on 64-bit, and
/// Volatile keeps it fresh).</item>
/// <item><c>_events</c>: results and notices, added by workers, taken only by the caller. The last worker to exit
/// (<c>_liveWorkers</c> reaching 0, by Interlocked) completes it, after its own last add.</item>
/// </list>
/// <para>Cancellation: the caller's token, or the caller abandoning the enumeration (Ctrl+C in PowerShell stops the
/// pipeline), cancels one source that every lane's training watches; the enumeration's end then joins every worker,
/// so no run is left training behind the caller's back. Each worker, as it exits for any reason, calls its lane's
/// <see cref="ISweepLane.Release"/>, so what a lane set up (a remote session's data) never outlives the sweep.</para>
/// </remarks>
public sealed class SgdSweep
{
    /// <summary>How often the caller wakes to report progress when no result arrives.</summary>
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(200);

    private readonly IReadOnlyList<SweepRunSpec> _runs;
    private readonly IReadOnlyList<ISweepLane> _lanes;
    private readonly object _gate = new();
    private readonly Queue<SweepRunSpec> _pending;
    private readonly double[] _fraction;
    private readonly BlockingCollection<SweepEvent> _events = new();
    private int _unfinished;
    private int _liveLanes;
    private int _liveWorkers;
    private int _started;

    public SgdSweep(IReadOnlyList<SweepRunSpec> runs, IReadOnlyList<ISweepLane> lanes)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(lanes);
        if (lanes.Count == 0)
        {
            throw new ArgumentException("A sweep needs at least one lane to train on.", nameof(lanes));
        }

        _runs = runs;
        _lanes = lanes;
        _pending = new Queue<SweepRunSpec>(runs);
        _fraction = new double[lanes.Count];
        _unfinished = runs.Count;
        _liveLanes = lanes.Count;
    }

    /// <summary>Worker threads still running: 0 once <see cref="Run"/>'s enumeration has ended, however it ended.</summary>
    public int LiveWorkers => Volatile.Read(ref _liveWorkers);

    /// <summary>
    /// Trains every run and yields each result as it finishes (in finishing order, not index order); reports
    /// progress and notices (a lane lost, its run retried elsewhere) through <paramref name="progress"/> on the
    /// enumerating thread. A run that fails yields a result with <see cref="SweepResult.Error"/> set; the others go on.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled: every run stops.</exception>
    /// <exception cref="NndlException">SweepLanesLost: every lane dropped out with runs left.</exception>
    public IEnumerable<SweepResult> Run(IProgress<SweepProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("A sweep runs once; create another to run again.");
        }

        return RunOnce(progress, cancellationToken);
    }

    private IEnumerable<SweepResult> RunOnce(IProgress<SweepProgress>? progress, CancellationToken cancellationToken)
    {
        if (_runs.Count == 0)
        {
            yield break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using CancellationTokenRegistration wake = stop.Token.Register(() =>
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        });
        var workers = new Thread[_lanes.Count];
        _liveWorkers = workers.Length;
        for (int k = 0; k < workers.Length; k++)
        {
            int lane = k;
            workers[k] = new Thread(() => Work(lane, stop.Token)) { IsBackground = true, Name = $"NndlPS sweep lane {k}" };
        }

        try
        {
            foreach (Thread worker in workers)
            {
                worker.Start();
            }

            int finished = 0;
            while (finished < _runs.Count)
            {
                if (_events.TryTake(out SweepEvent? next, (int)ProgressInterval.TotalMilliseconds, cancellationToken))
                {
                    if (next!.Notice is string notice)
                    {
                        progress?.Report(Progress(finished, notice));
                        continue;
                    }

                    finished++;
                    progress?.Report(Progress(finished));
                    yield return next.Result!;
                }
                else if (_events.IsCompleted)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new NndlException("SweepLanesLost", NndlErrorKind.OperationFailed,
                        $"Every session dropped out with {_runs.Count - finished} of {_runs.Count} runs left; the warnings above say why. Open sessions that work (New-PSSession) and run the sweep again, or run it here without -Session.");
                }
                else
                {
                    progress?.Report(Progress(finished));
                }
            }

            // Every result is in; the lanes release what they hold (a session's data) before the sweep returns, and
            // a lane that could not release says so here (after Ctrl+C nobody is listening, so the finally only joins).
            StopAndJoin(stop, workers);
            while (_events.TryTake(out SweepEvent? late))
            {
                if (late.Notice is string notice)
                {
                    progress?.Report(Progress(finished, notice));
                }
            }
        }
        finally
        {
            StopAndJoin(stop, workers);
        }
    }

    private static void StopAndJoin(CancellationTokenSource stop, Thread[] workers)
    {
        stop.Cancel();
        foreach (Thread worker in workers)
        {
            if (worker.ThreadState != ThreadState.Unstarted)
            {
                worker.Join();
            }
        }
    }

    private SweepProgress Progress(int finished, string? notice = null)
    {
        double running = 0;
        int busy = 0;
        for (int k = 0; k < _fraction.Length; k++)
        {
            double fraction = Volatile.Read(ref _fraction[k]);
            running += fraction;
            busy += fraction > 0 ? 1 : 0;
        }

        double percent = Math.Min(100, 100 * (finished + running) / _runs.Count);
        return new SweepProgress(finished, _runs.Count, busy, percent, notice);
    }

    private void Work(int k, CancellationToken stop)
    {
        ISweepLane lane = _lanes[k];
        var progress = new FractionWriter(_fraction, k);
        try
        {
            while (TryClaim(stop, out SweepRunSpec? run))
            {
                Volatile.Write(ref _fraction[k], FractionWriter.Started); // counted as running, even on a lane that reports no progress
                SweepResult result;
                try
                {
                    result = new SweepResult(run, lane.Name, lane.Train(run, progress, stop), null);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SweepLaneLostException lost)
                {
                    int left = GiveBack(run);
                    _events.Add(new SweepEvent(null, $"{lane.Name} dropped out ({lost.Message}); run {run.Index} goes back to the queue for the others ({(left == 0 ? "none" : left)} of {_lanes.Count} left)."));
                    return;
                }
                catch (Exception ex)
                {
                    result = new SweepResult(run, lane.Name, null, ex.Message);
                }
                finally
                {
                    Volatile.Write(ref _fraction[k], 0);
                }

                lock (_gate)
                {
                    if (--_unfinished == 0)
                    {
                        Monitor.PulseAll(_gate);
                    }
                }

                _events.Add(new SweepEvent(result, null));
            }
        }
        finally
        {
            try
            {
                lane.Release();
            }
            catch (Exception ex)
            {
                _events.Add(new SweepEvent(null, $"{lane.Name} could not release what the sweep left there: {ex.Message}"));
            }

            if (Interlocked.Decrement(ref _liveWorkers) == 0)
            {
                _events.CompleteAdding();
            }
        }
    }

    private bool TryClaim(CancellationToken stop, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SweepRunSpec? run)
    {
        lock (_gate)
        {
            while (true)
            {
                if (stop.IsCancellationRequested || _unfinished == 0)
                {
                    run = null;
                    return false;
                }

                if (_pending.TryDequeue(out run))
                {
                    return true;
                }

                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>A lost lane's run goes back for another lane; returns how many lanes are left.</summary>
    private int GiveBack(SweepRunSpec run)
    {
        lock (_gate)
        {
            _pending.Enqueue(run);
            _liveLanes--;
            Monitor.PulseAll(_gate);
            return _liveLanes;
        }
    }

    private sealed record SweepEvent(SweepResult? Result, string? Notice);

    private sealed class FractionWriter(double[] fractions, int k) : IProgress<double>
    {
        /// <summary>Above 0 (running), too small to show in a percentage.</summary>
        public const double Started = 1e-9;

        public void Report(double value) => Volatile.Write(ref fractions[k], Math.Clamp(value, Started, 1));
    }
}
