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
                $"Layer {i + 1} of '{Shorten(text)}', '{Shorten(parts[i].Trim())}', is not a layer as results write them. Write each layer as {Forms}.", "Layers");
        }

        return layers;
    }

    private static LayerDesign? ParseOne(string part)
    {
        Match m;
        if ((m = ConvPoolPattern().Match(part)).Success)
        {
            if (m.Groups["h"].Value != m.Groups["w"].Value || (m.Groups["ph"].Success && m.Groups["ph"].Value != m.Groups["pw"].Value))
            {
                return null; // network3.py's filters and pools are square, and so are ours
            }

            return Number(m, "filters") is int filters && Number(m, "h") is int side && Activation(m) is ActivationKind activation
                && (!m.Groups["ph"].Success || Number(m, "ph") is not null)
                ? new ConvPoolLayerDesign(filters, side, m.Groups["ph"].Success ? Number(m, "ph")!.Value : 1, activation)
                : null;
        }

        if ((m = FullyConnectedPattern().Match(part)).Success)
        {
            return Number(m, "neurons") is int neurons && Activation(m) is ActivationKind activation && Dropout(m) is float dropout
                ? new FullyConnectedLayerDesign(neurons, activation, dropout)
                : null;
        }

        if ((m = SoftmaxPattern().Match(part)).Success)
        {
            return Number(m, "neurons") is int neurons && Dropout(m) is float dropout ? new SoftmaxLayerDesign(neurons, dropout) : null;
        }

        return null;
    }

    // Out of int range is not a layer (the designs' own checks then say what range is): null, never a wrapped number.
    private static int? Number(Match m, string group) =>
        int.TryParse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int value) ? value : null;

    private static ActivationKind? Activation(Match m) =>
        Enum.TryParse(m.Groups["activation"].Value, ignoreCase: true, out ActivationKind kind) && Enum.IsDefined(kind) ? kind : null;

    private static float? Dropout(Match m) =>
        !m.Groups["dropout"].Success ? 0f
        : float.TryParse(m.Groups["dropout"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out float p) ? p : null;

    private static string DropoutText(float dropout) => dropout > 0 ? $", dropout {dropout.ToString(CultureInfo.InvariantCulture)}" : "";

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    // Without backtracking, a match costs time in proportion to the text (at most MaxLength): a long run of digits made the
    // backtracking engine try every split of them between \d* and \d+ and pass its timeout, which reached the user raw.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    [GeneratedRegex(@"^convpool\s*(?<filters>\d+)\s*@\s*(?<h>\d+)\s*x\s*(?<w>\d+)\s*(?:,\s*pool\s*(?<ph>\d+)\s*x\s*(?<pw>\d+)\s*)?\s(?<activation>[a-z]+)$", Options)]
    private static partial Regex ConvPoolPattern();

    [GeneratedRegex(@"^fullyconnected\s*(?<neurons>\d+)\s+(?<activation>[a-z]+)\s*(?:,\s*dropout\s*(?<dropout>\d*\.?\d+))?$", Options)]
    private static partial Regex FullyConnectedPattern();

    [GeneratedRegex(@"^softmax\s*(?<neurons>\d+)\s*(?:,\s*dropout\s*(?<dropout>\d*\.?\d+))?$", Options)]
    private static partial Regex SoftmaxPattern();
}
