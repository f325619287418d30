using System.Diagnostics;

namespace NndlPS.Core;

/// <summary>
/// A place where a sweep's runs are trained one at a time: a thread of this process (<see cref="LocalSweepLane"/>)
/// or a remote session (the PowerShell layer provides that one). <see cref="SgdSweep"/> gives each lane its own
/// thread, so <see cref="Train"/> may block.
/// </summary>
public interface ISweepLane
{
    /// <summary>Where runs go, for results and notices: a computer name, a session.</summary>
    string Name { get; }

    /// <summary>Trains <paramref name="run"/>, reporting the fraction done (0..1) when it can.</summary>
    /// <exception cref="SweepLaneLostException">The lane can take no more runs (a session dropped out); the run is retried elsewhere.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    SweepOutcome Train(SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken);

    /// <summary>
    /// Frees what <see cref="Train"/> set up on the lane (a remote session's loaded data). <see cref="SgdSweep"/> calls it
    /// once, on the lane's thread after its last <see cref="Train"/>, however the sweep ends: finished, a run failed,
    /// cancelled (Ctrl+C), or the lane lost. It must not block for long: the sweep waits for it before it returns.
    /// </summary>
    void Release()
    {
    }
}

/// <summary>Thrown by a lane that can train nothing more (its machine or session is gone), as opposed to a run that failed.</summary>
public sealed class SweepLaneLostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Trains runs in this process, on the calling thread, on data already loaded.</summary>
public sealed class LocalSweepLane(MnistDataset data) : ISweepLane
{
    public string Name => Environment.MachineName;

    public SweepOutcome Train(SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken) =>
        SweepTraining.Train(data, run, progress, cancellationToken);
}

/// <summary>One run trained exactly as New-Network -Seed s then Invoke-SgdTraining -Seed s -Threads 1 would train it.</summary>
public static class SweepTraining
{
    public static SweepOutcome Train(MnistDataset data, SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(run);
        var clock = Stopwatch.StartNew();
        Network network = run.CreateNetwork();
        SgdOptions options = run.TrainerOptions;
        using var trainer = new SgdTrainer(network, options);
        IProgress<TrainingProgress>? epochProgress = progress is null ? null
            : new Forward(p => progress.Report(Math.Min(1.0, (p.Epoch + (p.PercentOfEpoch / 100.0)) / p.Epochs)));
        var epochs = new List<SweepEpoch>(); // not sized by Epochs: 2,000,000,000 epochs asked for 2e9 slots up front (OutOfMemoryException)
        string? stop = null;
        foreach (EpochResult epoch in trainer.Train(data, epochProgress, cancellationToken))
        {
            epochs.Add(new SweepEpoch(epoch.Epoch, epoch.Correct, epoch.Total, epoch.Seconds));
            stop = epoch.StopReason;
        }

        return new SweepOutcome(epochs, network, clock.Elapsed.TotalSeconds, stop);
    }

    /// <summary>Calls back on the reporting thread (Progress&lt;T&gt; would post to a thread pool).</summary>
    private sealed class Forward(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
