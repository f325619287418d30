using System.Globalization;
using System.Management.Automation;

namespace NndlPS;

/// <summary>
/// Reads a number typed as text the way PowerShell reads a number literal: a point for decimals and no group
/// separators. PowerShell's own conversion takes "3,0" as 30 (the comma a thousands separator), so
/// -LearningRate "3,0" would silently train at η = 30; here it is refused, saying how to write it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class StrictNumberAttribute : ArgumentTransformationAttribute
{
    /// <summary>What is wrong with a text that <see cref="TryParse"/> refuses, and how to write it.</summary>
    public const string Advice = "use a point for decimals and no separators, e.g. 3.0 or 0.5 (a comma would make '3,0' thirty)";

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is not string text)
        {
            return inputData;
        }

        return TryParse(text, out double value)
            ? value
            : throw new ArgumentTransformationMetadataException($"'{text}' is not a number as PowerShell writes one: {Advice}.");
    }

    /// <summary>A number written as PowerShell writes a literal: the invariant culture, a point, no group separators.</summary>
    public static bool TryParse(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
