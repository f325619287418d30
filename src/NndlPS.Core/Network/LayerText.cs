using System.Globalization;
using System.Text.RegularExpressions;

namespace NndlPS.Core;

/// <summary>
/// Chapter 6's layers as text, the way results show them (a sweep result's and an epoch result's <c>Layers</c>):
/// <c>ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu, dropout 0.5 + Softmax 10</c>. <see cref="Parse"/>
/// reads what <see cref="Format(IEnumerable{LayerDesign})"/> writes, so a run found in a CSV of sweep results goes back into New-Network -Layers
/// or a sweep's grid as it is. Case and spaces are free; numbers are invariant (0.5, never 0,5).
/// </summary>
public static partial class LayerText
{
    /// <summary>The longest text read: a thousand layers' worth; anything longer is a mistake, not a network.</summary>
    public const int MaxLength = 64 * 1024;

    private const string Forms = "'ConvPool 20@5x5, pool 2x2 relu' (filters@side x side, then the pooling if any, then sigmoid, tanh or relu), " +
        "'FullyConnected 100 relu' or 'Softmax 10', each optionally followed by ', dropout 0.5', joined by ' + '";

    /// <summary>The layers in one line, as every result shows them.</summary>
    public static string Format(IEnumerable<LayerDesign> layers) => string.Join(" + ", layers.Select(Format));

    /// <summary>One layer, as its ToString shows it.</summary>
    public static string Format(LayerDesign layer) => layer switch
    {
        ConvPoolLayerDesign c => $"ConvPool {c.Filters}@{c.FilterSize}x{c.FilterSize}{(c.PoolSize > 1 ? $", pool {c.PoolSize}x{c.PoolSize}" : "")} {Activations.Get(c.Activation).Name}",
        FullyConnectedLayerDesign f => $"FullyConnected {f.Neurons} {Activations.Get(f.Activation).Name}{DropoutText(f.Dropout)}",
        SoftmaxLayerDesign s => $"Softmax {s.Neurons}{DropoutText(s.Dropout)}",
        _ => throw new ArgumentException($"Unknown layer design {layer.GetType().Name}.", nameof(layer)),
    };

    /// <summary>The layers a text names, each checked as the New-…Layer cmdlets check theirs.</summary>
    /// <exception cref="NndlException">LayerTextInvalid: a part that is not a layer, or a text too long; LayerDesignInvalid: numbers out of range.</exception>
    public static LayerDesign[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new NndlException("LayerTextInvalid", NndlErrorKind.InvalidArgument,
                $"A layer list as text is at most {MaxLength:N0} characters; this one has {text.Length:N0}. Give the layers as {Forms}.", "Layers");
        }

        string[] parts = text.Split('+');
        if (parts.Length > NetworkLimits.MaxLayers - 1)
        {
            throw new NndlException("LayerTextInvalid", NndlErrorKind.InvalidArgument,
                $"The text names {parts.Length:N0} layers; a network has at most {NetworkLimits.MaxLayers - 1} after the input.", "Layers");
        }

        var layers = new LayerDesign[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            layers[i] = ParseOne(parts[i].Trim()) ?? throw new NndlException("LayerTextInvalid", NndlErrorKind.InvalidArgument,
                $"Layer {i + 1} of '{NndlException.Quote(text)}', '{NndlException.Quote(parts[i].Trim())}', is not a layer as results write them. Write each layer as {Forms}.", "Layers");
        }

