using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Counts the images whose label is the network's answer (<see cref="Prediction.Answer"/>: the most active output
/// neuron, or whether a single output neuron fires), and which class each of the others was taken for (the confusion matrix). Images are fed forward in chunks, straight from the set's
/// memory, through the same batched kernels training uses. It holds only feed-forward buffers (<see cref="ForwardPass"/>),
/// and either shares its caller's worker threads (a trainer's) or keeps its own for as long as it lives, so a host
/// evaluating many networks (Test-Network over a pipeline of them) reuses one evaluator by setting <see cref="Network"/>.
/// </summary>
public sealed class Evaluator : IDisposable
{
    // Images fed forward at once; fewer for a network too wide for this many (TrainingBuffers.LargestFit).
    private const int ChunkSize = 500;

    // Fewer for a convolutional network: its buffers are bounded as training's, which keep every sample's unfolded inputs
    // (some 300 KB a sample for the book's); evaluation itself unfolds a few samples at a time (ConvPoolPass).
    private const int ConvolutionalChunkSize = 100;
    private readonly ParallelKernels _kernels;
    private readonly bool _ownsKernels;
    private Network _network;
    private ForwardPass _pass;

    /// <param name="network">The network to evaluate (read only).</param>
    /// <param name="threads">Cores to use for large products; null means all of them.</param>
    public Evaluator(Network network, int? threads = null)
        : this(network, new ParallelKernels(Cores.Or(threads)), ownsKernels: true)
    {
    }

    /// <summary>An evaluator on a trainer's worker threads: the two take turns on one thread, so they never need two pools.</summary>
    internal Evaluator(Network network, ParallelKernels kernels) : this(network, kernels, ownsKernels: false)
    {
    }

    private Evaluator(Network network, ParallelKernels kernels, bool ownsKernels)
    {
        ArgumentNullException.ThrowIfNull(network);
        _kernels = kernels;
        _ownsKernels = ownsKernels;
        try
        {
            _pass = new ForwardPass(network, TrainingBuffers.LargestFit(network, Chunk(network)));
        }
        catch when (ownsKernels)
        {
            kernels.Dispose();
            throw;
        }

        _network = network;
    }

