using System.Globalization;

namespace NndlPS.Core;

/// <summary>
/// One key a sweep's grid may vary: a choice of New-Network (<see cref="NetworkDesign"/>, the sizes) or of
/// Invoke-SgdTraining (<see cref="SgdOptions"/>). <see cref="All"/> is also the enumeration order of a grid: the
/// first setting varies slowest, so the order of a grid's keys as the user typed them never matters (a hashtable
/// has no order, and shards on different machines must agree on which run is which).
/// </summary>
public sealed class SweepSetting
{
    private readonly Func<SweepRunSpec, object, SweepRunSpec> _apply;
    private readonly Func<double, float>? _ofDouble;

    private SweepSetting(string name, Type valueType, Func<SweepRunSpec, object, SweepRunSpec> apply, Func<double, float>? ofDouble = null)
    {
        Name = name;
        ValueType = valueType;
        _apply = apply;
        _ofDouble = ofDouble;
    }

    /// <summary>The key's name: the parameter of New-Network or Invoke-SgdTraining it stands for.</summary>
    public string Name { get; }

    /// <summary>The type each value must have (the host converts "Tanh" to <see cref="ActivationKind.Tanh"/>, 3 to 3f, …).</summary>
    public Type ValueType { get; }

    /// <summary>
    /// The type a host reads a grid's value as: a double for the options training keeps as floats, so that
    /// <see cref="Keep"/> rounds it and refuses what rounding would lose (LearningRate = 1e-50 was 0 as the host
    /// converted it to a float, Lambda = 1e-50 no L2 at all), as Invoke-SgdTraining does; else <see cref="ValueType"/>.
    /// </summary>
    public Type AskedType => _ofDouble is null ? ValueType : typeof(double);

    /// <summary>
    /// A value of <see cref="AskedType"/> as the setting keeps it: of <see cref="ValueType"/>, or for a float option an
    /// <see cref="AskedFloat"/>, the number as given beside its float, which <see cref="SweepPlan.Create"/> trains with
    /// and quotes as given (0.1 and 0.1000000001 are one float; a floor of 2.99999999 is not below η 3 as a float).
    /// </summary>
    /// <exception cref="NndlException">The option's own ErrorId (InvalidLearningRate, …) for a number the float would not hold.</exception>
    public object Keep(object asked)
    {
        if (_ofDouble is null)
        {
            return asked;
        }

        var number = new AskedFloat((double)asked);
        _ofDouble(number.Asked); // refuses, as given, a number the float would not hold
        return number;
    }

    /// <summary>A value as a run keeps it: a float option's number as given (<see cref="Keep"/>) is its float.</summary>
    internal static object Kept(object value) => value is AskedFloat number ? number.Value : value;

    /// <summary>A value as the user gave it, for messages: a number as typed, anything else as results show it.</summary>
    internal static string Given(object value) => value is AskedFloat number ? number.Typed : SweepPlan.Format(value);

    /// <summary>Every key a grid may hold, in enumeration order (the first varies slowest).</summary>
    public static IReadOnlyList<SweepSetting> All { get; } =
    [
        new("Sizes", typeof(int[]), (run, value) => run with { Sizes = (int[])value }),
        new("Layers", typeof(LayerDesign[]), (run, value) => run with { Layers = (LayerDesign[])value }),
        new("Activation", typeof(ActivationKind), (run, value) => run with { Design = run.Design with { Activation = (ActivationKind)value } }),
        new("OutputActivation", typeof(ActivationKind), (run, value) => run with { Design = run.Design with { OutputActivation = (ActivationKind)value } }),
        new("Cost", typeof(CostKind), (run, value) => run with { Design = run.Design with { Cost = (CostKind)value } }),
        new("Initialization", typeof(WeightInitialization), (run, value) => run with { Design = run.Design with { Initialization = (WeightInitialization)value } }),
        new("Epochs", typeof(int), (run, value) => run with { Options = run.Options with { Epochs = (int)value } }),
        new("MiniBatchSize", typeof(int), (run, value) => run with { Options = run.Options with { MiniBatchSize = (int)value } }),
        new("LearningRate", typeof(float), (run, value) => run with { Options = run.Options with { LearningRate = (float)Kept(value) }, GivenLearningRate = value as AskedFloat? }, SgdOptions.LearningRateOf),
        new("Lambda", typeof(float), (run, value) => run with { Options = run.Options with { Lambda = (float)Kept(value) } }, SgdOptions.LambdaOf),
        new("Momentum", typeof(float), (run, value) => run with { Options = run.Options with { Momentum = (float)Kept(value) } }, SgdOptions.MomentumOf),
        new("LearningRateSchedule", typeof(LearningRateSchedule), (run, value) => run with { Options = run.Options with { LearningRateSchedule = (LearningRateSchedule)value } }),
        new("Patience", typeof(int), (run, value) => run with { Options = run.Options with { Patience = (int)value } }),
        new("MinimumLearningRate", typeof(float), (run, value) => run with { Options = run.Options with { MinimumLearningRate = (float)Kept(value) }, GivenMinimumLearningRate = value as AskedFloat? }, SgdOptions.MinimumLearningRateOf),
        new("EarlyStopping", typeof(int), (run, value) => run with { Options = run.Options with { EarlyStopping = (int)value } }),
        new("Monitor", typeof(MonitorSeries), (run, value) => run with { Options = run.Options with { Monitor = (MonitorSeries)value } }),
    ];

    /// <summary>The setting called <paramref name="name"/> (ignoring case).</summary>
    /// <exception cref="NndlException">SweepGridKeyUnknown: no such setting; the message lists the ones there are.</exception>
    public static SweepSetting Get(string name)
    {
        SweepSetting? setting = All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        if (setting is not null)
        {
            return setting;
        }

        string hint = string.Equals(name, "Seed", StringComparison.OrdinalIgnoreCase)
            ? " Give seeds with -Seed: every combination is trained once per seed."
            : string.Equals(name, "Threads", StringComparison.OrdinalIgnoreCase)
                ? " A sweep trains each run on one thread and runs -ThrottleLimit of them at a time."
                : string.Empty;
        throw new NndlException("SweepGridKeyUnknown", NndlErrorKind.InvalidArgument,
            $"The grid key '{name}' is not a setting a sweep can vary.{hint} Use any of: {string.Join(", ", All.Select(s => s.Name))}.", name);
    }

    /// <summary>
    /// Sizes written as one text, as a sweep's results show them (784,30,10, so a result's Sizes can go back into a
    /// grid) or as the book draws them (784-30-10).
    /// </summary>
    /// <exception cref="NndlException">SweepGridValueInvalid: not whole numbers of neurons separated by commas or hyphens.</exception>
    public static int[] ParseSizes(string text) =>
        TryParseSizes(text) ?? throw new NndlException("SweepGridValueInvalid", NndlErrorKind.InvalidArgument,
            $"The grid's Sizes value '{text}' is not a list of layer sizes. Write each network's sizes as numbers, input first: Sizes = (784,30,10), (784,100,10), or as text '784,30,10' or '784-30-10'.", text);

    /// <summary>Sizes written as text, "784,30,10" or "784-30-10" (as a sweep result's Sizes shows them); null when the text is not that.</summary>
    public static int[]? TryParseSizes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] parts = text.Split([',', '-'], StringSplitOptions.TrimEntries);
        var sizes = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]))
            {
                return null;
            }
        }

        return sizes;
    }

    internal SweepRunSpec Apply(SweepRunSpec run, object value) => _apply(run, value);

    public override string ToString() => $"{Name} ({ValueType.Name})";
}
