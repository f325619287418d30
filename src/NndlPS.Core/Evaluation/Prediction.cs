using System.Runtime.CompilerServices;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// What a network answers for one input: its output activations and the most active output neuron
/// (<see cref="Predicted"/>). For an image of a set it also carries the image's label, so mistakes are
/// <c>Label -ne Predicted</c>, and the image itself (<see cref="Sample"/>) to draw. The answer of an ensemble
/// (<see cref="Ensemble"/>) is its plurality vote, with the votes beside it (<see cref="Votes"/>, <see cref="VoteCounts"/>,
/// <see cref="MemberAnswers"/>).
/// </summary>
public sealed class Prediction
{
    private readonly ImageSet? _set;
    private readonly ImageSample? _sample;
    private float[]? _input;

    private Prediction(float[] outputs, float[]? input, ImageSet? set, ImageSample? sample, int? index, int? label, string? className,
        int? predicted = null, int[]? voteCounts = null, int[]? memberAnswers = null)
    {
        Outputs = outputs;
        Predicted = predicted ?? Answer(outputs);
        VoteCounts = voteCounts;
        MemberAnswers = memberAnswers;
        _input = input;
        _set = set;
        _sample = sample;
        Index = index;
        Label = label;
        ClassName = className;
        SetName = set?.Name ?? sample?.Set;
    }

    /// <summary>
    /// The network's answer for one input's output activations, the one rule every cmdlet and the evaluator use: the
    /// index of the most active output neuron (the book's arg-max); a single output neuron has no rival to beat, so
    /// its answer is whether it fires: 1 when its output is at least ½ (for a sigmoid, w·x + b ≥ 0), else 0.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public static int Answer(ReadOnlySpan<float> outputs) =>
        outputs.Length == 1 ? (outputs[0] >= 0.5f ? 1 : 0) : MatrixKernels.IndexOfMax(outputs);

    /// <summary>The output layer's activations; for an ensemble, each output neuron's mean over its networks.</summary>
    public float[] Outputs { get; }

    /// <summary>
    /// The network's answer (<see cref="Answer"/>): the index of the most active output neuron; for a network with a
    /// single output neuron (a perceptron, the NAND gate), 1 when that neuron fires (output ≥ 0.5) and 0 when it does not.
    /// For an ensemble, its plurality vote (<see cref="PluralityVote"/>), which need not be the most active of the mean <see cref="Outputs"/>.
    /// </summary>
    public int Predicted { get; }

    /// <summary>For an ensemble's answer, how many of its networks answered <see cref="Predicted"/>; null for one network's.</summary>
    public int? Votes => VoteCounts?[Predicted];

    /// <summary>For an ensemble's answer, per class, how many of its networks answered it; null for one network's.</summary>
    public int[]? VoteCounts { get; }

    /// <summary>For an ensemble's answer, each network's own answer, in the ensemble's order; null for one network's.</summary>
    public int[]? MemberAnswers { get; }

    /// <summary>The image's label, when the input is an image of a set; otherwise null.</summary>
    public int? Label { get; }

    /// <summary>What the label means, e.g. "7" or "Sneaker".</summary>
    public string? ClassName { get; }

    /// <summary>True when the network's answer is the label; null for inputs without one.</summary>
    public bool? IsCorrect => Label is int label ? label == Predicted : null;

    /// <summary>The set the image came from, e.g. "Test".</summary>
    public string? SetName { get; }

    /// <summary>The image's index in its set.</summary>
    public int? Index { get; }

    /// <summary>The input fed to the network (for an image of a set, read from the set when first asked for).</summary>
    public float[] Input => _input ??= _sample?.Pixels ?? _set!.GetImage(Index!.Value);

    /// <summary>The image with its label, drawn by the digit view; null for inputs that are not images.</summary>
    public ImageSample? Sample => _sample ?? _set?.GetSample(Index!.Value);

