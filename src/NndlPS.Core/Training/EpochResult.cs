namespace NndlPS.Core;

/// <summary>
/// One finished epoch: the book's <c>Epoch j: k / n</c> line, with timings, the settings that produced it and the
/// series network2.py monitors. <see cref="Network"/> is the live network being trained, not a copy of this epoch's
/// weights: every epoch of a run holds the same object, which ends with the last epoch's weights (or the best
/// epoch's, with -KeepBest or early stopping).
/// </summary>
public sealed class EpochResult
{
    internal EpochResult(int epoch, int epochs, EvaluationResult? evaluation, TimeSpan trainingTime, TimeSpan evaluationTime,
        Network network, SgdOptions options, int seed, int trainingCount, float learningRate, EpochMonitoring monitoring)
    {
        Epoch = epoch;
        Epochs = epochs;
        Evaluation = evaluation;
        TrainingTime = trainingTime;
        EvaluationTime = evaluationTime;
        Network = network;
        MiniBatchSize = options.MiniBatchSize;
        LearningRate = learningRate;
        Lambda = options.Lambda;
        Momentum = options.Momentum;
        Seed = seed;
        TrainingCount = trainingCount;
        ValidationAccuracy = monitoring.ValidationAccuracy;
        TrainingCost = monitoring.Training?.Cost;
        TrainingAccuracy = options.Monitor.HasFlag(MonitorSeries.TrainingAccuracy) ? monitoring.Training?.Accuracy : null;
        EvaluationCost = options.Monitor.HasFlag(MonitorSeries.EvaluationCost) ? evaluation?.Cost : null;
        EvaluationAccuracy = options.Monitor.HasFlag(MonitorSeries.EvaluationAccuracy) ? evaluation?.Accuracy : null;
        StopReason = monitoring.StopReason;
        KeptEpoch = monitoring.KeptEpoch;
        Warning = monitoring.Warning;
        RunId = monitoring.RunId;
        // As a sweep result describes the same run (SweepResult): a network of chapter 6's layers is described by its
        // Layers, each naming its neurons; Sizes and the network-wide activations are for networks made from sizes.
        IReadOnlyList<LayerDesign>? designs = network.LayerDesigns;
        Sizes = designs is null ? SweepPlan.Format(network.Sizes.ToArray()) : string.Empty;
        Layers = designs is null ? null : SweepPlan.Format(designs);
        Activation = designs is null ? network.Layers[0].Activation.Kind : null;
        OutputActivation = designs is null ? network.Layers[^1].Activation.Kind : null;
        Cost = network.Cost.Kind;
        Initialization = network.Initialization;
        LayerSpeed = monitoring.LayerSpeed;
    }

    /// <summary>How the network's weights were first drawn (null when it was loaded or given its values).</summary>
    public WeightInitialization? Initialization { get; }

    /// <summary>The same for every epoch of one run, different for every run: how a picture tells runs apart.</summary>
    public Guid RunId { get; }

    /// <summary>Neurons per layer, as New-Network -Sizes takes them and a sweep result shows them: 784,30,10 (empty for a network of <see cref="Layers"/>).</summary>
    public string Sizes { get; }

    /// <summary>
    /// Chapter 6's layer list, as New-Network -Layers took it and a sweep's results show it ("ConvPool 20@5x5, pool
    /// 2x2 relu + FullyConnected 100 relu + Softmax 10"); null for a network made from sizes.
    /// </summary>
    public string? Layers { get; }

    /// <summary>The hidden layers' neurons (null for a network of <see cref="Layers"/>, which names each layer's).</summary>
    public ActivationKind? Activation { get; }

    /// <summary>The output layer's neurons (null for a network of <see cref="Layers"/>).</summary>
    public ActivationKind? OutputActivation { get; }

    /// <summary>The cost the run minimised (the costs monitored are of this kind).</summary>
    public CostKind Cost { get; }

    /// <summary>
    /// The epoch whose weights the network ends with if the run ends after this one: with -KeepBest, the best so far;
    /// with early stopping, on the epoch it stopped, the epoch it went back to. Null when the network keeps its last weights.
    /// </summary>
    public int? KeptEpoch { get; }

    /// <summary>
    /// With -Monitor LayerSpeed: chapter 5's speed of learning of each hidden layer after this epoch, the first hidden
    /// layer first (a chapter-6 network's convolutional layers first of all) — ‖δˡ‖ = ‖∂C/∂bˡ‖ over the first 1,000 training images.
    /// </summary>
    public IReadOnlyList<double>? LayerSpeed { get; }

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

    /// <summary>Accuracy on the validation set, when a schedule or early stopping watched it.</summary>
    public double? ValidationAccuracy { get; }

    /// <summary>network2.py's monitored series (null unless asked for with <see cref="SgdOptions.Monitor"/>).</summary>
    public double? TrainingCost { get; }

    public double? TrainingAccuracy { get; }

    public double? EvaluationCost { get; }

    public double? EvaluationAccuracy { get; }

    /// <summary>What went wrong in this epoch without stopping the run (the outputs saturated at chance: η too large), or null.</summary>
    public string? Warning { get; }

    /// <summary>Why training stopped after this epoch (early stopping, the schedule's floor), or null.</summary>
    public string? StopReason { get; }

    public TimeSpan TrainingTime { get; }

    public TimeSpan EvaluationTime { get; }

    /// <summary>Wall-clock seconds for the epoch: training plus evaluation.</summary>
    public double Seconds => (TrainingTime + EvaluationTime).TotalSeconds;

    public int TrainingCount { get; }

    public int MiniBatchSize { get; }

    /// <summary>η during this epoch (a schedule may have lowered it).</summary>
    public float LearningRate { get; }

    public float Lambda { get; }

    public float Momentum { get; }

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

/// <summary>What an epoch measured beyond its test accuracy.</summary>
internal readonly record struct EpochMonitoring(double? ValidationAccuracy, EvaluationResult? Training, string? StopReason, int? KeptEpoch, Guid RunId, string? Warning, double[]? LayerSpeed = null);
