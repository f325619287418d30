namespace NndlPS.Core;

/// <summary>
/// One finished epoch: the book's <c>Epoch j: k / n</c> line, with timings and the settings that produced it.
/// <see cref="Network"/> is the network being trained (the same object every epoch, trained in place).
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

    /// <summary>0-based, as the book prints it.</summary>
    public int Epoch { get; }

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

    public Network Network { get; }

    public override string ToString() => Evaluation is null
        ? $"Epoch {Epoch} complete"
        : $"Epoch {Epoch}: {Evaluation.Correct} / {Evaluation.Total}";
}
