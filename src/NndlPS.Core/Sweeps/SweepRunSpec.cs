namespace NndlPS.Core;

/// <summary>
/// One training of a sweep: New-Network -Sizes <see cref="Sizes"/> (with <see cref="Design"/>) -Seed
/// <see cref="Seed"/>, then Invoke-SgdTraining with <see cref="Options"/> (-Seed <see cref="Seed"/> -Threads 1).
/// <see cref="Index"/> is its place in the sweep's enumeration (see <see cref="SweepPlan"/>).
/// </summary>
public sealed record SweepRunSpec
{
    public int Index { get; init; }

    public int Seed { get; init; }

    public int[] Sizes { get; init; } = [];

    public NetworkDesign Design { get; init; } = new();

    public SgdOptions Options { get; init; } = new();

    /// <summary>The grid's values for this run, in enumeration order (what differs from the other runs).</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Settings { get; init; } = [];

    /// <summary>The options the trainer gets: this run's seed, one thread (runs side by side must not share cores).</summary>
    public SgdOptions TrainerOptions => Options with { Seed = Seed, Threads = 1 };

    public override string ToString() =>
        $"Run {Index}: {string.Join(", ", Settings.Select(s => $"{s.Key} {SweepPlan.Format(s.Value)}").Append($"Seed {Seed}"))}";
}
