using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// Chapter 6's ensemble of networks: several networks, trained apart, each answer every image, and their plurality
/// vote (<see cref="PluralityVote"/>, with its rule for ties) is the ensemble's answer. The book's five networks
/// scored 99.60% alone and 99.67% voting: they rarely make the same mistake.
/// <para>
/// Each network answers through an <see cref="Evaluator"/> of its own (the path Test-Network and Invoke-Network take,
/// so a network's answers here, and its result in <see cref="EnsembleResult.Members"/>, are exactly what it gets alone,
/// whatever layers it has), all on one set of worker threads. The networks walk a set together, chunk by chunk: each
/// evaluator feeds one chunk of images forward at a time, so memory is each network's forward-pass buffers and one
/// chunk of answers however large the set, and an image's vote is ready as soon as its chunk is.
/// </para>
/// </summary>
public sealed class Ensemble : IDisposable
{
    private readonly Network[] _members;
    private readonly int? _threads;
    private ParallelKernels? _kernels;
    private Evaluator[]? _evaluators;

    /// <param name="members">The networks that vote, one or more, in the order their answers are reported; they must
    /// share their input size and their output size (hidden layers may differ).</param>
    /// <param name="threads">Cores to use for large products; null means all of them.</param>
    /// <exception cref="NndlException"><c>EnsembleShapeMismatch</c>: a network's input or output size differs from the first's, or a
    /// convolutional network's image shape from the first convolutional network's.</exception>
    public Ensemble(IEnumerable<Network> members, int? threads = null)
    {
        ArgumentNullException.ThrowIfNull(members);
        _members = members.ToArray();
        if (_members.Length == 0)
        {
            throw new ArgumentException("An ensemble needs at least one network.", nameof(members));
        }

        int missing = Array.IndexOf(_members, null);
        if (missing >= 0)
        {
            throw new ArgumentNullException(nameof(members), $"Network {missing + 1} of the ensemble is null.");
        }

        Network first = _members[0];
        for (int i = 1; i < _members.Length; i++)
        {
            Network member = _members[i];
            if (member.InputSize != first.InputSize || member.OutputSize != first.OutputSize)
            {
                throw new NndlException("EnsembleShapeMismatch", NndlErrorKind.InvalidArgument,
                    $"Network {i + 1} of {_members.Length}, {member.Architecture}, takes {member.InputSize} inputs and has {member.OutputSize} outputs, " +
                    $"but network 1, {first.Architecture}, takes {first.InputSize} inputs and has {first.OutputSize} outputs: the networks of an ensemble " +
                    "answer the same inputs with a vote among the same classes, so their input and output layers must match (hidden layers may differ). " +
                    $"Leave network {i + 1} out, or give networks made for the same data, e.g. " +
                    (first.InputShape is ImageShape shape
                        ? $"New-Network -InputShape {shape.Channels},{shape.Height},{shape.Width} -Layers '{LayerText.Format(first.LayerDesigns!)}' (network 1's layers)."
                        : $"New-Network -Sizes {first.InputSize},{NetworkDesign.BookHiddenNeurons},{first.OutputSize}."));
            }
        }

        // A convolutional network reads its flat input as an image of its shape; two of other shapes (1x28x28, 1x14x56:
        // both 784 numbers) would vote on two different pictures of one input. Fully connected networks read any shape alike.
        Network[] convolutional = _members.Where(member => member.IsConvolutional).ToArray();
        for (int i = 1; i < convolutional.Length; i++)
        {
            if (convolutional[i].InputShape != convolutional[0].InputShape)
            {
                int index = Array.IndexOf(_members, convolutional[i]) + 1, firstIndex = Array.IndexOf(_members, convolutional[0]) + 1;
                throw new NndlException("EnsembleShapeMismatch", NndlErrorKind.InvalidArgument,
                    $"Network {index} of {_members.Length}, {convolutional[i].Architecture}, reads its input as {convolutional[i].InputShape} images, but network {firstIndex}, " +
                    $"{convolutional[0].Architecture}, reads it as {convolutional[0].InputShape}: the same {first.InputSize} numbers would be two different pictures, " +
                    $"and their vote would mean nothing. Leave network {index} out, or give convolutional networks made with one -InputShape.");
            }
        }

        _threads = threads;
    }

    /// <summary>The networks that vote, in order.</summary>
    public IReadOnlyList<Network> Members => _members;

    /// <summary>One-off evaluation of <paramref name="members"/>' vote on <paramref name="data"/>.</summary>
    public static EnsembleResult Evaluate(IEnumerable<Network> members, ImageSet data)
    {
        using var ensemble = new Ensemble(members);
        return ensemble.Evaluate(data);
    }

