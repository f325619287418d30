using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Text.RegularExpressions;

namespace NndlPS;

/// <summary>
/// Lets an index parameter take a range written as an argument, <c>Get-MnistSample 0..9</c>: in argument mode
/// PowerShell passes <c>0..9</c> as the string "0..9", which would not convert to numbers. Each such string
/// becomes its indexes; everything else is left for the parameter's own conversion.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed partial class IndexRangeAttribute : ArgumentTransformationAttribute
{
    // A range one argument may spell: far more than any dataset here holds (70,000), far less than memory.
    private const long MaxRangeLength = 10_000_000;

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object input = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (input is string text)
        {
            return Expand(text) ?? inputData;
        }

        if (input is not IEnumerable items || !items.Cast<object>().Any(item => (item is PSObject p ? p.BaseObject : item) is string))
        {
            return inputData;
        }

        var result = new List<object>();
        foreach (object item in items)
        {
            object value = item is PSObject p ? p.BaseObject : item;
            if (value is string s && Expand(s) is int[] range)
            {
                result.AddRange(range.Cast<object>());
            }
            else
            {
                result.Add(item);
            }
        }

        return result.ToArray();
    }

    private static int[]? Expand(string text)
    {
        Match match = Range().Match(text);
        if (!match.Success)
        {
            return null;
        }

        if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int first) ||
            !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int last) ||
            Math.Abs((long)last - first) + 1 > MaxRangeLength)
        {
            throw new ArgumentTransformationMetadataException($"The range '{text}' is too long: a range may hold at most {MaxRangeLength:N0} indexes.");
        }

        int step = last >= first ? 1 : -1;
        var range = new int[Math.Abs(last - first) + 1];
        for (int i = 0; i < range.Length; i++)
        {
            range[i] = first + (i * step);
        }

        return range;
    }

    [GeneratedRegex(@"^\s*(\d+)\s*\.\.\s*(\d+)\s*$")]
    private static partial Regex Range();
}
