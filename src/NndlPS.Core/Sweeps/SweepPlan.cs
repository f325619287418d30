using System.Globalization;

namespace NndlPS.Core;

/// <summary>
/// The runs of a sweep, in a fixed order that every machine computes alike:
/// the grid's keys are taken in <see cref="SweepSetting.All"/>'s order (Sizes, Activation, OutputActivation, Cost,
/// Initialization, Epochs, MiniBatchSize, LearningRate, Lambda, Momentum, …), whatever order they were typed in;
/// each key's values in the order given; the first key varies slowest and the seed fastest. Run r of that list
/// (0-based) belongs to shard r mod N, so a shard is a fixed slice whatever machine computes it, and every shard
/// gets a share of the cheap and the costly settings.
/// </summary>
public sealed class SweepPlan
{
    private SweepPlan(IReadOnlyList<SweepRunSpec> runs) => Runs = runs;

    /// <summary>Every run, in enumeration order (<see cref="SweepRunSpec.Index"/> = position).</summary>
    public IReadOnlyList<SweepRunSpec> Runs { get; }

    /// <summary>
    /// The runs of <paramref name="grid"/> × <paramref name="seeds"/>, each starting from <paramref name="baseline"/>
    /// and <paramref name="design"/>; networks are [inputs, 30, classes] unless the grid gives Sizes.
    /// </summary>
    /// <remarks>
    /// The grid maps a setting's name to its values, each already of <see cref="SweepSetting.ValueType"/> or, for a
    /// float option, as <see cref="SweepSetting.Keep"/> gives it (the number as given beside its float).
    /// </remarks>
    /// <exception cref="NndlException">SweepGridKeyUnknown, SweepGridKeyRepeated, SweepGridValuesEmpty, SweepGridValueInvalid, SweepGridValueRepeated, SweepSeedRequired.</exception>
    public static SweepPlan Create(IEnumerable<KeyValuePair<string, IReadOnlyList<object>>> grid, IReadOnlyList<int> seeds,
        SgdOptions baseline, NetworkDesign design, int inputSize, int classCount, ImageShape? inputShape = null)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(seeds);
        var byKey = new Dictionary<SweepSetting, IReadOnlyList<object>>();
        foreach ((string name, IReadOnlyList<object> values) in grid)
        {
            SweepSetting setting = SweepSetting.Get(name);
            if (!byKey.TryAdd(setting, values))
            {
                throw new NndlException("SweepGridKeyRepeated", NndlErrorKind.InvalidArgument,
                    $"The grid names {setting.Name} twice. Give each setting once, with all its values: {setting.Name} = a, b, c.", setting.Name);
            }

            if (values.Count == 0)
            {
                throw new NndlException("SweepGridValuesEmpty", NndlErrorKind.InvalidArgument,
                    $"The grid gives no values for {setting.Name}. Give at least one, or leave the key out to use the default.", setting.Name);
            }

            // Null, or a value the host did not convert: a run would silently train on 0 or fail mid-sweep.
            if (values.FirstOrDefault(value => !setting.ValueType.IsInstanceOfType(SweepSetting.Kept(value)), NotFound) is var wrong && wrong != NotFound)
            {
                throw new NndlException("SweepGridValueInvalid", NndlErrorKind.InvalidArgument,
                    $"The grid's {setting.Name} holds {(wrong is null ? "an empty value ($null)" : $"'{wrong}', not a {setting.ValueType.Name}")}. Give each value as New-Network and Invoke-SgdTraining take it; leave the key out to use the default.", setting.Name);
            }

            RequireDistinct(setting, values);
        }

        RequireLayersAlone(byKey.Keys);
        if (seeds.Count == 0)
        {
            throw new NndlException("SweepSeedRequired", NndlErrorKind.InvalidArgument, "A sweep needs at least one seed.");
        }

        if (seeds.GroupBy(seed => seed).FirstOrDefault(group => group.Count() > 1) is { } repeated)
        {
            throw new NndlException("SweepSeedRepeated", NndlErrorKind.InvalidArgument,
                string.Create(CultureInfo.InvariantCulture, $"-Seed gives {repeated.Key} {repeated.Count()} times, and a seed trains every combination once: a repeated seed would train the same runs again, to the same numbers. Give each seed once (seeds taken from results: Select-Object -Unique)."),
                repeated.Key.ToString(CultureInfo.InvariantCulture));
        }