    /// <summary>
    /// The vote's accuracy and confusion matrix on <paramref name="data"/>, and each network's own result, from one
    /// pass over the images.
    /// </summary>
    /// <exception cref="NndlException"><c>NetworkShapeMismatch</c>: the networks do not fit the data; <c>NetworkOutputNotFinite</c>: a network answers NaN or infinity.</exception>
    public EnsembleResult Evaluate(ImageSet data, CancellationToken cancellationToken = default)
    {
        ShapeCheck.RequireImages(data); // first: an empty set is the problem to name, not whether its shape fits
        RequireFit(data);
        int classes = data.ClassCount, count = _members.Length;
        // The allocations of an evaluation: classes² counts for the vote and for each network, handed to the results.
        var confusion = new int[classes * classes];
        int[][] memberConfusion = _members.Select(_ => new int[classes * classes]).ToArray();
        int outputs = _members[0].OutputSize;
        var vote = new PluralityVote(outputs);
        var memberAnswers = new int[count];
        int correct = 0, ties = 0, unanimous = 0;
        // No object per image (a Prediction each was 50,000 for five networks on the test set).
        Evaluator[] evaluators = Evaluators();
        foreach ((int start, int m) in Chunks(data, evaluators, cancellationToken))
        {
            for (int s = 0; s < m; s++)
            {
                int label = data.Labels[start + s];
                CastAll(vote, evaluators, m, s, memberAnswers);
                for (int i = 0; i < count; i++)
                {
                    memberConfusion[i][(label * classes) + memberAnswers[i]]++;
                }

                int winner = vote.Winner(out bool tied);
                confusion[(label * classes) + winner]++;
                correct += winner == label ? 1 : 0;
                ties += tied ? 1 : 0;
                unanimous += vote.Votes[winner] == count ? 1 : 0;
            }
        }

        EvaluationResult[] members = memberConfusion.Select(counts =>
        {
            var matrix = new ConfusionMatrix(data.ClassNames, counts);
            return new EvaluationResult(matrix.Classes.Sum(c => c.Correct), data.Count, matrix);
        }).ToArray();
        return new EnsembleResult(correct, data.Count, new ConfusionMatrix(data.ClassNames, confusion), members, ties, unanimous);
    }

    /// <summary>
    /// The vote for every image of <paramref name="data"/>, in order, computed a chunk at a time: each with the
    /// networks' mean outputs, the votes per class and each network's answer.
    /// </summary>
    public IEnumerable<Prediction> Predict(ImageSet data, CancellationToken cancellationToken = default)
    {
        RequireFit(data);
        return Votes(data, cancellationToken);
    }

    /// <summary>The vote for one image from Get-MnistSample, keeping its label.</summary>
    /// <exception cref="NndlException"><c>InputSizeMismatch</c>: the image does not fit the networks.</exception>
    public Prediction Predict(ImageSample sample) => Vote(_members.Select(member => Prediction.ForSample(member, sample)).ToArray());

    /// <summary>The vote for one input.</summary>
    /// <exception cref="NndlException"><c>InputSizeMismatch</c>, <c>InputInvalid</c>: the input does not fit the networks, or is not finite.</exception>
    public Prediction Predict(float[] input) => Vote(_members.Select(member => Prediction.ForInput(member, input)).ToArray());

    /// <summary>Stops the helper threads.</summary>
    public void Dispose() => _kernels?.Dispose();

    private void RequireFit(ImageSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ShapeCheck.RequireFit(_members, data);
    }

    /// <summary>
    /// The votes a chunk at a time: every network's outputs of the chunk in its own evaluator's buffers, then one
    /// <see cref="Prediction"/> per image, the whole chunk before the first is handed out (so two walks of one ensemble
    /// taking turns never read each other's buffers).
    /// </summary>
    private IEnumerable<Prediction> Votes(ImageSet data, CancellationToken cancellationToken)
    {
        Evaluator[] evaluators = Evaluators();
        var vote = new PluralityVote(_members[0].OutputSize);
        foreach ((int start, int m) in Chunks(data, evaluators, cancellationToken))
        {
            var votes = new Prediction[m];
            for (int s = 0; s < m; s++)
            {
                var memberAnswers = new int[evaluators.Length]; // the Prediction keeps it
                CastAll(vote, evaluators, m, s, memberAnswers);
                votes[s] = Prediction.ForVote(data, start + s, vote, memberAnswers);
            }

            foreach (Prediction prediction in votes)
            {
                yield return prediction;
            }
        }
    }

    /// <summary>
    /// The set a chunk at a time (the smallest of the evaluators' capacities), each chunk's outputs of every network in
    /// its own evaluator's buffers (<see cref="Evaluator.LastOutputs"/>) when the chunk is handed out, until the next.
    /// </summary>
    private static IEnumerable<(int Start, int Count)> Chunks(ImageSet data, Evaluator[] evaluators, CancellationToken cancellationToken)
    {
        int chunk = evaluators.Min(evaluator => evaluator.Capacity);
        for (int start = 0; start < data.Count; start += chunk)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int m = Math.Min(chunk, data.Count - start);
            foreach (Evaluator evaluator in evaluators)
            {
                _ = evaluator.Outputs(data, start, m);
            }

            yield return (start, m);
        }
    }

    /// <summary>Image <paramref name="sample"/> of the current chunk of <paramref name="m"/>: every network's outputs cast in a cleared <paramref name="vote"/>, each one's answer in <paramref name="memberAnswers"/>.</summary>
    private static void CastAll(PluralityVote vote, Evaluator[] evaluators, int m, int sample, Span<int> memberAnswers)
    {
        vote.Clear();
        for (int i = 0; i < evaluators.Length; i++)
        {
            ReadOnlySpan<float> outputs = evaluators[i].LastOutputs(m);
            int size = outputs.Length / m;
            memberAnswers[i] = vote.Cast(outputs.Slice(sample * size, size));
        }
    }

    private static Prediction Vote(Prediction[] answers)
    {
        var vote = new PluralityVote(answers[0].Outputs.Length);
        int[] memberAnswers = answers.Select(answer => vote.Cast(answer.Outputs)).ToArray();
        return Prediction.ForVote(answers[0], vote, memberAnswers);
    }

    /// <summary>The evaluators, made when a set is first evaluated (a single input needs none), sharing one pool of threads.</summary>
    private Evaluator[] Evaluators()
    {
        if (_evaluators is null)
        {
            _kernels ??= new ParallelKernels(Cores.Or(_threads));
            _evaluators = _members.Select(member => new Evaluator(member, _kernels)).ToArray();
        }

        return _evaluators;
    }
}