    /// <summary>
    /// The network evaluated (read only). Setting another keeps the buffers when it has the same sizes, else makes
    /// new ones; the worker threads are kept either way.
    /// </summary>
    public Network Network
    {
        get => _network;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (!_pass.Fits(value))
            {
                _pass = new ForwardPass(value, TrainingBuffers.LargestFit(value, Chunk(value)));
            }

            _network = value;
        }
    }

    private static int Chunk(Network network) => network.IsConvolutional ? ConvolutionalChunkSize : ChunkSize;

    /// <summary>One-off evaluation; a training loop keeps an <see cref="Evaluator"/> to reuse its buffers.</summary>
    public static EvaluationResult Evaluate(Network network, ImageSet data)
    {
        using var evaluator = new Evaluator(network);
        return evaluator.Evaluate(data);
    }

    public EvaluationResult Evaluate(ImageSet data, CancellationToken cancellationToken = default) =>
        Evaluate(data, withCost: false, lambda: 0, cancellationToken);

    /// <summary>
    /// Accuracy and, when <paramref name="withCost"/>, network2.py's <c>total_cost</c>: the mean of the network's cost
    /// over the images plus 0.5·(λ/n)·Σ‖w‖² with n the number of images evaluated, as the book computes it.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public EvaluationResult Evaluate(ImageSet data, bool withCost, float lambda, CancellationToken cancellationToken = default)
    {
        ShapeCheck.RequireImages(data); // first: an empty set is the problem to name, not whether its shape fits
        ShapeCheck.RequireFit(_network, data);
        int outputs = _network.OutputSize, classes = data.ClassCount;
        // The one allocation of an evaluation: classes² counts (100 for MNIST), handed to the result.
        var confusion = new int[classes * classes];
        int correct = 0;
        double cost = 0;
        float[]? desired = withCost ? new float[outputs] : null;
        int chunk = _pass.Capacity;
        for (int start = 0; start < data.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = Math.Min(chunk, data.Count - start);
            data.CopyImages(start, m, _pass.Inputs(m));
            _pass.Run(_network, m, _kernels);
            ReadOnlySpan<float> results = _pass.Outputs(m);
            RequireFiniteOutputs(_network, results, data, start);

            ReadOnlySpan<byte> labels = data.Labels.Slice(start, m);
            for (int s = 0; s < m; s++)
            {
                int predicted = Prediction.Answer(results.Slice(s * outputs, outputs));
                int label = labels[s];
                confusion[(label * classes) + predicted]++;
                if (predicted == label)
                {
                    correct++;
                }

                if (desired is not null)
                {
                    int target = ShapeCheck.OneHotTarget(label, outputs, out float y);
                    desired[target] = y;
                    cost += _network.Cost.Value(results.Slice(s * outputs, outputs), desired);
                    desired[target] = 0;
                }
            }
        }

        var confusionMatrix = new ConfusionMatrix(data.ClassNames, confusion);
        if (!withCost)
        {
            return new EvaluationResult(correct, data.Count, confusionMatrix);
        }

        double squaredWeights = _network.Layers.Sum(layer => (double)FixedLanes.SumOfSquares(layer.Weights)) +
            _network.ConvolutionalLayers.Sum(layer => (double)FixedLanes.SumOfSquares(layer.Weights));
        double total = data.Count == 0 ? 0 : (cost / data.Count) + (0.5 * lambda / data.Count * squaredWeights);
        return new EvaluationResult(correct, data.Count, confusionMatrix, total);
    }

    /// <summary>NaN or infinite outputs are never an answer, yet an arg-max would count one as an answer.</summary>
    private static void RequireFiniteOutputs(Network network, ReadOnlySpan<float> results, ImageSet data, int start)
    {
        if (!float.IsFinite(TensorPrimitives.MaxMagnitude(results)))
        {
            throw OutputNotFinite(network, $"{data.Name} image {start + (FirstNotFinite(results) / network.OutputSize)}");
        }
    }

    /// <summary>The one refusal of NaN or infinite outputs, for an image set here and for a single input (<see cref="Prediction"/>).</summary>
    internal static NndlException OutputNotFinite(Network network, string input) => new("NetworkOutputNotFinite", NndlErrorKind.InvalidArgument,
        $"The network {network} answers NaN or infinity for {input}: its weights or biases are not finite numbers. If it was trained, the learning rate " +
        $"was likely too large: train a new network with a smaller -LearningRate (the book uses {SgdOptions.BookLearningRateText}).");

    private static int FirstNotFinite(ReadOnlySpan<float> values)
    {
        int i = 0;
        while (i < values.Length && float.IsFinite(values[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// What the network answers for every image of <paramref name="data"/>, in order, computed a chunk at a time
    /// (so the first answers come at once, and memory stays one chunk's worth however large the set).
    /// </summary>
    public IEnumerable<Prediction> Predict(ImageSet data, CancellationToken cancellationToken = default)
    {
        ShapeCheck.RequireFit(_network, data);
        // The network and buffers as they are now: the answers are computed lazily, and Network may be set meanwhile.
        return PredictChunks(data, _network, _pass, cancellationToken);
    }

    private IEnumerable<Prediction> PredictChunks(ImageSet data, Network network, ForwardPass pass, CancellationToken cancellationToken)
    {
        for (int start = 0; start < data.Count; start += pass.Capacity)
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (Prediction prediction in PredictChunk(data, network, pass, start, Math.Min(pass.Capacity, data.Count - start)))
            {
                yield return prediction;
            }
        }
    }

    [MethodImpl(HotPath.Compile)]
    private Prediction[] PredictChunk(ImageSet data, Network network, ForwardPass pass, int start, int m)
    {
        int outputs = network.OutputSize;
        ReadOnlySpan<float> results = Outputs(data, network, pass, start, m);
        var predictions = new Prediction[m];
        for (int s = 0; s < m; s++)
        {
            predictions[s] = Prediction.ForImage(data, start + s, results.Slice(s * outputs, outputs).ToArray());
        }

        return predictions;
    }

    /// <summary>The most images <see cref="Outputs(ImageSet, int, int)"/> takes at once.</summary>
    internal int Capacity => _pass.Capacity;

    /// <summary>
    /// The network's outputs for images [start, start + m) of <paramref name="data"/> (m at most <see cref="Capacity"/>),
    /// one image per row, in this evaluator's buffers: valid until it is asked again. For an ensemble, whose vote needs
    /// every network's outputs of a chunk at once and nothing per image.
    /// </summary>
    internal ReadOnlySpan<float> Outputs(ImageSet data, int start, int m) => Outputs(data, _network, _pass, start, m);

    /// <summary>What the last <see cref="Outputs(ImageSet, int, int)"/> of <paramref name="m"/> images returned, read again.</summary>
    internal ReadOnlySpan<float> LastOutputs(int m) => _pass.Outputs(m);

    [MethodImpl(HotPath.Compile)]
    private ReadOnlySpan<float> Outputs(ImageSet data, Network network, ForwardPass pass, int start, int m)
    {
        data.CopyImages(start, m, pass.Inputs(m));
        pass.Run(network, m, _kernels);
        ReadOnlySpan<float> results = pass.Outputs(m);
        RequireFiniteOutputs(network, results, data, start);
        return results;
    }

    /// <summary>Stops the helper threads, when they are the evaluator's own.</summary>
    public void Dispose()
    {
        if (_ownsKernels)
        {
            _kernels.Dispose();
        }
    }
}
