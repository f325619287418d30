using System.Collections;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Turns the nested arrays a script writes for weights and biases into the engine's per-layer float arrays.
/// PowerShell flattens <c>@(@(...))</c>, so the forms accepted are the ones a script can actually write:
/// a layer's weights as rows (<c>(-2,-2), (1,1)</c>) or as one row-major list (<c>-2,-2,1,1</c>), and for a network
/// of one layer the layer's values alone (<c>-Weights -2,-2 -Biases 3</c>, or <c>-Weights (1,0), (0,1)</c>): a value
/// no deeper than one layer's is that layer.
/// </summary>
internal static class LayerValues
{
    /// <summary>Per layer, its weights as rows (a row-major list is one row).</summary>
    public static List<IReadOnlyList<float[]>> Weights(object[] layers, int layerCount) =>
        PerLayer(layers, layerCount, layerDepth: 2).Select(layer => Rows(layer, "-Weights")).ToList();

    /// <summary>Per layer, its biases.</summary>
    public static List<float[]> Biases(object[] layers, int layerCount) =>
        PerLayer(layers, layerCount, layerDepth: 1).Select(layer => Numbers(layer, "-Biases")).ToList();

    /// <summary>One layer's weights as rows: a list of rows, or a list of numbers (one row-major row).</summary>
    public static IReadOnlyList<float[]> Rows(object? layer, string parameter)
    {
        List<object?> items = Items(layer);
        return items.All(IsNumber) ? [Numbers(items, parameter)] : items.Select(row => Numbers(row, parameter)).ToList();
    }

    /// <summary>A list of numbers (a single number is a list of one).</summary>
    public static float[] Numbers(object? value, string parameter) => Items(value).Select(item => ToFloat(item, parameter)).ToArray();

    /// <param name="layerDepth">How deep one layer's values nest: 2 for weights (rows of numbers), 1 for biases.</param>
    private static List<object?> PerLayer(object[] layers, int layerCount, int layerDepth)
    {
        List<object?> items = Items(layers);
        // A network with one layer may be given that layer's values directly: -Weights -2,-2 or (1,0), (0,1).
        return layerCount == 1 && Depth(layers, layerDepth) <= layerDepth ? [items] : items;
    }

    /// <summary>
    /// How deeply a value nests lists: 0 for a number, 1 for a list of numbers, 2 for a list of lists, …, counted no
    /// further than <paramref name="most"/> + 1 (deeper). A script can nest a value 100,000 deep ($a = ,$a in a loop):
    /// counting all of it overflowed the stack, which ends the process. What is deeper is refused as not a number.
    /// </summary>
    private static int Depth(object? value, int most) => IsNumber(value is PSObject ps ? ps.BaseObject : value)
        ? 0
        : most == 0 ? 1 : 1 + Items(value).Select(item => Depth(item, most - 1)).DefaultIfEmpty(0).Max();

    private static List<object?> Items(object? value)
    {
        value = value is PSObject ps ? ps.BaseObject : value;
        return value is IEnumerable enumerable and not string
            ? enumerable.Cast<object?>().Select(item => item is PSObject ps ? ps.BaseObject : item).ToList()
            : [value];
    }

    private static bool IsNumber(object? value) => value is not IEnumerable || value is string;

    private static float ToFloat(object? value, string parameter)
    {
        float number;
        try
        {
            number = LanguagePrimitives.ConvertTo<float>(value is PSObject ps ? ps.BaseObject : value);
        }
        catch (PSInvalidCastException)
        {
            throw new NndlException("NetworkParameterNotANumber", NndlErrorKind.InvalidArgument,
                $"{parameter} holds '{value}', which is not a number. Give numbers: per layer, rows of weights such as (-2,-2), or one bias per neuron.");
        }

        // NaN, infinity, or a double beyond float's range (which becomes infinity): a network of them answers nothing.
        if (!float.IsFinite(number))
        {
            throw new NndlException("NetworkParameterNotANumber", NndlErrorKind.InvalidArgument,
                $"{parameter} holds {value}, which is not a finite float32 number (at most about ±3.4e38). Give finite weights and biases.");
        }

        return number;
    }
}
