using System.Collections;
using System.Globalization;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Put on a parameter that takes one kind (an enum: -Activation, -Cost, …). PowerShell makes one enum value of a text
/// of several names by OR-ing them, whatever the enum ([DayOfWeek]'Monday,Tuesday' is Wednesday), and of a list of names
/// too, and takes a number for the member of that value: -Activation 'Sigmoid,Tanh' was tanh, 'Tanh,ReLU' softmax,
/// -Activation 1 tanh — a kind nobody named. A kind is given once, by its name (any case) or as itself; the rest is
/// refused here in our words. A sweep's grid checks its values with <see cref="Problem"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class KindNameAttribute(Type kind) : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData) =>
        Problem(kind, inputData) is string problem
            ? throw new ArgumentTransformationMetadataException($"{problem} Give one name: {Names(kind)}.")
            : inputData;

    /// <summary>What is wrong with <paramref name="value"/> as one <paramref name="kind"/>, or null when it is one name or the kind itself.</summary>
    public static string? Problem(Type kind, object? value)
    {
        if (value is PSObject bag && bag.TypeNames.FirstOrDefault(name => name.StartsWith("Deserialized.", StringComparison.Ordinal)) is string deserialized &&
            bag.BaseObject is not string && bag.BaseObject.GetType().IsPrimitive)
        {
            // A kind back from Import-Clixml or remoting, as its number: the binder takes the kind's own as such; another
            // enum's (a CostKind given as -Activation) would be read by its number as a kind nobody named.
            string type = deserialized["Deserialized.".Length..];
            return type == kind.FullName ? null : $"'{bag}' is {A(ShortName(type))}, not {A(kind.Name)}, which PowerShell would take by its number.";
        }

        value = value is PSObject wrapped ? wrapped.BaseObject : value;
        return value switch
        {
            string text when string.IsNullOrWhiteSpace(text) =>
                $"'{NndlException.Quote(text)}' names no kind.", // PowerShell's words: 'too similar or identical to the following enumerator names'
            string text when text.Contains(',') =>
                $"'{NndlException.Quote(text)}' is several names in one, which PowerShell would combine into one kind ({Combined(kind, text)}).",
            string text when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) =>
                $"'{NndlException.Quote(text)}' is a number, which PowerShell would take for whichever kind has it ({Combined(kind, text)}).",
            string or null or char => null, // a name the binder reads (and names the set when it is none)
            Enum same when same.GetType() == kind => null, // the kind itself
            Enum other => $"'{other}' is {A(other.GetType().Name)}, not {A(kind.Name)}, which PowerShell would take by its number.",
            IEnumerable list when !list.Cast<object?>().Any() => "'' is an empty list, which names no kind.",
            IEnumerable list when list.Cast<object?>().Take(2).Count() == 1 => Problem(kind, list.Cast<object?>().First()), // @('Tanh'): the binder takes its one item
            IEnumerable list => $"'{NndlException.Quote(string.Join(", ", list.Cast<object?>().Take(10)))}' is a list of names, which PowerShell would combine into one kind.",
            var number when number.GetType().IsPrimitive || number is decimal =>
                $"{Convert.ToString(number, CultureInfo.InvariantCulture)} is a number, which PowerShell would take for whichever kind has it.",
            _ => null,
        };
    }

    private static string ShortName(string typeName) => typeName[(typeName.LastIndexOf('.') + 1)..];

    private static string A(string typeName) => ("AEIOU".Contains(typeName[0]) ? "an " : "a ") + typeName;

    public static string Names(Type kind) => string.Join(", ", Enum.GetNames(kind));

    private static string Combined(Type kind, string text)
    {
        try
        {
            return LanguagePrimitives.ConvertTo(text, kind, CultureInfo.InvariantCulture).ToString() ?? "none";
        }
        catch (PSInvalidCastException)
        {
            return "none at all";
        }
    }
}
