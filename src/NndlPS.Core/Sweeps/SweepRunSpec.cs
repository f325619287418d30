namespace NndlPS.Core;

/// <summary>
/// One training of a sweep: New-Network -Sizes <see cref="Sizes"/> (with <see cref="Design"/>) -Seed
/// <see cref="Seed"/> — or, for chapter 6, New-Network -InputShape <see cref="InputShape"/> -Layers <see cref="Layers"/>
/// [-Cost <see cref="LayersCost"/>] -Seed <see cref="Seed"/> — then Invoke-SgdTraining with <see cref="Options"/>
/// (-Seed <see cref="Seed"/> -Threads 1). <see cref="Index"/> is its place in the sweep's enumeration (see <see cref="SweepPlan"/>).
/// </summary>
public sealed record SweepRunSpec
{
    public int Index { get; init; }

    public int Seed { get; init; }

    public int[] Sizes { get; init; } = [];

    public NetworkDesign Design { get; init; } = new();

    /// <summary>Chapter 6's layers after the input, or null for a network of <see cref="Sizes"/>.</summary>
    public IReadOnlyList<LayerDesign>? Layers { get; init; }

    /// <summary>The images' shape a network of <see cref="Layers"/> takes (the dataset's: 1×28×28 for MNIST).</summary>
    public ImageShape InputShape { get; init; } = new(1, 28, 28);

    /// <summary>The cost of a network of <see cref="Layers"/> when the grid varies it; null: as New-Network -Layers chooses (log-likelihood under softmax).</summary>
    public CostKind? LayersCost { get; init; }

    /// <summary>A fresh network for this run, seeded, as New-Network would make it.</summary>
    public Network CreateNetwork() => Layers is null ? Network.Create(Sizes, Design, Seed) : Network.Create(InputShape, Layers, Seed, LayersCost);

    /// <summary>What the network is, as the run's settings show it: the sizes, or the layers.</summary>
    public string NetworkText => Layers is null ? SweepPlan.Format(Sizes) : SweepPlan.Format(Layers);

    public SgdOptions Options { get; init; } = new();

    /// <summary>The grid's values for this run, in enumeration order (what differs from the other runs).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Settings { get; init; } = [];

    /// <summary>
    /// η and the schedule's floor as the grid gave them (<see cref="SweepSetting.Keep"/>), for the run's refusals to
    /// quote as Invoke-SgdTraining quotes them: a floor of 2.99999999 is 3 as a float, not below η 3, and was refused
    /// as "got 3". Null where the grid gave no number (a float passed on, a default, a run from elsewhere): the options' floats are quoted.
    /// </summary>
    internal AskedFloat? GivenLearningRate { get; init; }

    /// <inheritdoc cref="GivenLearningRate"/>
    internal AskedFloat? GivenMinimumLearningRate { get; init; }

    /// <summary>
    /// Whether η is the default, which a refusal says it is: set by the plan when neither the grid nor the sweep's
    /// options set it; false for a run read from elsewhere (SweepTransfer), whose η may have been anyone's.
    /// </summary>
    internal bool DefaultLearningRate { get; init; }

    /// <summary>The options the trainer gets: this run's seed, one thread (runs side by side must not share cores).</summary>
    public SgdOptions TrainerOptions => Options with { Seed = Seed, Threads = 1 };

    public override string ToString() =>
        $"Run {Index}: {string.Join(", ", Settings.Select(s => $"{s.Key} {SweepPlan.Format(s.Value)}").Append($"Seed {Seed}"))}";
}
