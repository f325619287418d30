namespace NndlPS.Core;

/// <summary>Refuses a network whose input or output layer does not fit a dataset, before any work starts.</summary>
internal static class ShapeCheck
{
    /// <summary>
    /// Refuses a set to score that holds no images: 0 right of 0 is no accuracy, and reported as 0% it was a silent
    /// wrong answer (a slice or filter that came out empty looked like a network that learned nothing).
    /// </summary>
    public static void RequireImages(ImageSet data)
    {
        if (data.Count == 0)
        {
            throw new NndlException("EvaluationDataEmpty", NndlErrorKind.InvalidArgument,
                $"The {data.Name} data holds no images, so there is no accuracy to measure (0 right of 0 is not 0%). " +
                "Give a set with images: $data.Test, $data.Validation, or a slice such as $data.Test.Slice('First 1000', 0, 1000).");
        }
    }

    /// <summary>Refuses a training set that holds no images: there is nothing to learn from (SGD, the baselines, a sweep).</summary>
    /// <param name="training">The set to learn from.</param>
    /// <param name="advice">What to do instead, where the caller knows better than the general words.</param>
    public static void RequireTraining(ImageSet training, string advice = "Give a training set with images (Import-Mnist -First 1000 keeps 1,000).")
    {
        if (training.Count == 0)
        {
            throw new NndlException("TrainingDataEmpty", NndlErrorKind.InvalidArgument, $"The {training.Name} data holds no images; there is nothing to learn from. {advice}");
        }
    }

    public static void RequireFit(Network network, ImageSet data)
    {
        if (network.InputShape is not ImageShape shape)
        {
            RequireFit(network.Sizes, data);
            return;
        }

        if (shape.Channels != 1 || shape.Height != data.ImageRows || shape.Width != data.ImageColumns || !OutputsFit(network.OutputSize, data.ClassCount))
        {
            throw new NndlException("NetworkShapeMismatch", NndlErrorKind.InvalidArgument,
                $"The network {network.Architecture} does not fit the {data.Name} data: its images are 1x{data.ImageRows}x{data.ImageColumns} " +
                $"(channels x height x width) in {data.ClassCount} classes, and the network takes {shape} and gives {network.OutputSize} outputs. " +
                $"Make one with New-Network -InputShape 1,{data.ImageRows},{data.ImageColumns} and a last layer of {data.ClassCount} neurons.");
        }
    }

    /// <summary>
    /// The check for the networks of an ensemble: chapter 6's networks take images by their shape, so each is checked as
    /// alone; networks of sizes only are named together.
    /// </summary>
    public static void RequireFit(IReadOnlyList<Network> networks, ImageSet data)
    {
        if (networks.Any(network => network.InputShape is not null))
        {
            foreach (Network network in networks)
            {
                RequireFit(network, data);
            }

            return;
        }

        RequireFit(networks.Select(network => network.Sizes).ToArray(), data);
    }

    /// <summary>The same check for a network of these sizes, before it exists (a sweep's runs).</summary>
    public static void RequireFit(IReadOnlyList<int> sizes, ImageSet data) => RequireFit([sizes], data);

    /// <summary>
    /// The same check for the networks of an ensemble, named together in the message: they share their input and
    /// output sizes (<see cref="Ensemble"/> refuses them otherwise), so one that does not fit means none does.
    /// </summary>
    public static void RequireFit(IReadOnlyList<IReadOnlyList<int>> networks, ImageSet data)
    {
        if (networks.All(sizes => sizes[0] == data.InputSize && OutputsFit(sizes[^1], data.ClassCount)))
        {
            return;
        }

        bool one = networks.Count == 1;
        string which = one
            ? $"The network [{string.Join(", ", networks[0])}] does"
            : $"The {networks.Count} networks ({string.Join(", ", networks.Select(sizes => $"[{string.Join(", ", sizes)}]"))}) do";
        throw new NndlException("NetworkShapeMismatch", NndlErrorKind.InvalidArgument,
            $"{which} not fit the {data.Name} data: its images have {data.InputSize} pixels " +
            $"({data.ImageRows}x{data.ImageColumns}) and {data.ClassCount} classes, so {(one ? "the network needs" : "each network needs")} {data.InputSize} inputs and {data.ClassCount} outputs" +
            $"{(data.ClassCount == 2 ? " (or 1, which fires for class 1)" : string.Empty)}. Create {(one ? "one" : "them")} with New-Network -Sizes {data.InputSize},{NetworkDesign.BookHiddenNeurons},{data.ClassCount}.");
    }

    /// <summary>
    /// One output neuron per class, or, for two classes, one neuron that fires for class 1: the answers
    /// <see cref="Prediction.Answer"/> gives are then exactly the classes.
    /// </summary>
    public static bool OutputsFit(int outputs, int classes) => outputs == 1 ? classes == 2 : outputs == classes;

    /// <summary>The desired output for <paramref name="label"/>: 1 at its neuron (one-hot), or, for a single output neuron, the label itself (fire for class 1).</summary>
    public static int OneHotTarget(int label, int outputs, out float value)
    {
        value = outputs == 1 ? label : 1f;
        return outputs == 1 ? 0 : label;
    }
}
