namespace NndlPS.Core;

/// <summary>One epoch of a sweep's run, as the book prints it: Epoch j: Correct / Total.</summary>
public sealed record SweepEpoch(int Epoch, int? Correct, int? Total, double Seconds)
{
    public double? Accuracy => Correct is int correct && Total is int total and > 0 ? (double)correct / total : null;
}

/// <summary>What a lane hands back for a run: its epochs, its trained network, how long it took and where it ran.</summary>
public sealed record SweepOutcome(IReadOnlyList<SweepEpoch> Epochs, Network Network, double Seconds, string? StopReason);

/// <summary>
/// One finished run of a sweep: its settings, its best and last test accuracy, the best epoch, the seconds it
/// took and its trained network (live: Test-Network, Invoke-SgdTraining -Network use it as it is).
/// </summary>
public sealed class SweepResult
{
    internal SweepResult(SweepRunSpec run, string ranOn, SweepOutcome? outcome, string? error)
    {
        Run = run;
        RanOn = ranOn;
        Error = error;
        Network = outcome?.Network;
        Seconds = outcome?.Seconds ?? 0;
        StopReason = outcome?.StopReason;
        EpochResults = outcome?.Epochs ?? [];
        Accuracies = EpochResults.Select(e => e.Accuracy ?? double.NaN).ToArray();
        SweepEpoch? best = null;
        foreach (SweepEpoch epoch in EpochResults)
        {
            if (epoch.Accuracy is double accuracy && (best is null || accuracy > best.Accuracy))
            {
                best = epoch; // the first epoch to reach the highest accuracy
            }
        }

        BestEpoch = best?.Epoch;
        BestAccuracy = best?.Accuracy;
        LastAccuracy = EpochResults.Count == 0 ? null : EpochResults[^1].Accuracy;
    }

    /// <summary>The run's place in the sweep's enumeration (see <see cref="SweepPlan"/>): the same on every machine.</summary>
    public int Index => Run.Index;

    public int Seed => Run.Seed;

    /// <summary>Neurons per layer, as New-Network -Sizes takes them: 784,30,10 (empty for a run of chapter 6's <see cref="Layers"/>).</summary>
    public string Sizes => Run.Layers is null ? SweepPlan.Format(Run.Sizes) : string.Empty;

    /// <summary>Chapter 6's layers after the input, e.g. "ConvPool 20@5x5, pool 2x2 relu + Softmax 10" (null for a network of sizes).</summary>
    public string? Layers => Run.Layers is null ? null : SweepPlan.Format(Run.Layers);

    // A run of Layers has each layer's activation in its layer list, so the network-wide settings below are null
    // for it, and its cost and initialisation are what Network.Create gives layers: not the grid's defaults for
    // Sizes, which it never used (a picture titled a softmax network "quadratic cost, weights N(0,1)").

    /// <summary>The hidden layers' neurons (null for a run of <see cref="Layers"/>, which names each layer's).</summary>
    public ActivationKind? Activation => Run.Layers is null ? Run.Design.Activation : null;

    /// <summary>The output layer's neurons (null for a run of <see cref="Layers"/>).</summary>
    public ActivationKind? OutputActivation => Run.Layers is null ? Run.Design.OutputActivation ?? Run.Design.Activation : null;

    public CostKind Cost => Run.Layers is null ? Run.Design.Cost : Run.LayersCost ?? Network.DefaultCost(Run.Layers);

    public WeightInitialization Initialization => Run.Layers is null ? Run.Design.Initialization : WeightInitialization.FanIn;

    public int Epochs => Run.Options.Epochs;

    public int MiniBatchSize => Run.Options.MiniBatchSize;

    public float LearningRate => Run.Options.LearningRate;

    public float Lambda => Run.Options.Lambda;

    public float Momentum => Run.Options.Momentum;

    /// <summary>The grid's values for this run, e.g. "Sizes=784,30,10; LearningRate=3", for grouping and CSV files.</summary>
    public string Settings => string.Join("; ", Run.Settings.Select(s => $"{s.Key}={SweepPlan.Format(s.Value)}"));

    /// <summary>The highest test accuracy of any epoch, and the first epoch (0-based) that reached it.</summary>
    public double? BestAccuracy { get; }

    public int? BestEpoch { get; }

    /// <summary>The test accuracy after the last epoch trained.</summary>
    public double? LastAccuracy { get; }

    /// <summary>Each epoch's test accuracy, in order (NaN where nothing was evaluated).</summary>
    public IReadOnlyList<double> Accuracies { get; }

    public IReadOnlyList<SweepEpoch> EpochResults { get; }

    /// <summary>Wall-clock seconds of the run: building the network and every epoch's training and evaluation.</summary>
    public double Seconds { get; }

    /// <summary>Why the run ended before its last epoch (early stopping, the schedule's floor), or null.</summary>
    public string? StopReason { get; }

    /// <summary>Where it ran: this computer, or the remote session's computer.</summary>
    public string RanOn { get; }

    /// <summary>The trained network (null when the run failed).</summary>
    public Network? Network { get; }

    /// <summary>Why the run failed, or null when it trained.</summary>
    public string? Error { get; }

    /// <summary>Everything that made this run: sizes, design, options and seed.</summary>
    public SweepRunSpec Run { get; }

    public override string ToString() => Error is null
        ? $"Run {Index} ({Settings}; Seed={Seed}): best {BestAccuracy:P2} at epoch {BestEpoch}, last {LastAccuracy:P2}, {Seconds:F1} s"
        : $"Run {Index} ({Settings}; Seed={Seed}) failed: {Error}";
}

/// <summary>Where a sweep is: runs finished of the total, the whole sweep's percentage, and any notice to show.</summary>
public readonly record struct SweepProgress(int Finished, int Total, int Running, double Percent, string? Notice = null);
