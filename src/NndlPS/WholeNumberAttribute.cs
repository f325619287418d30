using System.Collections;
using System.Globalization;
using System.Management.Automation;

namespace NndlPS;

/// <summary>
/// Refuses a number with a fraction for a parameter that counts, indexes or sizes (images, epochs, neurons, an image's
/// index, pixels). PowerShell's own
/// conversion to an int rounds without a word: <c>Import-Mnist -ValidationSize 0.2</c>, meant as a fifth of the training
/// set, kept no validation images at all, and <c>New-Network 784, 30.5, 10</c> made 30 neurons. Whole numbers pass as
/// they are, in any numeric type or as text, alone or in a list, and so does a product that is whole but for a
/// double's rounding (<c>0.27 * 60000</c> is 16200.000000000002); anything else is left to PowerShell's conversion.
/// A seed is no count (<c>-Seed (Get-Random -Maximum 1e9)</c> is a double), so seeds do not carry this. Text with a
/// comma is refused too, as <see cref="StrictNumberAttribute"/> refuses it: PowerShell reads '2,5' (2.5 written in a
/// comma culture) as 25.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class WholeNumberAttribute : ArgumentTransformationAttribute
{
    /// <summary>What the parameter counts, for the message: "images", "neurons", …; the message says "a whole number" without it.</summary>
    public string? Counts { get; set; }

    /// <summary>A way to write what the user may have meant, for the message (ValidationSize: a fraction of the set, multiplied out).</summary>
    public string? Hint { get; set; }

    /// <summary>Leaves text to the parameter's own reader (New-Network -Sizes reads '784,30,10' as a list of sizes, and says what is wrong with '30.5').</summary>
    public bool TextReadElsewhere { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? input = Unwrap(inputData);
        IEnumerable values = input is IEnumerable list and not string ? list : new[] { input };
        foreach (object? value in values)
        {
            object? item = Unwrap(value);
            if (item is string && TextReadElsewhere)
            {
                continue;
            }

            if (item is string separated && separated.Contains(','))
            {
                throw new ArgumentTransformationMetadataException($"'{separated}' is not a whole number as PowerShell writes one: {StrictNumberAttribute.Advice}.");
            }

            if (Fraction(item) is (string given, double number))
            {
                throw new ArgumentTransformationMetadataException(Problem(given, number, Counts, Hint));
            }
        }

        return inputData;
    }

    /// <summary>
    /// The value as the user wrote it, and its number, when it is a number with a fraction: a double, a float, a
    /// decimal, or text PowerShell reads as one ('0.2', '2.5d', '0.3kb'); else null.
    /// </summary>
    internal static (string Given, double Number)? Fraction(object? value)
    {
        switch (value)
        {
            case double d:
                return HasFraction(d) ? (d.ToString("R", CultureInfo.InvariantCulture), d) : null;
            case float f:
                return HasFraction(f) ? (f.ToString("R", CultureInfo.InvariantCulture), f) : null;
            case decimal m:
                return m == decimal.Truncate(m) || Math.Abs(decimal.Round(m)) > int.MaxValue ? null : (m.ToString(CultureInfo.InvariantCulture), (double)m);
            case string text when !long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                && LanguagePrimitives.TryConvertTo(text, CultureInfo.InvariantCulture, out double parsed):
                // As PowerShell reads the text for an int parameter: its number literals, suffixes and all.
                return HasFraction(parsed) ? ($"'{text}'", parsed) : null;
            default:
                return null;
        }
    }

    /// <summary>What is wrong with <paramref name="given"/>, what PowerShell would have made of it, and what to give instead.</summary>
    internal static string Problem(string given, double number, string? counts, string? hint = null) =>
        $"{Rounding(given, number, counts)}. Give {Wanted(counts)}{(hint is null ? "" : $" ({hint})")}.";

    /// <summary>"1.4 is not a whole number: PowerShell would round it to 1 without a word" (a sweep grid adds its own advice).</summary>
    internal static string Rounding(string given, double number, string? counts)
    {
        // Through a long: .NET writes a rounded -0.2 as "-0". (A number with a fraction is below 2⁵², well inside a long.)
        string rounded = ((long)Math.Round(number, MidpointRounding.ToEven)).ToString(CultureInfo.InvariantCulture);
        return $"{given} is not {Wanted(counts)}: PowerShell would round it to {rounded} without a word";
    }

    private static string Wanted(string? counts) => counts is null ? "a whole number" : $"a whole number of {counts}";

    /// <summary>
    /// A fraction a count cannot have. Infinities, NaN and numbers that round beyond an int are none: PowerShell's
    /// conversion does not round those, it refuses them, saying so;
    /// nor is what a double's rounding leaves on a whole product, a few parts in 10¹⁶ (0.27 * 60000 is
    /// 16200.000000000002): within 10⁻¹² of the number's size, under 0.003 even at int.MaxValue.
    /// </summary>
    private static bool HasFraction(double number) =>
        double.IsFinite(number) && Math.Abs(Math.Round(number)) <= int.MaxValue && Math.Abs(number - Math.Round(number)) > 1e-12 * Math.Max(1, Math.Abs(number));

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
