using System.Numerics.Tensors;

namespace NndlPS.Core;

/// <summary>
/// Counts the images whose label is the index of the network's most active output neuron, and which class each
/// of the others was taken for (the confusion matrix). Images are fed forward in chunks, straight from the set's
/// memory, through the same batched kernels training uses.
/// </summary>
public sealed class Evaluator : IDisposable
{
    private const int ChunkSize = 500;
    private readonly Network _network;
    private readonly Backpropagation _workspace;

    /// <param name="network">The network to evaluate (read only).</param>
    /// <param name="threads">Cores to use for large products; null means all of them.</param>
    public Evaluator(Network network, int? threads = null)
    {
        _network = network;
        _workspace = new Backpropagation(network, ChunkSize, threads ?? Environment.ProcessorCount);
    }

    /// <summary>One-off evaluation; a training loop keeps an <see cref="Evaluator"/> to reuse its buffers.</summary>
    public static EvaluationResult Evaluate(Network network, ImageSet data)
    {
        using var evaluator = new Evaluator(network);
        return evaluator.Evaluate(data);
    }

    // Hot from the first mini-batch: compile optimized at once instead of tiering up mid-epoch.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public EvaluationResult Evaluate(ImageSet data, CancellationToken cancellationToken = default)
    {
        ShapeCheck.RequireFit(_network, data);
        int outputs = _network.OutputSize;
        // The one allocation of an evaluation: classes² counts (100 for MNIST), handed to the result.
        var confusion = new int[outputs * outputs];
        int correct = 0;
        for (int start = 0; start < data.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = Math.Min(ChunkSize, data.Count - start);
            data.CopyImages(start, m, _workspace.Inputs(m));
            _workspace.FeedForward(m);
            ReadOnlySpan<float> results = _workspace.Outputs(m);
            ReadOnlySpan<byte> labels = data.Labels.Slice(start, m);
            for (int s = 0; s < m; s++)
            {
                int predicted = TensorPrimitives.IndexOfMax(results.Slice(s * outputs, outputs));
                int label = labels[s];
                confusion[(label * outputs) + predicted]++;
                if (predicted == label)
                {
                    correct++;
                }
            }
        }

        return new EvaluationResult(correct, data.Count, new ConfusionMatrix(data.ClassNames, confusion));
    }

    /// <summary>
    /// What the network answers for every image of <paramref name="data"/>, in order, computed a chunk at a time
    /// (so the first answers come at once, and memory stays one chunk's worth however large the set).
    /// </summary>
    public IEnumerable<Prediction> Predict(ImageSet data, CancellationToken cancellationToken = default)
    {
        ShapeCheck.RequireFit(_network, data);
        return PredictChunks(data, cancellationToken);
    }

    private IEnumerable<Prediction> PredictChunks(ImageSet data, CancellationToken cancellationToken)
    {
        for (int start = 0; start < data.Count; start += ChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (Prediction prediction in PredictChunk(data, start, Math.Min(ChunkSize, data.Count - start)))
            {
                yield return prediction;
            }
        }
    }

    private Prediction[] PredictChunk(ImageSet data, int start, int m)
    {
        int outputs = _network.OutputSize;
        data.CopyImages(start, m, _workspace.Inputs(m));
        _workspace.FeedForward(m);
        ReadOnlySpan<float> results = _workspace.Outputs(m);
        var predictions = new Prediction[m];
        for (int s = 0; s < m; s++)
        {
            predictions[s] = Prediction.ForImage(data, start + s, results.Slice(s * outputs, outputs).ToArray());
        }

        return predictions;
    }

    /// <summary>Stops the helper threads.</summary>
    public void Dispose() => _workspace.Dispose();
}
