namespace NndlPS.Core;

/// <summary>
/// What made a run, as far as its results tell: each null when not known. Two runs on one picture are named by the
/// settings in which they differ, so a quadratic and a cross-entropy run with the same η and seed are told apart.
/// </summary>
public sealed record CurveSettings(
    CostKind? Cost = null,
    string? Sizes = null,
    ActivationKind? Activation = null,
    ActivationKind? OutputActivation = null,
    WeightInitialization? Initialization = null,
    float? LearningRate = null,
    int? MiniBatchSize = null,
    float? Lambda = null,
    float? Momentum = null,
    int? Seed = null,
    string? Layers = null)
{
    /// <summary>
    /// Each known setting as the picture writes it, in the order chapter 3 varies them: cost, neurons, initialisation,
    /// λ, η, …; <c>Default</c> marks a setting that is off (λ 0, μ 0), which a title need not name.
    /// </summary>
    public IReadOnlyList<(string Name, string Text, bool Default)> Parts()
    {
        var parts = new List<(string, string, bool)>();
        void Add(string name, object? value, Func<string> text)
        {
            if (value is not null)
            {
                parts.Add((name, text(), value is 0f));
            }
        }

        Add(nameof(Cost), Cost, () => CostName(Cost!.Value) + " cost");
        if (!string.IsNullOrEmpty(Layers))
        {
            // Chapter 6's layer list names every layer's neurons and activation: sizes and activations would repeat
            // it in other words (and a convolutional network's sizes start at its last feature maps, not its input).
            Add(nameof(Layers), Layers, () => Layers!);
        }
        else
        {
            Add(nameof(Sizes), string.IsNullOrEmpty(Sizes) ? null : Sizes, () => $"[{Sizes}]");
            Add(nameof(Activation), Activation, () => Activation!.Value.ToString().ToLowerInvariant());
            Add(nameof(OutputActivation), OutputActivation == Activation ? null : OutputActivation, () => $"{OutputActivation!.Value.ToString().ToLowerInvariant()} output");
        }

        Add(nameof(Initialization), Initialization, () => Initialization switch
        {
            WeightInitialization.ScaledGaussian => "weights N(0,1/n)",
            WeightInitialization.FanIn => "weights N(0,1/n or 2/n for ReLU)",
            _ => "weights N(0,1)",
        });
        Add(nameof(Lambda), Lambda, () => $"λ {Lambda:0.#####}");
        Add(nameof(LearningRate), LearningRate, () => $"η {LearningRate:0.#####}");
        Add(nameof(Momentum), Momentum, () => $"μ {Momentum:0.###}");
        Add(nameof(MiniBatchSize), MiniBatchSize, () => $"batch {MiniBatchSize}");
        Add(nameof(Seed), Seed, () => $"seed {Seed}");
        return parts;
    }

    /// <summary>The cost's name as chapter 3 writes it.</summary>
    public static string CostName(CostKind cost) => cost switch
    {
        CostKind.CrossEntropy => "cross-entropy",
        CostKind.LogLikelihood => "log-likelihood",
        _ => "quadratic",
    };
}

/// <summary>
/// One epoch on a learning curve: the accuracies and costs it measured (null where not measured). Accuracies are
/// fractions in [0, 1]; the test set is the one the run was evaluated on (-TestData, or a dataset's Test set).
/// </summary>
public readonly record struct CurveEpoch(
    int Epoch,
    double? TestAccuracy = null,
    double? ValidationAccuracy = null,
    double? TrainingAccuracy = null,
    double? TrainingCost = null,
    double? TestCost = null,
    IReadOnlyList<double>? LayerSpeed = null);

/// <summary>One run to draw: its epochs in order, its settings, and the epoch whose weights its network ended with, if not the last.</summary>
public sealed record CurveRun(IReadOnlyList<CurveEpoch> Epochs, CurveSettings Settings, int? KeptEpoch = null);
