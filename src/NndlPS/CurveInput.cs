using System.Collections;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Reads what Export-LearningCurve draws from epoch results and sweep results, live or deserialized (Export-Clixml
/// and Import-Clixml, a job, a remote session: a property bag named <c>Deserialized.NndlPS.Core.EpochResult</c>,
/// which no typed parameter binds). Both are read by property name, so one path serves both and the values, not the
/// object's type, decide the picture.
/// </summary>
internal static class CurveInput
{
    internal const string EpochResultType = "NndlPS.Core.EpochResult";
    internal const string SweepResultType = "NndlPS.Core.SweepResult";

    /// <summary>What an input is: an epoch result, a sweep result, or neither.</summary>
    public static string? KindOf(PSObject item) =>
        item.TypeNames.FirstOrDefault(name => name is EpochResultType or SweepResultType or "Deserialized." + EpochResultType or "Deserialized." + SweepResultType)
            ?.Replace("Deserialized.", string.Empty, StringComparison.Ordinal);

    /// <summary>Epoch results as runs: grouped by RunId (each run's epochs in order), in the order the runs first came.</summary>
    public static IEnumerable<CurveRun> FromEpochResults(IEnumerable<PSObject> results) =>
        results.GroupBy(r => Get<Guid?>(r, "RunId") ?? Guid.Empty).Select(run =>
        {
            var epochs = run.OrderBy(r => Get<int?>(r, "Epoch") ?? 0).ToList();
            PSObject first = epochs[0];
            var points = epochs.Select(r => new CurveEpoch(Get<int?>(r, "Epoch") ?? 0, Get<double?>(r, "Accuracy"), Get<double?>(r, "ValidationAccuracy"),
                Get<double?>(r, "TrainingAccuracy"), Get<double?>(r, "TrainingCost"), Get<double?>(r, "EvaluationCost"), Numbers(r, "LayerSpeed"))).ToList();
            return new CurveRun(points, Settings(first), Get<int?>(epochs[^1], "KeptEpoch"));
        });

    /// <summary>A sweep's run: its test accuracy per epoch (epochs numbered from 0, as a sweep's networks start new).</summary>
    public static CurveRun FromSweepResult(PSObject result)
    {
        var accuracies = (PSObject.AsPSObject(result.Properties["Accuracies"]?.Value ?? Array.Empty<object>()).BaseObject as IEnumerable)?.Cast<object>().Select(a => ToValue<double?>(a) ?? double.NaN).ToList() ?? [];
        return new CurveRun(accuracies.Select((a, epoch) => new CurveEpoch(epoch, a)).ToList(),
            Settings(result));
    }

    private static CurveSettings Settings(PSObject item) => new(
        Get<CostKind?>(item, "Cost"), Get<string>(item, "Sizes"), Get<ActivationKind?>(item, "Activation"), Get<ActivationKind?>(item, "OutputActivation"),
        Get<WeightInitialization?>(item, "Initialization"), Get<float?>(item, "LearningRate"), Get<int?>(item, "MiniBatchSize"), Get<float?>(item, "Lambda"), Get<float?>(item, "Momentum"), Get<int?>(item, "Seed"),
        Get<string>(item, "Layers"));

    private static T? Get<T>(PSObject item, string name) => ToValue<T>(item.Properties[name]?.Value);

    /// <summary>A list of numbers (LayerSpeed), live or deserialized; null when absent.</summary>
    private static IReadOnlyList<double>? Numbers(PSObject item, string name) =>
        item.Properties[name]?.Value is { } value && PSObject.AsPSObject(value).BaseObject is IEnumerable list
            ? list.Cast<object>().Select(number => ToValue<double?>(number) ?? double.NaN).ToArray()
            : null;

    // A deserialized enum arrives as a bag whose text is its name; numbers arrive as themselves.
    private static T? ToValue<T>(object? value)
    {
        if (value is null)
        {
            return default;
        }

        if (LanguagePrimitives.TryConvertTo(value, out T? converted))
        {
            return converted;
        }

        return LanguagePrimitives.TryConvertTo(value.ToString(), out converted) ? converted : default;
    }
}