        return layers;
    }

    private static LayerDesign? ParseOne(string part)
    {
        Match m;
        if ((m = ConvPoolPattern().Match(part)).Success)
        {
            int side = Number(m, "h"), pool = m.Groups["ph"].Success ? Number(m, "ph") : 1;
            if (side != Number(m, "w") || (m.Groups["ph"].Success && pool != Number(m, "pw")))
            {
                return null; // network3.py's filters and pools are square, and so are ours (5x05 is square)
            }

            return Activation(m) is ActivationKind activation ? new ConvPoolLayerDesign(Number(m, "filters"), side, pool, activation) : null;
        }

        if ((m = FullyConnectedPattern().Match(part)).Success)
        {
            return Activation(m) is ActivationKind activation && Dropout(m) is float dropout
                ? new FullyConnectedLayerDesign(Number(m, "neurons"), activation, dropout)
                : null;
        }

        if ((m = SoftmaxPattern().Match(part)).Success)
        {
            return Dropout(m) is float dropout ? new SoftmaxLayerDesign(Number(m, "neurons"), dropout) : null;
        }

        return null;
    }

    /// <summary>A group's digits as a number; digits past int's range are refused here, quoted as given (the designs'
    /// own checks would quote a number nobody typed).</summary>
    private static int Number(Match m, string group)
    {
        string digits = m.Groups[group].Value;
        if (int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        (string what, int max) = group switch
        {
            "filters" => ("Filters", LayerDesign.MaxUnits),
            "neurons" => ("Neurons", LayerDesign.MaxUnits),
            "h" or "w" => ("FilterSize", ConvPoolLayerDesign.MaxSide),
            _ => ("PoolSize", ConvPoolLayerDesign.MaxSide),
        };
        // The designs' words, with the digits as typed.
        throw new NndlException("LayerDesignInvalid", NndlErrorKind.InvalidArgument,
            $"A layer's {what} must be between 1 and {max:N0}; got {NndlException.Quote(digits)}.", what);
    }

    private static ActivationKind? Activation(Match m) =>
        Enum.TryParse(m.Groups["activation"].Value, ignoreCase: true, out ActivationKind kind) && Enum.IsDefined(kind) ? kind : null;

    // Checked here, where the text is at hand: a dropout that rounds to 1 as a float is quoted as typed, not as "1".
    private static float? Dropout(Match m)
    {
        if (!m.Groups["dropout"].Success)
        {
            return 0f;
        }

        // The float parsed from the text itself, not through a double, so the layer holds what "R" wrote.
        string text = m.Groups["dropout"].Value;
        const NumberStyles number = NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return float.TryParse(text, number, CultureInfo.InvariantCulture, out float p) && double.TryParse(text, number, CultureInfo.InvariantCulture, out double asked)
            ? LayerDesign.RequireDropout(new AskedFloat(asked, p, NndlException.Quote(text)))
            : null;
    }

    // "R": the shortest text that reads back as the same float (a tiny rate is written 1E-05, which the pattern reads).
    private static string DropoutText(float dropout) => dropout > 0 ? $", dropout {dropout.ToString("R", CultureInfo.InvariantCulture)}" : "";


    /// <summary>The patterns, for the test that they cannot backtrack.</summary>
    internal static IEnumerable<Regex> Patterns => [ConvPoolPattern(), FullyConnectedPattern(), SoftmaxPattern()];

    // Linear in the text's length whatever it holds (a backtracking engine took seconds on 65,000 digits followed by a
    // letter), so no timeout is needed: the text is bounded (MaxLength). ASCII digits only, as the numbers are parsed
    // invariant. No '+' in an exponent: Parse has split the text at every '+' before a pattern sees it.
    private const RegexOptions PatternOptions = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    [GeneratedRegex(@"^convpool\s*(?<filters>[0-9]+)\s*@\s*(?<h>[0-9]+)\s*x\s*(?<w>[0-9]+)\s*(?:,\s*pool\s*(?<ph>[0-9]+)\s*x\s*(?<pw>[0-9]+)\s*)?\s(?<activation>[a-z]+)$", PatternOptions)]
    private static partial Regex ConvPoolPattern();

    [GeneratedRegex(@"^fullyconnected\s*(?<neurons>[0-9]+)\s+(?<activation>[a-z]+)\s*(?:,\s*dropout\s*(?<dropout>[0-9]*\.?[0-9]+(?:e-?[0-9]+)?))?$", PatternOptions)]
    private static partial Regex FullyConnectedPattern();

    [GeneratedRegex(@"^softmax\s*(?<neurons>[0-9]+)\s*(?:,\s*dropout\s*(?<dropout>[0-9]*\.?[0-9]+(?:e-?[0-9]+)?))?$", PatternOptions)]
    private static partial Regex SoftmaxPattern();
}
