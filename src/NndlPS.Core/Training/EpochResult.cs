namespace NndlPS.Core;

/// <summary>
/// One finished epoch: the book's <c>Epoch j: k / n</c> line, with timings and the settings that produced it.
/// <see cref="Network"/> is the live network being trained, not a copy of this epoch's weights: every epoch of a run
/// holds the same object, which ends with the last epoch's weights (or the best epoch's, with -KeepBest).
/// </summary>
public sealed class EpochResult
{
    internal EpochResult(int epoch, int epochs, EvaluationResult? evaluation, TimeSpan trainingTime, TimeSpan evaluationTime,
        Network network, SgdOptions options, int seed, int trainingCount)
    {
        Epoch = epoch;
        Epochs = epochs;
        Evaluation = evaluation;
        TrainingTime = trainingTime;
        EvaluationTime = evaluationTime;
        Network = network;
        MiniBatchSize = options.MiniBatchSize;
        LearningRate = options.LearningRate;
        Seed = seed;
        TrainingCount = trainingCount;
    }

    /// <summary>
    /// 0-based, as the book prints it, and numbered on across runs: a network trained for 30 epochs and then
    /// trained again starts at 30 (<see cref="Core.Network.EpochsTrained"/>).
    /// </summary>
    public int Epoch { get; }

    /// <summary>Epochs asked for in this run.</summary>
    public int Epochs { get; }

    /// <summary>Null when no test data was given (the book then prints "Epoch j complete").</summary>
    public EvaluationResult? Evaluation { get; }

    public int? Correct => Evaluation?.Correct;

    public int? Total => Evaluation?.Total;

    public double? Accuracy => Evaluation?.Accuracy;

    public TimeSpan TrainingTime { get; }

    public TimeSpan EvaluationTime { get; }

    /// <summary>Wall-clock seconds for the epoch: training plus evaluation.</summary>
    public double Seconds => (TrainingTime + EvaluationTime).TotalSeconds;

    public int TrainingCount { get; }

    public int MiniBatchSize { get; }

    public float LearningRate { get; }

    public int Seed { get; }

    /// <summary>
    /// The live network: the same object for every epoch of the run, trained in place, so after the run it holds
    /// the last epoch's weights (or the best epoch's, with -KeepBest), not this epoch's. To keep this epoch's
    /// weights, save or copy them as the epoch arrives: <c>ForEach-Object { $_.Network.Clone() }</c>.
    /// </summary>
    public Network Network { get; }

    public override string ToString() => Evaluation is null
        ? $"Epoch {Epoch} complete"
        : $"Epoch {Epoch}: {Evaluation.Correct} / {Evaluation.Total}";
}