        var ordered = SweepSetting.All.Where(byKey.ContainsKey).Select(s => (Setting: s, Values: byKey[s])).ToArray();
        // Saturated just past the bound: every factor is below 2^31, so each product stays below 2^52 and never wraps
        // (65536 values in each of four keys is 2^64 runs, which a plain long product makes 0).
        long count = ordered.Aggregate((long)seeds.Count, (product, key) => Math.Min(product * key.Values.Count, MaxRuns + 1L));
        if (count > MaxRuns)
        {
            string product = string.Join(" × ", ordered.Select(key => $"{key.Values.Count:N0} {key.Setting.Name}").Append($"{seeds.Count:N0} seeds"));
            throw new NndlException("SweepTooLarge", NndlErrorKind.InvalidArgument,
                $"The grid makes more than {MaxRuns:N0} runs ({product}), the most one sweep may hold. Split it into several sweeps.");
        }

        var start = new SweepRunSpec
        {
            Sizes = [inputSize, NetworkDesign.BookHiddenNeurons, classCount], Design = design, Options = baseline,
            InputShape = inputShape ?? new ImageShape(1, 28, 28),
            DefaultLearningRate = !byKey.Keys.Any(key => key.Name == nameof(SgdOptions.LearningRate)) && baseline.LearningRate == SgdOptions.BookLearningRate,
        };
        bool costGiven = byKey.Keys.Any(key => key.Name == nameof(NetworkDesign.Cost));
        var runs = new List<SweepRunSpec>((int)count);
        var seen = new HashSet<string>();
        bool scheduleSettingsUsed = false;
        var choice = new int[ordered.Length]; // an odometer over the keys' values: the last key turns fastest
        for (long combination = 0; combination < count / seeds.Count; combination++)
        {
            SweepRunSpec run = start;
            var settings = new List<KeyValuePair<string, object>>(ordered.Length);
            for (int k = 0; k < ordered.Length; k++)
            {
                object value = ordered[k].Values[choice[k]];
                run = ordered[k].Setting.Apply(run, value);
                settings.Add(new(ordered[k].Setting.Name, SweepSetting.Kept(value)));
            }

            if (run.Layers is not null && costGiven)
            {
                run = run with { LayersCost = run.Design.Cost };
            }

            // Patience and MinimumLearningRate only tune the HalveOnPlateau schedule. A grid that compares schedules
            // crosses them with Constant too: those runs drop them (and are trained once, not once per value), so
            // only a sweep where no run has the schedule is refused for them, as Invoke-SgdTraining refuses them.
            if (run.Options.LearningRateSchedule == LearningRateSchedule.HalveOnPlateau)
            {
                scheduleSettingsUsed |= run.Options.Patience is not null || run.Options.MinimumLearningRate is not null;
            }
            else
            {
                run = run with { Options = run.Options with { Patience = null, MinimumLearningRate = null }, GivenMinimumLearningRate = null };
                settings.RemoveAll(setting => IsScheduleSetting(setting.Key));
            }

            if (seen.Add(string.Join(";", settings.Select(setting => $"{setting.Key}={Format(setting.Value)}"))))
            {
                foreach (int seed in seeds)
                {
                    runs.Add(run with { Index = runs.Count, Seed = seed, Settings = settings.ToArray() });
                }
            }

            for (int k = ordered.Length - 1; k >= 0 && ++choice[k] == ordered[k].Values.Count; k--)
            {
                choice[k] = 0;
            }
        }

