using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "SgdSweep", DefaultParameterSetName = LocalSet)]
[OutputType(typeof(SweepResult), ParameterSetName = [LocalSet, SessionSet])]
[OutputType(typeof(string), ParameterSetName = [TransferSet])]
public sealed class InvokeSgdSweepCommand : NndlCmdlet
{
    private const string LocalSet = "Local";
    private const string SessionSet = "Session";
    private const string TransferSet = "Transfer";

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public MnistDataset Dataset { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = LocalSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SessionSet)]
    public IDictionary Grid { get; set; } = null!;

    [Parameter(ParameterSetName = LocalSet)]
    [Parameter(ParameterSetName = SessionSet)]
    [ValidateCount(1, 10_000)]
    public int[]? Seed { get; set; }

    [Parameter(ParameterSetName = LocalSet)]
    [Parameter(ParameterSetName = SessionSet)]
    [ValidateRange(1, SgdOptions.MaxEpochs)]
    [WholeNumber(Counts = "epochs")]
    public int? Epochs { get; set; }

    [Parameter(ParameterSetName = LocalSet)]
    [ValidateRange(1, 1024)]
    [WholeNumber]
    public int ThrottleLimit { get; set; } = Cores.Count;

    [Parameter(ParameterSetName = LocalSet)]
    [Parameter(ParameterSetName = SessionSet)]
    public string? Shard { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
    [ValidateNotNullOrEmpty]
    public PSSession[] Session { get; set; } = [];

    [Parameter(ParameterSetName = SessionSet)]
    public Hashtable ImportParameters { get; set; } = [];

    [Parameter(Mandatory = true, ParameterSetName = TransferSet, DontShow = true)]
    public string TransferRun { get; set; } = null!;

    protected override void ProcessRecord()
    {
        if (ParameterSetName == TransferSet)
        {
            TrainTransferredRun();
            return;
        }

        IReadOnlyList<SweepRunSpec> runs = PlanRuns();
        IReadOnlyList<ISweepLane> lanes = ParameterSetName == SessionSet
            ? Session.Select(session => (ISweepLane)new SessionSweepLane(session, MyInvocation.MyCommand.Module?.ModuleBase, ImportParameters, Dataset)).ToArray()
            : Enumerable.Range(0, Math.Min(LimitToCores(ThrottleLimit, nameof(ThrottleLimit))!.Value, Math.Max(1, runs.Count))).Select(_ => (ISweepLane)new LocalSweepLane(Dataset)).ToArray();
        WriteVerbose($"Sweeping {runs.Count} runs on {lanes.Count} {(ParameterSetName == SessionSet ? "sessions" : "threads")}: {string.Join(" | ", runs.Take(3))}{(runs.Count > 3 ? " | ..." : string.Empty)}");

        var progress = new SweepProgressWriter(this, $"Sweep of {runs.Count} trainings");
        var sweep = new SgdSweep(runs, lanes);
        try
        {
            using IEnumerator<SweepResult> results = sweep.Run(progress, CancellationToken).GetEnumerator();
            while (Invoke(() => results.MoveNext()))
            {
                SweepResult result = results.Current;
                if (result.Error is null)
                {
                    WriteObject(result);
                }
                else
                {
                    WriteError(new ErrorRecord(new InvalidOperationException($"{result.Run} failed on {result.RanOn}: {result.Error}"),
                        "SweepRunFailed", ErrorCategory.OperationStopped, result.Run));
                }
            }
        }
        catch (OperationCanceledException)
        {
            return; // Ctrl+C: every run has stopped (the sweep joins its threads before returning)
        }

        progress.Complete();
    }

    private IReadOnlyList<SweepRunSpec> PlanRuns()
    {
        var grid = new List<KeyValuePair<string, IReadOnlyList<object>>>();
        foreach (DictionaryEntry entry in Grid)
        {
            string key = LanguagePrimitives.ConvertTo<string>(entry.Key);
            SweepSetting setting = Invoke(() => SweepSetting.Get(key));
            if (setting.Name == nameof(SgdOptions.Epochs) && Epochs is not null)
            {
                ThrowTerminating("SweepGridKeyRepeated", ErrorCategory.InvalidArgument,
                    $"Epochs is given both by -Epochs and in the grid. Give it once: -Epochs for every run, or Epochs = a, b in the grid to vary it.", key);
            }

            grid.Add(new(setting.Name, Values(setting, entry.Value)));
        }

        if (Shard is not null && Seed is null)
        {
            ThrowTerminating("SweepShardNeedsSeed", ErrorCategory.InvalidArgument,
                "-Shard needs -Seed: every shard must train the same runs, and a seed picked at random would differ from machine to machine. Add -Seed 1 (or a list of seeds).", Shard);
        }

        int[] seeds = Seed ?? [Random.Shared.Next()];
        var baseline = new SgdOptions();
        baseline = baseline with { Epochs = Epochs ?? baseline.Epochs };
        var imageShape = new ImageShape(1, Dataset.Training.ImageRows, Dataset.Training.ImageColumns);
        SweepPlan plan = Invoke(() => SweepPlan.Create(grid, seeds, baseline, new NetworkDesign(), Dataset.Training.InputSize, Dataset.Training.ClassCount, imageShape));
        IReadOnlyList<SweepRunSpec> runs = plan.Runs;
        if (Shard is not null)
        {
            (int index, int count) = ParseShard(Shard);
            runs = Invoke(() => plan.Shard(index, count));
            WriteVerbose($"Shard {index}/{count}: {runs.Count} of {plan.Runs.Count} runs (run r belongs to shard r mod {count}).");
        }

        Invoke(() =>
        {
            SweepPlan.RequireScorable(Dataset, runs);
            SweepPlan.Validate(runs, Dataset.Training);
            return 0;
        });
        return runs;
    }

    /// <summary>
    /// A grid value as the setting's values: a list is several values. For Sizes a list of numbers is one network,
    /// a list of lists (or of texts such as '784,30,10') several. $null is refused, never converted to 0.
    /// </summary>
    private IReadOnlyList<object> Values(SweepSetting setting, object? value)
    {
        if (setting.ValueType == typeof(LayerDesign[]))
        {
            return LayerLists(setting, value);
        }

        bool sizes = setting.ValueType == typeof(int[]);
        object? raw = Unwrap(value);
        IEnumerable<object?> items = raw switch
        {
            string or null => [raw],
            IEnumerable list when sizes && !list.Cast<object?>().Any(item => Unwrap(item) is string || IsList(item)) => [raw], // Sizes = 784,30,10: one network
            IEnumerable list => list.Cast<object?>(),
            _ => [raw],
        };
        var values = new List<object>();
        foreach (object? given in items)
        {
            object? item = Unwrap(given); // the kind check reads what was given: a deserialized kind is known by its wrapper
            if (item is null || (sizes && item is IEnumerable numbers and not string && numbers.Cast<object?>().Any(n => Unwrap(n) is null)))
            {
                ThrowTerminating("SweepGridValueInvalid", ErrorCategory.InvalidArgument,
                    $"The grid's {setting.Name} holds an empty value ($null), which would silently become 0. Give real values, e.g. {Example(setting)}, or leave the key out to use the default.", setting.Name);
            }

            // Numbers only: a text is ParseSizes' to read below, which refuses '30.5' (it never rounded it).
            // (784, 30.5, 10) made 30 neurons; a loose 30.5 beside the lists, one layer of 30.
            object?[] layerSizes = sizes && item is not string ? (item is IEnumerable list ? list.Cast<object?>().Select(Unwrap).ToArray() : [item]) : [];
            if (layerSizes.Select(WholeNumberAttribute.Fraction).FirstOrDefault(fraction => fraction is not null) is (string size, double neurons))
            {
                string network = item is IEnumerable ? $"({string.Join(", ", layerSizes.Select(n => WholeNumberAttribute.Fraction(n)?.Given ?? $"{n}"))}): " : string.Empty;
                ThrowGridValue(setting, $"{network}{WholeNumberAttribute.Rounding(size, neurons, "neurons")}", item);
            }

            if (sizes && item is string text)
            {
                values.Add(Invoke(() => SweepSetting.ParseSizes(text)));
                continue;
            }

            if ((Nullable.GetUnderlyingType(setting.ValueType) ?? setting.ValueType) is { IsEnum: true } kind && KindNameAttribute.Problem(kind, given) is string problem)
            {
                // 'Sigmoid,Tanh' was one run of tanh: PowerShell ORs the names into one kind.
                string[] names = item is string several ? several.Split(',', StringSplitOptions.TrimEntries) : [];
                ThrowTerminating("SweepGridValueInvalid", ErrorCategory.InvalidArgument,
                    $"The grid's {setting.Name} value {problem} Give each value apart, by name ({KindNameAttribute.Names(kind)}), e.g. {(names.Length > 1 ? $"{setting.Name} = {string.Join(", ", names.Select(n => $"'{n}'"))}" : Example(setting))}.", item);
            }

            bool number = IsNumber(setting.AskedType);
            if (number && item is string numberText)
            {
                // As Invoke-SgdTraining's [StrictNumber] reads it: PowerShell's conversion took '0,5' (a CSV grid
                // saved in a comma culture) as 5, and '0x3' as 3.
                item = StrictNumberAttribute.TryParse(numberText, out double parsed) ? parsed
                    : ThrowGridValue(setting, $"'{numberText}' is not a number as PowerShell writes one: {StrictNumberAttribute.Advice}", item);
            }

            if (IsWhole(setting.AskedType) && WholeNumberAttribute.Fraction(item) is (string fraction, double fractional))
            {
                // PowerShell's conversion would round it: Epochs = 1, 1.4 trained 1 epoch twice, Epochs = 2.5 two.
                ThrowGridValue(setting, WholeNumberAttribute.Rounding(fraction, fractional, counts: null), item);
            }

            object asked;
            try
            {
                // As the setting reads it (a double for a float option), then kept by the engine, which refuses a
                // number the float would not hold, as Invoke-SgdTraining does.
                asked = LanguagePrimitives.ConvertTo(item, setting.AskedType, CultureInfo.InvariantCulture);
            }
            catch (PSInvalidCastException)
            {
                // Quoted as given, or as a number in the invariant culture (a double in de-DE read '2147483648,5').
                string shown = given is string typed ? typed : item is IFormattable formattable ? formattable.ToString(null, CultureInfo.InvariantCulture) : $"{item}";
                string wanted = !number ? $"a {setting.ValueType.Name}"
                    : IsWhole(setting.AskedType) ? $"a whole number {setting.Name} can hold (at most {int.MaxValue.ToString(CultureInfo.InvariantCulture)})"
                    : "a number";
                asked = ThrowGridValue(setting, $"'{shown}' is not {wanted}", item);
            }

            try
            {
                values.Add(setting.Keep(asked));
            }
            catch (NndlException ex)
            {
                // The engine's words, after the key they are about: a grid of several keys would leave it to a guess.
                ThrowTerminatingError(ToErrorRecord(new NndlException(ex.ErrorId, ex.Kind, $"The grid's {setting.Name}: {char.ToLowerInvariant(ex.Message[0])}{ex.Message[1..]}", ex.Target, ex)));
            }
        }

        return values;

        static object? Unwrap(object? item) => item is PSObject p ? p.BaseObject : item;
        // A grid's numbers are asked for as ints or, for the float options, as doubles (SweepSetting.AskedType).
        static bool IsWhole(Type type) => type == typeof(int);
        static bool IsNumber(Type type) => type == typeof(int) || type == typeof(double);
        static bool IsList(object? item) => Unwrap(item) is IEnumerable and not string;
    }

    /// <summary>
    /// Layers' values: a list of layers is one network (Layers = $conv, $fc, $softmax), a list of such lists several
    /// (Layers = ($conv, $softmax), ($conv, $fc, $softmax)), as Sizes reads numbers; a text is one network as the
    /// results show it (Layers = 'ConvPool 20@5x5, pool 2x2 relu + Softmax 10', …).
    /// </summary>
    private IReadOnlyList<object> LayerLists(SweepSetting setting, object? value)
    {
        object? raw = Unwrap(value);
        List<object?> items = raw is IEnumerable list and not string ? list.Cast<object?>().Select(LayerItem).ToList() : [LayerItem(value)];
        if (items.Any(item => item is LayerDesign) && !items.All(item => item is LayerDesign))
        {
            // $conv, 'Softmax 10' is one network to New-Network but would be two here ([$conv] and [Softmax 10]), each
            // possibly valid: a different sweep than meant, silently. Refused, with both ways to say either.
            ThrowTerminating("SweepGridValueInvalid", ErrorCategory.InvalidArgument,
                $"The grid's Layers mixes layer objects with {(items.FirstOrDefault(item => item is not LayerDesign) is string ? "texts" : "other values")} at its top level, which could mean one network or several. Give one network as its layer objects or as one text, and several as a list of those: {Example(setting)}.", setting.Name);
        }

        IEnumerable<object?> networks = items.Count > 0 && items.All(item => item is LayerDesign) ? [items] : items;
        var values = new List<object>();
        foreach (object? network in networks)
        {
            if (network is string text)
            {
                values.Add(Invoke(() => LayerText.Parse(text))); // one network, as the results show it
                continue;
            }

            List<object?> layers = network is IEnumerable each and not string ? each.Cast<object?>().Select(LayerItem).ToList() : [network];
            if (layers.Count == 0 || layers.Any(layer => layer is not LayerDesign))
            {
                object? wrong = layers.FirstOrDefault(layer => layer is not LayerDesign);
                ThrowTerminating("SweepGridValueInvalid", ErrorCategory.InvalidArgument,
                    $"The grid's Layers holds {(layers.Count == 0 ? "an empty list" : wrong is null ? "an empty value ($null)" : $"'{wrong}', not a layer")}. Give each network's layers as New-ConvPoolLayer, New-FullyConnectedLayer and New-SoftmaxLayer make them, e.g. {Example(setting)}.", setting.Name);
            }

            values.Add(layers.Cast<LayerDesign>().ToArray());
        }

        return values;
    }

    private static object? Unwrap(object? item) => item is PSObject p ? p.BaseObject : item;

    /// <summary>An item of Layers as it is, or the layer a deserialized one (Import-Clixml, remoting) stands for.</summary>
    private object? LayerItem(object? item) =>
        LayerTextAttribute.IsDeserializedLayer(item) ? Invoke(() => LayerTextAttribute.Rebuild((PSObject)item!)) : Unwrap(item);

    /// <summary>Refuses a grid value with SweepGridValueInvalid, saying how the setting takes its values; never returns.</summary>
    private object ThrowGridValue(SweepSetting setting, string problem, object? item)
    {
        ThrowTerminating("SweepGridValueInvalid", ErrorCategory.InvalidArgument,
            $"The grid's {setting.Name} value {problem}. Give values as New-Network and Invoke-SgdTraining take them, e.g. {Example(setting)}.", item);
        throw new InvalidOperationException("ThrowTerminating returned."); // not reached
    }

    private static string Example(SweepSetting setting) => setting.ValueType switch
    {
        Type t when t == typeof(LayerDesign[]) => "Layers = ($conv, $softmax), ($conv, $fc, $softmax) with $conv = New-ConvPoolLayer 20, $fc = New-FullyConnectedLayer 100, $softmax = New-SoftmaxLayer 10, or as text: Layers = 'ConvPool 20@5x5, pool 2x2 relu + Softmax 10'",
        Type t when t == typeof(int[]) => "Sizes = (784,30,10), (784,100,10) or Sizes = '784,30,10', '784-100-10'",
        Type t when t.IsEnum => $"{setting.Name} = {string.Join(", ", Enum.GetNames(t).Take(2))}",
        _ => $"{setting.Name} = 1, 2",
    };

    private (int Index, int Count) ParseShard(string text)
    {
        string[] parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int count))
        {
            return (index, count);
        }

        ThrowTerminating("SweepShardInvalid", ErrorCategory.InvalidArgument,
            $"-Shard '{text}' is not i/N. Write e.g. -Shard 0/4 for the first of four shards (0-based: i from 0 to N-1).", text);
        return default;
    }

    private void TrainTransferredRun()
    {
        SweepRunSpec run = Invoke(() => SweepTransfer.ReadRun(TransferRun));
        Invoke(() =>
        {
            SweepPlan.RequireScorable(Dataset, [run]);
            SweepPlan.Validate([run], Dataset.Training); // the text came from elsewhere: every check a local run gets
            return run;
        });
        SweepOutcome outcome;
        try
        {
            outcome = Invoke(() => SweepTraining.Train(Dataset, run, null, CancellationToken));
        }
        catch (OperationCanceledException)
        {
            return;
        }

        WriteObject(SweepTransfer.WriteOutcome(outcome));
    }

    /// <summary>
    /// Shows the whole sweep's progress with Write-Progress and a dropped session with Write-Warning. The engine
    /// reports on the thread enumerating its results, which is the pipeline thread, so both calls are safe.
    /// </summary>
    private sealed class SweepProgressWriter(Cmdlet cmdlet, string activity) : IProgress<SweepProgress>
    {
        private readonly ProgressThrottle _throttle = new();
        private readonly ProgressRecord _record = new(2, activity, "Starting");

        public void Report(SweepProgress value)
        {
            if (value.Notice is string notice)
            {
                cmdlet.WriteWarning(notice);
                return;
            }

            if (!_throttle.ShouldWrite())
            {
                return;
            }

            _record.StatusDescription = $"{value.Finished} of {value.Total} runs finished, {value.Running} running";
            _record.PercentComplete = (int)value.Percent;
            cmdlet.WriteProgress(_record);
        }

        public void Complete()
        {
            _record.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(_record);
        }
    }
}
