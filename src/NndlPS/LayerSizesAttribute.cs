using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Lets New-Network -Sizes take sizes as text, as a sweep result shows them and -Grid takes them
/// (<c>New-Network -Sizes $best.Sizes</c>, "784,30,10" or "784-30-10"), besides numbers; in argument mode
/// (New-Network 784 30 10) the numbers arrive as strings, each one layer. A text that is not sizes is refused here,
/// naming the forms that work, instead of PowerShell's count or conversion message.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class LayerSizesAttribute : TextArgumentAttribute
{
    protected override object[] Parse(string text) =>
        SweepSetting.TryParseSizes(text)?.Cast<object>().ToArray()
        ?? throw new ArgumentTransformationMetadataException(
            $"'{text}' is not a list of layer sizes{WhatIsWrong(text)}. Give the neurons per layer, input first, as numbers (784,30,10 or 784 30 10) or as text ('784,30,10', '784-30-10').");

    /// <summary>The first part that is not a size, named: ': 10.5 is not a whole number of neurons' (text from a sweep's CSV, edited by hand).</summary>
    private static string WhatIsWrong(string text)
    {
        string? part = text.Split([',', '-'], StringSplitOptions.TrimEntries)
            .FirstOrDefault(part => !int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _));
        return part switch
        {
            null => string.Empty,
            "" => ": a size is missing between two separators (a minus sign is read as one)",
            _ => $": '{part}' is not a whole number of neurons",
        };
    }
}