        bool scheduleSettingsGiven = baseline.Patience is not null || baseline.MinimumLearningRate is not null
            || ordered.Any(key => IsScheduleSetting(key.Setting.Name));
        if (scheduleSettingsGiven && !scheduleSettingsUsed)
        {
            string name = baseline.Patience is not null || byKey.Keys.Any(key => key.Name == nameof(SgdOptions.Patience))
                ? nameof(SgdOptions.Patience) : nameof(SgdOptions.MinimumLearningRate);
            throw new NndlException("ParameterHasNoEffect", NndlErrorKind.InvalidArgument,
                $"{name} only tunes -LearningRateSchedule HalveOnPlateau, and no run of this sweep has that schedule. Add LearningRateSchedule = 'HalveOnPlateau' to the grid (or pass -LearningRateSchedule HalveOnPlateau), or leave {name} out.", name);
        }

        return new SweepPlan(runs);
    }

    /// <summary>
    /// A layer list says everything New-Network -Sizes's design keys would (each layer's neurons and activation; its
    /// weights start as chapter 6's do), so a grid gives one or the other, as New-Network takes -Layers or -Sizes.
    /// </summary>
    private static void RequireLayersAlone(IEnumerable<SweepSetting> keys)
    {
        string[] names = keys.Select(key => key.Name).ToArray();
        if (!names.Contains("Layers"))
        {
            return;
        }

        string[] conflicting = names.Where(name => name is "Sizes" or nameof(NetworkDesign.Activation) or nameof(NetworkDesign.OutputActivation) or nameof(NetworkDesign.Initialization)).ToArray();
        if (conflicting.Length > 0)
        {
            throw new NndlException("SweepGridKeyConflict", NndlErrorKind.InvalidArgument,
                $"The grid gives Layers and {string.Join(" and ", conflicting)}: a layer list already says each layer's size and activation, and chapter 6's layers start " +
                "their weights their own way. Give each network's layers in Layers (e.g. New-FullyConnectedLayer 100 -Activation ReLU), or sweep -Sizes networks in a sweep of their own.",
                conflicting[0]);
        }
    }

    /// <summary>
    /// Refuses two values of one key that a run keeps alike: the same value twice, or two numbers that are one float
    /// as training keeps them (LearningRate = 0.1, 0.1000000001). Either made one run of the two, silently, as the
    /// runs of a combination are told apart by their settings as kept (<see cref="Format"/>).
    /// </summary>
    private static void RequireDistinct(SweepSetting setting, IReadOnlyList<object> values)
    {
        var first = new Dictionary<string, object>();
        foreach (object value in values)
        {
            string kept = Format(SweepSetting.Kept(value));
            if (!first.TryAdd(kept, value))
            {
                string a = SweepSetting.Given(first[kept]), b = SweepSetting.Given(value);
                throw new NndlException("SweepGridValueRepeated", NndlErrorKind.InvalidArgument, a == b
                    ? $"The grid's {setting.Name} gives {a} twice, and a sweep trains each combination once per seed. Give each value once (values taken from results: Select-Object -Unique); to train a setting again, add seeds: -Seed 1, 2."
                    : $"The grid's {setting.Name} gives {a} and {b}, which are one float as training keeps them ({kept}), so they would train the same network, as one run. Give values that differ as floats, or one of them.",
                    setting.Name);
            }
        }
    }

    private static bool IsScheduleSetting(string name) => name is nameof(SgdOptions.Patience) or nameof(SgdOptions.MinimumLearningRate);

    private static readonly object NotFound = new();

    /// <summary>More runs than this is a typo (a grid pasted twice), not a sweep.</summary>
    public const int MaxRuns = 1_000_000;

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/> (0-based): the runs r with r mod count = index.</summary>
    /// <exception cref="NndlException">SweepShardInvalid.</exception>
    public IReadOnlyList<SweepRunSpec> Shard(int index, int count)
    {
        if (count < 1 || index < 0 || index >= count)
        {
            throw new NndlException("SweepShardInvalid", NndlErrorKind.InvalidArgument,
                $"Shard {index}/{count} does not exist: write -Shard i/N with N at least 1 and i from 0 to N-1 (0-based, like a Kubernetes completion index).");
        }

        return Runs.Where(run => run.Index % count == index).ToArray();
    }

    /// <summary>
    /// Refuses a dataset the runs cannot be trained and scored on, before any run starts: every run trains on the
    /// Training set and evaluates its Test set each epoch, and a run that stops early or halves η watches the
    /// Validation set. An empty one would fail every run alike, each with a SweepRunFailed of its own (or, before the
    /// Test set was checked, score each 0 of 0 as 0%).
    /// </summary>
    /// <exception cref="NndlException">EvaluationDataEmpty, TrainingDataEmpty, ValidationDataRequired (naming the first run that needs it).</exception>
    public static void RequireScorable(MnistDataset data, IEnumerable<SweepRunSpec> runs)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(runs);
        ShapeCheck.RequireImages(data.Test);
        ShapeCheck.RequireTraining(data.Training, "No run of the sweep would learn anything: pipe a dataset with training images (Import-Mnist -First 1000 keeps 1,000).");

        foreach (SweepRunSpec run in runs)
        {
            try
            {
                // As the run's trainer will check it (SgdTrainer.Train(MnistDataset)): the same sets, the same words.
                run.TrainerOptions.ValidateData(hasTestData: true, run.TrainerOptions.WatchesValidation ? data.Validation : null, takesValidationData: false);
            }
            catch (NndlException ex)
            {
                throw ForRun(run, ex);
            }
        }
    }

    /// <summary>
    /// Checks every run before any starts, so a bad combination (a softmax hidden layer, a cost that does not suit
    /// the output, sizes that do not fit the data, an out-of-range η) fails the sweep at once, naming the run.
    /// </summary>
    public static void Validate(IEnumerable<SweepRunSpec> runs, ImageSet training)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(training);
        var checkedDesigns = new HashSet<(int, NetworkDesign)>();
        var checkedLayers = new HashSet<string>();
        foreach (SweepRunSpec run in runs)
        {
            try
            {
                run.TrainerOptions.Validate(run.GivenLearningRate, run.GivenMinimumLearningRate, run.DefaultLearningRate);
                if (run.Layers is not null)
                {
                    // Made once per layer list (and batch size): Network.Create checks every shape and bounds the size
                    // before it allocates, and the made network is checked as Invoke-SgdTraining would check it.
                    if (checkedLayers.Add($"{run.NetworkText}|{run.LayersCost}|{run.TrainerOptions.MiniBatchSize}"))
                    {
                        Network network = run.CreateNetwork();
                        ShapeCheck.RequireFit(network, training);
                        TrainingBuffers.RequireFit(network, run.TrainerOptions.MiniBatchSize);
                        SgdTrainer.RequireTrainable(network);
                    }

                    continue;
                }

                if (run.Sizes.Length < 2 || run.Sizes.Any(size => size < 1))
                {
                    throw new NndlException("SweepSizesInvalid", NndlErrorKind.InvalidArgument,
                        $"Sizes must list at least two layers of at least one neuron each, input first (784,30,10); got {Format(run.Sizes)}.");
                }

                // Every run's own sizes, bounded before any run starts (the probe below has the layers but not the neurons).
                NetworkLimits.RequireWithin(run.Sizes);
                TrainingBuffers.RequireFit(run.Sizes, run.TrainerOptions.MiniBatchSize);
                ShapeCheck.RequireFit(run.Sizes, training);

                if (checkedDesigns.Add((run.Sizes.Length, run.Design)))
                {
                    // A network of ones has the same layers and neurons as the real one, for nothing.
                    var probe = new Network(Enumerable.Repeat(1, run.Sizes.Length).ToArray(), Activations.Get(run.Design.Activation),
                        Activations.Get(run.Design.OutputActivation ?? run.Design.Activation), Costs.Get(run.Design.Cost));
                    SgdTrainer.RequireTrainable(probe);
                }
            }
            catch (NndlException ex)
            {
                throw ForRun(run, ex);
            }
        }
    }

    /// <summary>A run's refusal, naming the run.</summary>
    private static NndlException ForRun(SweepRunSpec run, NndlException ex) => new(ex.ErrorId, ex.Kind, $"{run}: {ex.Message}", ex.Target, ex);

    /// <summary>A setting's value as a person (and a CSV file) reads it: sizes as 784,30,10, numbers invariant.</summary>
    public static string Format(object value) => value switch
    {
        int[] sizes => string.Join(",", sizes),
        IEnumerable<LayerDesign> layers => LayerText.Format(layers),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
