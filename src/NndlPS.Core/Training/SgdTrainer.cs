using System.Diagnostics;

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
    private readonly Network _network;
    private readonly SgdOptions _options;
    private readonly Backpropagation _backprop;
    private readonly byte[] _batchLabels;

    public SgdTrainer(Network network, SgdOptions options)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _network = network;
        _options = options;
        Seed = options.Seed ?? Random.Shared.Next();
        _backprop = new Backpropagation(network, options.MiniBatchSize, options.ThreadCount);
        _batchLabels = new byte[options.MiniBatchSize];
    }

    /// <summary>The seed that drives the shuffles: the one given, or the one picked.</summary>
    public int Seed { get; }

    /// <summary>
    /// Trains for <see cref="SgdOptions.Epochs"/> epochs, yielding each epoch's result as soon as it finishes
    /// (evaluated on <paramref name="testData"/> when given). Stops between mini-batches when cancelled.
    /// </summary>
    public IEnumerable<EpochResult> Train(ImageSet trainingData, ImageSet? testData = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trainingData);
        ShapeCheck.RequireFit(_network, trainingData);
        if (testData is not null)
        {
            ShapeCheck.RequireFit(_network, testData);
        }

        if (_options.KeepBest && testData is null)
        {
            throw new NndlException("KeepBestNeedsTestData", NndlErrorKind.InvalidArgument,
                "-KeepBest keeps the epoch with the best test accuracy, so it needs test data: give -TestData (or pipe a dataset, whose Test set is used).");
        }

        if (trainingData.Count == 0)
        {
            throw new NndlException("TrainingDataEmpty", NndlErrorKind.InvalidArgument, "The training data holds no images; there is nothing to learn from.");
        }

        return TrainEpochs(trainingData, testData, progress, cancellationToken);
    }

    private IEnumerable<EpochResult> TrainEpochs(ImageSet trainingData, ImageSet? testData,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var random = new Random(Seed);
        using var evaluator = testData is null ? null : new Evaluator(_network, _options.ThreadCount);
        int[] order = Enumerable.Range(0, trainingData.Count).ToArray();
        // -KeepBest: one copy of the network, allocated once, overwritten whenever an epoch beats the best so far.
        Network? best = _options.KeepBest ? _network.Clone() : null;
        try
        {
            for (int epoch = 0; epoch < _options.Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                random.Shuffle(order);
                RunEpoch(trainingData, order, epoch, progress, cancellationToken);
                TimeSpan trainingTime = clock.Elapsed;

                // Numbered on from the network's earlier training, so a continued run never repeats "Epoch 0".
                int number = _network.EpochsTrained++;
                clock.Restart();
                EvaluationResult? evaluation = evaluator?.Evaluate(testData!, cancellationToken);
                var result = new EpochResult(number, _options.Epochs, evaluation, trainingTime, clock.Elapsed,
                    _network, _options, Seed, trainingData.Count);
                if (best is not null && evaluation!.Correct > (Best?.Correct ?? -1))
                {
                    best.CopyParametersFrom(_network);
                    Best = result;
                }

                yield return result;
            }
        }
        finally
        {
            // Runs when the run ends, and when it is stopped (Ctrl+C disposes the enumeration).
            if (best is not null && Best is not null)
            {
                _network.CopyParametersFrom(best);
            }
        }
    }

    /// <summary>
    /// With <see cref="SgdOptions.KeepBest"/>: the epoch with the best test accuracy so far, whose weights the
    /// network is set back to when training ends or is stopped. Null otherwise, or before the first epoch ends.
    /// </summary>
    public EpochResult? Best { get; private set; }

    /// <summary>Stops the helper threads; the trainer cannot train afterwards.</summary>
    public void Dispose() => _backprop.Dispose();

    // Hot from the first mini-batch: compile optimized at once instead of tiering up mid-epoch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
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

            UpdateMiniBatch(data, order.AsSpan(start, Math.Min(batchSize, order.Length - start)));
            if (progress is not null && batch % reportEvery == 0)
            {
                progress.Report(new TrainingProgress(epoch, _options.Epochs, batch, batches));
            }
        }
    }

    /// <summary>One gradient-descent step on the samples <paramref name="indices"/> of <paramref name="data"/>.</summary>
    // Hot from the first mini-batch: compile optimized at once instead of tiering up mid-epoch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    internal void UpdateMiniBatch(ImageSet data, ReadOnlySpan<int> indices)
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
        _backprop.Step(m, _options.LearningRate);
    }
}