    /// <summary>Feeds <paramref name="input"/> through <paramref name="network"/>.</summary>
    /// <exception cref="NndlException"><c>InputSizeMismatch</c>: the input does not fit the network's input layer.</exception>
    public static Prediction ForInput(Network network, float[] input)
    {
        RequireInputSize(network, input.Length, $"{input.Length} number(s)");
        int notFinite = Array.FindIndex(input, x => !float.IsFinite(x));
        if (notFinite >= 0)
        {
            throw new NndlException("InputInvalid", NndlErrorKind.InvalidArgument,
                $"Input number {notFinite} is {input[notFinite]}: a network can only answer for finite numbers. Check the input for NaN or infinity.");
        }

        return new Prediction(FiniteOutputs(network, input, "the input"), input, null, null, null, null, null);
    }

    /// <summary>Feeds an image from Get-MnistSample through <paramref name="network"/>, keeping its label.</summary>
    public static Prediction ForSample(Network network, ImageSample sample)
    {
        RequireInputSize(network, sample.Pixels.Length, $"an image of {sample.Rows}x{sample.Columns} pixels");
        return new Prediction(FiniteOutputs(network, sample.Pixels, $"image {sample.Index}"), sample.Pixels, null, sample, sample.Index, sample.Label, sample.ClassName);
    }

    /// <summary>A prediction for image <paramref name="index"/> of <paramref name="set"/>, from outputs computed in a batch.</summary>
    internal static Prediction ForImage(ImageSet set, int index, float[] outputs)
    {
        int label = set.GetLabel(index);
        return new Prediction(outputs, null, set, null, index, label, set.ClassNames[label]);
    }

    /// <summary>
    /// An ensemble's answer for the input its networks answered in <paramref name="first"/> and the rest (one prediction
    /// each, for the same input), all cast in <paramref name="vote"/>: its winner, the networks' mean outputs, and the votes.
    /// </summary>
    internal static Prediction ForVote(Prediction first, PluralityVote vote, int[] memberAnswers)
    {
        return new Prediction(MeanOutputs(vote), first._input, first._set, first._sample, first.Index, first.Label, first.ClassName,
            vote.Winner(out _), vote.Votes.ToArray(), memberAnswers);
    }

    /// <summary>An ensemble's answer for image <paramref name="index"/> of <paramref name="set"/>, its networks' outputs cast in <paramref name="vote"/>.</summary>
    internal static Prediction ForVote(ImageSet set, int index, PluralityVote vote, int[] memberAnswers)
    {
        int label = set.GetLabel(index);
        return new Prediction(MeanOutputs(vote), null, set, null, index, label, set.ClassNames[label], vote.Winner(out _), vote.Votes.ToArray(), memberAnswers);
    }

    private static float[] MeanOutputs(PluralityVote vote) => vote.SummedOutputs.Select(sum => (float)(sum / vote.Voters)).ToArray();

    public override string ToString() => (Label is int label
        ? $"{SetName}[{Index}]: label {label}, predicted {Predicted}"
        : $"({string.Join(", ", Input)}) -> {Predicted}") + (MemberAnswers is null ? string.Empty : $" ({Votes} of {MemberAnswers.Length} votes)");

    /// <summary>The outputs for one input; NaN or infinity is never an answer, though an arg-max would make one of it.</summary>
    private static float[] FiniteOutputs(Network network, float[] input, string what)
    {
        float[] outputs = network.FeedForward(input);
        if (!Array.TrueForAll(outputs, float.IsFinite))
        {
            throw Evaluator.OutputNotFinite(network, what);
        }

        return outputs;
    }

    private static void RequireInputSize(Network network, int length, string what)
    {
        if (length != network.InputSize)
        {
            string image = network.InputShape is ImageShape shape ? $" (one {shape} image, channel by channel, row by row)" : string.Empty;
            throw new NndlException("InputSizeMismatch", NndlErrorKind.InvalidArgument,
                $"The network {network.Architecture} takes {network.InputSize} input(s){image}; got {what}. " +
                $"Give {network.InputSize} number(s) per input, e.g. -InputObject (,(1, 0)) for two inputs.");
        }
    }
}
