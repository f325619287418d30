using System.Diagnostics;
using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Mini-batch stochastic gradient descent (network.py's <c>SGD</c> and <c>update_mini_batch</c>): each epoch
/// shuffles the training data, cuts it into mini-batches, and takes one gradient step per mini-batch, the
/// gradient summed over the whole batch before the weights change. The network is trained in place.
/// Owns all its buffers, helper threads and random generator, so trainers on different threads never interact.
/// Dispose it to stop its helper threads.
/// </summary>
public sealed class SgdTrainer : IDisposable
{
    private const int ProgressReportsPerEpoch = 100;

    /// <summary>
    /// Beyond this magnitude a weight or bias has stopped learning: the sigmoid it feeds is 0 or 1 for every input and
    /// σ′ is exactly 0 in float32, so no gradient reaches it again. Training with a sane learning rate stays within
    /// tens; η = 10³⁰ puts weights near 10²⁸ in the first epoch, saturating every output to exactly 0 or 1, and larger
    /// rates make them infinite or NaN.
    /// </summary>
    public const float DivergenceBound = 1e6f;
    private readonly Network _network;
    private readonly SgdOptions _options;
    private readonly Backpropagation _backprop;
    private readonly byte[] _batchLabels;
    private IUpdateRule? _rule;
    private readonly Network _lastGood; // the network at the start of the epoch, to undo a divergence

    public SgdTrainer(Network network, SgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        RequireTrainable(network);
        if (options.Monitor.HasFlag(MonitorSeries.LayerSpeed) && network.ConvolutionalLayers.Count + network.Layers.Count < 2)
        {
            throw new NndlException("ParameterHasNoEffect", NndlErrorKind.InvalidArgument,
                $"-Monitor LayerSpeed measures the speed of learning of hidden layers, and the network {network.Architecture} has none. " +
                (network.LayerDesigns is not null
                    ? "Give it a hidden layer (a New-FullyConnectedLayer or New-ConvPoolLayer before its output layer), or leave LayerSpeed out of -Monitor."
                    : "Give it a hidden layer (New-Network 784,30,10), or leave LayerSpeed out of -Monitor."), "Monitor");
        }

        _network = network;
        _options = options;
        Seed = options.Seed ?? Random.Shared.Next();
        _backprop = new Backpropagation(network, options.MiniBatchSize, options.ThreadCount, dropoutSeed: Seed);
        _batchLabels = new byte[options.MiniBatchSize];
        _lastGood = network.Clone();
    }

    /// <summary>Refuses a network gradient descent cannot train: step neurons, or a cost that does not suit the output layer.</summary>
    /// <exception cref="NndlException">ActivationNotTrainable, CostOutputMismatch.</exception>
    public static void RequireTrainable(Network network)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (network.Layers.FirstOrDefault(layer => !layer.Activation.CanTrain) is Layer untrainable)
        {
            throw new NndlException("ActivationNotTrainable", NndlErrorKind.InvalidArgument,
                $"The network has {untrainable.Activation.Name} neurons, which gradient descent cannot train: their output jumps from 0 to 1, so a small change in a weight never makes a small change in the output (the reason chapter 1 moves on to sigmoid neurons). Build them by hand, or use New-Network -Activation Sigmoid to train.");
        }

        Costs.RequireCompatible(network.Cost, network.Layers[^1].Activation);
    }

    /// <summary>The seed that drives the shuffles: the one given, or the one picked.</summary>
    public int Seed { get; }

    /// <summary>
    /// Trains for <see cref="SgdOptions.Epochs"/> epochs, yielding each epoch's result as soon as it finishes
    /// (evaluated on <paramref name="testData"/> when given). Stops between mini-batches when cancelled, and
    /// earlier when the schedule or early stopping says so (watching <paramref name="validationData"/>).
    /// </summary>
    public IEnumerable<EpochResult> Train(ImageSet trainingData, ImageSet? testData = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default, ImageSet? validationData = null)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        ShapeCheck.RequireFit(_network, trainingData);
        if (testData is not null)
        {
            ShapeCheck.RequireImages(testData); // before an epoch is trained, and before the shape check: the emptiness is what to name
            ShapeCheck.RequireFit(_network, testData);
        }

        _options.ValidateData(testData is not null, validationData);
        if (validationData is not null)
        {
            ShapeCheck.RequireImages(validationData);
            ShapeCheck.RequireFit(_network, validationData);
        }

        ShapeCheck.RequireTraining(trainingData);

        _rule = CreateRule(trainingData.Count);
        return TrainEpochs(trainingData, testData, validationData, progress, cancellationToken);
    }

    /// <summary>
    /// Trains on <paramref name="data"/>'s Training set, evaluating on its Test set, and, when the options watch one
    /// (a schedule, early stopping), on its Validation set: a dataset's sets as Invoke-SgdTraining and a sweep use them.
    /// </summary>
    public IEnumerable<EpochResult> Train(MnistDataset data, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Train(data.Training, data.Test, progress, cancellationToken, _options.WatchesValidation ? data.Validation : null);
    }

    private IEnumerable<EpochResult> TrainEpochs(ImageSet trainingData, ImageSet? testData, ImageSet? validationData,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        using IDisposable trainingLock = _network.BeginTraining();
        var random = SeededRandom.Create(Seed);
        MonitorSeries monitor = _options.Monitor;
        bool evaluates = testData is not null || _options.WatchesValidation || monitor != MonitorSeries.None;
        using var evaluator = evaluates ? new Evaluator(_network, _backprop.Kernels) : null; // the trainer's threads: one pool, not two
        var watch = new ValidationWatch(_options);
        int[] order = Enumerable.Range(0, trainingData.Count).ToArray();
        // -KeepBest: the best epoch's weights, judged on the test data (early stopping keeps its own, in the watch).
        BestWeights? best = _options.KeepBest ? new BestWeights() : null;
        Best = null; // a second Train on this trainer judges its own epochs only
        // Chapter 5's probe, its buffers made once per run, not per epoch.
        using LayerSpeedProbe? speedProbe = monitor.HasFlag(MonitorSeries.LayerSpeed) ? new LayerSpeedProbe(_network, trainingData, Gradients.LayerSpeedSamples) : null;
        bool saturationSaid = false;
        var run = Guid.NewGuid(); // one per run, so a picture tells runs apart even when their results went through Export-Clixml
        try
        {
            if (!ParametersAreWithinBound())
            {
                throw Diverged(_rule!.LearningRate, trainingData.Count, alreadyBefore: true); // not an epoch spent on a network that cannot learn
            }

            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                random.Shuffle(order);
                float learningRate = _rule!.LearningRate;
                _lastGood.CopyParametersFrom(_network);
                RunEpoch(trainingData, order, epoch, progress, cancellationToken);
                if (!ParametersAreWithinBound())
                {
                    _network.CopyParametersFrom(_lastGood);
                    throw Diverged(learningRate, trainingData.Count, alreadyBefore: false);
                }

                TimeSpan trainingTime = clock.Elapsed;

                // Numbered on from the network's earlier training, so a continued run never repeats "Epoch 0".
                int number = _network.EpochsTrained++;
                clock.Restart();
                EpochMeasurements measured = MeasureEpoch(evaluator, speedProbe, trainingData, testData, validationData, cancellationToken);
                EvaluationResult? evaluation = measured.Evaluation;
                string? stop = measured.ValidationAccuracy is double validationAccuracy ? watch.AfterEpoch(number, validationAccuracy, _network, _rule) : null;

                // Said once a run: the same saturated network stays saturated.
                string? warning = saturationSaid || evaluation is null ? null : SaturationCheck.Check(_network, testData!, evaluation, learningRate);
                saturationSaid |= warning is not null;
                bool isBest = best?.Offer(number, evaluation!.Correct, _network) ?? false;
                // The epoch the network ends at if the run ends now: -KeepBest's best so far (it has the last word), or where early stopping went back to.
                int? kept = best is not null ? best.Epoch : watch.RestoredEpoch;
                var result = new EpochResult(number, _options.Epochs, evaluation, trainingTime, clock.Elapsed, _network, _options, Seed, trainingData.Count,
                    learningRate, new EpochMonitoring(measured.ValidationAccuracy, measured.Training, stop, kept, run, warning, measured.LayerSpeed));
                if (isBest)
                {
                    Best = result;
                }

                yield return result;
                if (stop is not null)
                {
                    yield break;
                }
            }
        }
        finally
        {
            // Runs when the run ends, and when it is stopped (Ctrl+C disposes the enumeration).
            best?.RestoreInto(_network);
        }
    }

    /// <summary>
    /// What an epoch measures after training (network2.py's monitoring, chapter 3's validation accuracy, chapter 5's
    /// speed of learning), each only when asked for: the test data's accuracy (the book's <c>evaluate</c>), the
    /// training data's accuracy and cost, the validation accuracy, the speed of each hidden layer.
    /// </summary>
    private EpochMeasurements MeasureEpoch(Evaluator? evaluator, LayerSpeedProbe? speedProbe, ImageSet trainingData, ImageSet? testData, ImageSet? validationData,
        CancellationToken cancellationToken)
    {
        MonitorSeries monitor = _options.Monitor;
        EvaluationResult? evaluation = testData is null
            ? null
            : evaluator!.Evaluate(testData, monitor.HasFlag(MonitorSeries.EvaluationCost), _options.Lambda, cancellationToken);
        EvaluationResult? training = (monitor & (MonitorSeries.TrainingCost | MonitorSeries.TrainingAccuracy)) != 0
            ? evaluator!.Evaluate(trainingData, monitor.HasFlag(MonitorSeries.TrainingCost), _options.Lambda, cancellationToken)
            : null;
        double? validation = _options.WatchesValidation ? evaluator!.Evaluate(validationData!, cancellationToken).Accuracy : null;
        double[]? layerSpeed = speedProbe?.Measure(cancellationToken);
        return new EpochMeasurements(evaluation, training, validation, layerSpeed);
    }

    private readonly record struct EpochMeasurements(EvaluationResult? Evaluation, EvaluationResult? Training, double? ValidationAccuracy, double[]? LayerSpeed);

    /// <summary>The update at the end of update_mini_batch: momentum when μ &gt; 0, else the book's step (with L2 when λ &gt; 0).</summary>
    private IUpdateRule CreateRule(int trainingCount) => _options.Momentum > 0
        ? new MomentumRule(_network, _options.LearningRate, _options.Momentum, _options.Lambda, trainingCount)
        : new GradientDescentRule(_options.LearningRate, _options.Lambda, trainingCount);

    /// <summary>
    /// MaxMagnitude returns the value of largest magnitude, sign included, and NaN if there is one, which fails the
    /// comparison: one pass per epoch, no per-batch cost.
    /// </summary>
    /// <summary>
    /// Why the weights left the bound, as far as the run can tell: they were out of it before this run began (a network
    /// that diverged earlier), the decay of L2 alone pushes them out (|1 − ηλ/n| &gt; 1), or else, most often, η.
    /// </summary>
    private NndlException Diverged(float learningRate, int trainingCount, bool alreadyBefore)
    {
        int epoch = _network.EpochsTrained;
        double decay = 1.0 - ((double)learningRate * _options.Lambda / trainingCount);
        string cause = alreadyBefore
            ? $"The network's weights were NaN, infinite or beyond ±{DivergenceBound:0e0} before this run began: it diverged earlier. Make a new network with New-Network."
            : Math.Abs(decay) > 1
                ? $"-Lambda {_options.Lambda} with -LearningRate {learningRate} makes each step multiply every weight by 1 − ηλ/n = {decay:G3}, which grows it: use a smaller -Lambda (the book's chapter 3 uses 5 on 50,000 images)."
                : $"The learning rate {learningRate} is likely too large: try a smaller -LearningRate.";
        return new NndlException("TrainingDiverged", NndlErrorKind.OperationFailed,
            $"Training diverged in epoch {epoch}: weights grew beyond ±{DivergenceBound:0e0} or became NaN or infinite, where the neurons saturate and stop " +
            $"learning, so every later answer would be meaningless. {cause} The network is back as it was before epoch {epoch}.");
    }

    private bool ParametersAreWithinBound() =>
        _network.Layers.All(layer => WithinBound(layer.Weights) && WithinBound(layer.Biases)) &&
        _network.ConvolutionalLayers.All(layer => WithinBound(layer.Weights) && WithinBound(layer.Biases));

    private static bool WithinBound(float[] parameters) => MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(parameters)) <= DivergenceBound;

    /// <summary>
    /// With <see cref="SgdOptions.KeepBest"/>: the epoch with the best test accuracy so far, whose weights the
    /// network is set back to when training ends or is stopped. Null otherwise, or before the first epoch ends.
    /// </summary>
    public EpochResult? Best { get; private set; }

    /// <summary>Stops the helper threads; the trainer cannot train afterwards.</summary>
    public void Dispose() => _backprop.Dispose();

    [MethodImpl(HotPath.Compile)]
    private void RunEpoch(ImageSet data, int[] order, int epoch, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        int batchSize = _options.MiniBatchSize;
        int batches = (order.Length + batchSize - 1) / batchSize;
        int reportEvery = Math.Max(1, batches / ProgressReportsPerEpoch);
        for (int batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int start = batch * batchSize;
            int next = start + batchSize;
            if (next < order.Length)
            {
                data.Prefetch(order.AsSpan(next, Math.Min(batchSize, order.Length - next)));
            }

            UpdateMiniBatch(data, order.AsSpan(start, Math.Min(batchSize, order.Length - start)), _rule!);
            if (progress is not null && batch % reportEvery == 0)
            {
                progress.Report(new TrainingProgress(epoch, _options.Epochs, batch, batches));
            }
        }
    }

    /// <summary>One gradient-descent step on the samples <paramref name="indices"/> of <paramref name="data"/>.</summary>
    [MethodImpl(HotPath.Compile)]
    internal void UpdateMiniBatch(ImageSet data, ReadOnlySpan<int> indices, IUpdateRule rule)
    {
        int m = indices.Length;
        data.CopyImages(indices, _backprop.Inputs(m));
        ReadOnlySpan<byte> labels = data.Labels;
        Span<byte> batchLabels = _batchLabels.AsSpan(0, m);
        for (int s = 0; s < m; s++)
        {
            batchLabels[s] = labels[indices[s]];
        }

        _backprop.SetOneHotTargets(batchLabels);
        _backprop.Backprop(m, rule, withDropout: true);
    }
}
