using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace NndlPS;

/// <summary>
/// Refuses a number with a fraction for a parameter that counts (images, epochs, neurons, a seed). PowerShell's own
/// conversion to an int rounds without a word: <c>Import-Mnist -ValidationSize 0.2</c>, meant as a fifth of the training
/// set, kept no validation images at all, and <c>New-Network 784, 30.5, 10</c> made 30 neurons. Whole numbers pass as
/// they are, in any numeric type or as text, alone or in a list; anything else is left to PowerShell's conversion.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class WholeNumberAttribute : ArgumentTransformationAttribute
{
    /// <summary>What the parameter counts, for the message: "images", "neurons", …; the message says "a whole number" without it.</summary>
    public string? Counts { get; set; }

    /// <summary>A way to write what the user may have meant, for the message (ValidationSize: a fraction of the set, multiplied out).</summary>
    public string? Hint { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? input = Unwrap(inputData);
        IEnumerable values = input is IEnumerable list and not string ? list : new[] { input };
        foreach (object? value in values)
        {
            if (Fraction(Unwrap(value)) is string given)
            {
                string what = Counts is null ? "a whole number" : $"a whole number of {Counts}";
                throw new ArgumentTransformationMetadataException(
                    $"{given} is not {what}: PowerShell would round it to {Rounded(given)} without a word. Give {what}{(Hint is null ? "" : $" ({Hint})")}.");
            }
        }

        return inputData;
    }

    /// <summary>The value as the user wrote it when it is a number with a fraction (a double, a float, a decimal, or text that reads as one); else null.</summary>
    internal static string? Fraction(object? value)
    {
        double number;
        switch (value)
        {
            case double d:
                number = d;
                break;
            case float f:
                number = f;
                break;
            case decimal m:
                return m == decimal.Truncate(m) ? null : m.ToString(CultureInfo.InvariantCulture);
            case string text when !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed):
                return double.IsFinite(parsed) && parsed != Math.Truncate(parsed) ? $"'{text}'" : null;
            default:
                return null;
        }

        // Infinities and NaN are no count either, but PowerShell's conversion already refuses them, saying so.
        return double.IsFinite(number) && number != Math.Truncate(number) ? number.ToString("R", CultureInfo.InvariantCulture) : null;
    }

    private static string Rounded(string given) =>
        double.TryParse(given.Trim('\''), NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            ? Math.Round(number, MidpointRounding.ToEven).ToString("0", CultureInfo.InvariantCulture)
            : "a whole number";

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
