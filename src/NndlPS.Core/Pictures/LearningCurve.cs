namespace NndlPS.Core;

/// <summary>
/// The book's learning-curve figures, drawn with ScottPlot as PNG or SVG: per epoch, the accuracy on the test,
/// validation and training data, and each monitored cost on an axis of its own (a quadratic and a cross-entropy
/// cost are not on one scale, nor is a training cost beside a test cost in chapter 3's overfitting figure). One
/// colour per run, one line style per series; each run is named by the settings in which the runs drawn differ
/// (the settings they share are the title), the legend sits outside the data, epochs are whole numbers, and the
/// epoch whose weights a run's network kept (-KeepBest, early stopping) is marked.
/// </summary>
public static class LearningCurve
{
    /// <summary>The formats a learning curve can be drawn in.</summary>
    public static readonly PictureFormat[] Formats = [PictureFormat.Png, PictureFormat.Svg];

    private sealed record Series(string Name, Func<CurveEpoch, double?> Value, bool IsCost, ScottPlot.LinePattern Pattern, ScottPlot.MarkerShape Marker);

    private static readonly Series[] AllSeries =
    [
        new("test accuracy", e => e.TestAccuracy, false, ScottPlot.LinePattern.Solid, ScottPlot.MarkerShape.FilledCircle),
        new("validation accuracy", e => e.ValidationAccuracy, false, ScottPlot.LinePattern.Solid, ScottPlot.MarkerShape.FilledSquare),
        new("training accuracy", e => e.TrainingAccuracy, false, ScottPlot.LinePattern.Dotted, ScottPlot.MarkerShape.FilledTriangleUp),
        new("training cost", e => e.TrainingCost, true, ScottPlot.LinePattern.Dashed, ScottPlot.MarkerShape.None),
        new("test cost", e => e.TestCost, true, ScottPlot.LinePattern.DenselyDashed, ScottPlot.MarkerShape.OpenCircle),
    ];

    /// <summary>
    /// Each run's name on the picture: the settings in which it differs from the other runs drawn ("cross-entropy cost",
    /// "η 0.5, seed 2"), and the settings all runs share, for the title. Runs that differ in nothing known are numbered.
    /// </summary>
    public static (IReadOnlyList<string> Labels, string Shared) Labels(IReadOnlyList<CurveRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var all = runs.Select(run => run.Settings.Parts()).ToList();
        var parts = all.Select(p => p.ToDictionary(part => part.Name, part => part.Text)).ToList();
        string[] names = parts.SelectMany(p => p.Keys).Distinct().ToArray();
        string[] differing = names.Where(name => parts.Select(p => p.GetValueOrDefault(name)).Distinct().Count() > 1).ToArray();
        string shared = string.Join(", ", all[0].Where(part => !part.Default && !differing.Contains(part.Name)).Select(part => part.Text));
        var labels = parts.Select(p => string.Join(", ", differing.Where(p.ContainsKey).Select(name => p[name]))).ToList();
        for (int i = 0; i < labels.Count; i++)
        {
            if (runs.Count > 1 && (labels[i].Length == 0 || labels.Count(l => l == labels[i]) > 1))
            {
                labels = labels.Select((label, j) => label == labels[i] ? $"{(label.Length == 0 ? "" : label + ", ")}run {j + 1}" : label).ToList();
            }
        }

        return (labels, shared);
    }

    /// <summary>Draws the runs as a PNG or an SVG, as the file's extension says (<see cref="PictureFile.FormatOf"/>).</summary>
    /// <exception cref="NndlException">A name that is not .png or .svg; no accuracy and no cost to draw; the file cannot be written.</exception>
    public static void Write(string path, IReadOnlyList<CurveRun> runs, int width, int height, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(runs);
        PictureFormat format = PictureFile.FormatOf(path, Formats);
        Series[] drawn = AllSeries.Where(series => runs.Any(run => run.Epochs.Any(e => series.Value(e) is double v && !double.IsNaN(v)))).ToArray();
        if (drawn.Length == 0)
        {
            throw new NndlException("PictureEmpty", NndlErrorKind.InvalidArgument,
                "The results have no accuracy and no cost to draw: train with test data (-TestData, or a piped dataset), or with -Monitor TrainingCost or TrainingAccuracy.");
        }

        var plot = new ScottPlot.Plot();
        (IReadOnlyList<string> labels, string shared) = Labels(runs);
        bool anyAccuracy = drawn.Any(series => !series.IsCost);
        var costAxes = new Dictionary<(string Series, CostKind? Cost), ScottPlot.IYAxis>();
        ScottPlot.IPalette palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < runs.Count; i++)
        {
            CurveRun run = runs[i];
            ScottPlot.Color color = palette.GetColor(i);
            foreach (Series series in drawn)
            {
                var points = run.Epochs.Where(e => series.Value(e) is double v && !double.IsNaN(v)).ToList();
                if (points.Count == 0)
                {
                    continue;
                }

                double scale = series.IsCost ? 1 : 100;
                var line = plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), points.Select(e => series.Value(e)!.Value * scale).ToArray(), color);
                line.LinePattern = series.Pattern;
                line.LineWidth = 2;
                line.MarkerShape = series.Marker;
                line.MarkerSize = series.Marker == ScottPlot.MarkerShape.None ? 0 : 6;
                line.LegendText = Entry(labels[i], series.Name, runs.Count, drawn.Length);
                if (series.IsCost)
                {
                    line.Axes.YAxis = CostAxis(plot, costAxes, series.Name, run.Settings.Cost, anyAccuracy);
                }
            }

            // Marked only where it is not the last epoch drawn: there the line would say nothing.
            if (run.KeptEpoch is int kept && run.Epochs.Count > 0 && kept != run.Epochs[^1].Epoch)
            {
                var mark = plot.Add.VerticalLine(kept, 1.5f, color, ScottPlot.LinePattern.Dotted);
                mark.LegendText = $"{(runs.Count > 1 ? labels[i] + ": " : "")}network kept epoch {kept}";
            }
        }

        plot.Title(shared.Length > 0 ? WrapTitle(shared, width) : "Learning curves", size: 14);
        plot.XLabel("Epoch");
        plot.YLabel(!anyAccuracy ? string.Empty
            : drawn.Count(series => !series.IsCost) == 1 ? $"{Capitalised(drawn.First(series => !series.IsCost).Name)} (%)" : "Accuracy (%)");
        // Epochs are whole: no tick at 2.5 on an 8-epoch plot.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        foreach (var axis in costAxes)
        {
            axis.Value.Label.Text = Capitalised(axis.Key.Series) + (axis.Key.Cost is CostKind cost ? $" ({CurveSettings.CostName(cost)})" : "");
        }

        Save(plot, format, path, width, height, overwrite);
    }

    /// <summary>
    /// Chapter 5's figure: each hidden layer's speed of learning (‖δˡ‖, recorded by -Monitor LayerSpeed) per epoch on
    /// a logarithmic axis, one line per layer, the first hidden layer darkest; several runs are told apart by line style.
    /// </summary>
    /// <exception cref="NndlException">PictureEmpty when no epoch carries LayerSpeed; a name that is not .png or .svg.</exception>
    public static void WriteLayerSpeeds(string path, IReadOnlyList<CurveRun> runs, int width, int height, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(runs);
        PictureFormat format = PictureFile.FormatOf(path, Formats);
        if (!runs.Any(run => run.Epochs.Any(e => e.LayerSpeed is { Count: > 0 })))
        {
            throw new NndlException("PictureEmpty", NndlErrorKind.InvalidArgument,
                "The results carry no speed of learning to draw: train with -Monitor LayerSpeed (a network with hidden layers).");
        }

        var plot = new ScottPlot.Plot();
        (IReadOnlyList<string> labels, string shared) = Labels(runs);
        var logs = runs.SelectMany(run => run.Epochs).Where(e => e.LayerSpeed is not null).SelectMany(e => e.LayerSpeed!).Where(v => v > 0).Select(Math.Log10).ToList();
        ScottPlot.LinePattern[] patterns = [ScottPlot.LinePattern.Solid, ScottPlot.LinePattern.Dashed, ScottPlot.LinePattern.Dotted, ScottPlot.LinePattern.DenselyDashed];
        ScottPlot.IPalette palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < runs.Count; i++)
        {
            var epochs = runs[i].Epochs.Where(e => e.LayerSpeed is { Count: > 0 }).ToList();
            int layers = epochs.Count == 0 ? 0 : epochs.Max(e => e.LayerSpeed!.Count);
            string[]? layerTexts = runs[i].Settings.Layers?.Split(" + "); // a -Layers network's layers, as LayerText writes them
            for (int l = 0; l < layers; l++)
            {
                // Logarithmic axis: the values drawn are log10 of the speeds (a speed of 0 has no place on it).
                var points = epochs.Where(e => l < e.LayerSpeed!.Count && e.LayerSpeed[l] > 0).ToList();
                var line = plot.Add.Scatter(points.Select(e => (double)e.Epoch).ToArray(), points.Select(e => Math.Log10(e.LayerSpeed![l])).ToArray(), palette.GetColor(l));
                line.LinePattern = patterns[i % patterns.Length];
                line.LineWidth = 2;
                line.MarkerSize = epochs.Count > 60 ? 0 : 4; // dots on 500 epochs would hide the lines
                string layerName = HiddenLayerName(layerTexts, l);
                line.LegendText = runs.Count == 1 ? layerName : $"{labels[i]}: {layerName}";
            }
        }

        plot.Title(shared.Length > 0 ? $"Speed of learning\n{WrapTitle(shared, width)}" : "Speed of learning", size: 14);
        plot.XLabel("Epoch");
        plot.YLabel("‖δ‖ of the layer (log scale)");
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = power => power >= -3
                ? Math.Pow(10, power).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)
                : $"1e{power:0}",
        };
        // Whole decades at both ends, so even speeds within one decade get labelled ticks.
        if (logs.Count > 0)
        {
            plot.Axes.SetLimitsY(Math.Floor(logs.Min()), Math.Max(Math.Ceiling(logs.Max()), Math.Floor(logs.Min()) + 1));
        }

        Save(plot, format, path, width, height, overwrite);
    }

    /// <summary>
    /// "hidden layer 2", or for a network made from layers, which of them: "layer 1, ConvPool 20@5x5" (the layer's text
    /// up to its first comma, so three fit the legend's one line), as a chapter-6 network's first layers are filters.
    /// </summary>
    internal static string HiddenLayerName(string[]? layerTexts, int layer) =>
        layerTexts is not null && layer < layerTexts.Length - 1
            ? $"layer {layer + 1}, {layerTexts[layer].Split(',')[0].Trim()}"
            : $"hidden layer {layer + 1}";

    /// <summary>
    /// The title's settings broken into lines at spaces, each within the picture's width: a chapter-6 network's layers
    /// alone are a hundred characters, and one line of them ran off both edges of an 800-pixel picture.
    /// </summary>
    internal static string WrapTitle(string text, int width)
    {
        int most = Math.Max(30, (width - 40) / 8); // 8 pixels a character at the title's 14-point font, with a margin
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in text.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > most)
            {
                lines.Add(line.ToString());
                line.Clear();
            }

            line.Append(line.Length > 0 ? " " : string.Empty).Append(word);
        }

        lines.Add(line.ToString());
        return string.Join("\n", lines);
    }

    /// <summary>The legend below the data (so it hides no line), the font, and the file written whole or not at all.</summary>
    private static void Save(ScottPlot.Plot plot, PictureFormat format, string path, int width, int height, bool overwrite)
    {
        plot.ShowLegend(ScottPlot.Edge.Bottom);
        plot.Legend.Orientation = ScottPlot.Orientation.Horizontal;
        if (FontFile.Value is not null)
        {
            plot.Font.Set(FontName);
        }

        byte[] bytes = format == PictureFormat.Svg
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, overwrite, stream => stream.Write(bytes), format == PictureFormat.Svg ? "curve.svg" : "curve.png");
    }

    private static string Entry(string run, string series, int runs, int seriesDrawn) =>
        runs == 1 ? Capitalised(series) : seriesDrawn == 1 ? run : $"{run}: {series}";

    /// <summary>One axis per monitored cost and cost function: the first on the right (or the left, with no accuracy drawn), each next one beside it.</summary>
    private static ScottPlot.IYAxis CostAxis(ScottPlot.Plot plot, Dictionary<(string, CostKind?), ScottPlot.IYAxis> axes, string series, CostKind? cost, bool anyAccuracy)
    {
        if (!axes.TryGetValue((series, cost), out ScottPlot.IYAxis? axis))
        {
            axis = axes.Count == 0 ? (anyAccuracy ? plot.Axes.Right : plot.Axes.Left) : plot.Axes.AddRightAxis();
            axes[(series, cost)] = axis;
        }

        return axis;
    }

    private static string Capitalised(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private const string FontName = "NndlPS Sans";

    /// <summary>
    /// On Linux we ship SkiaSharp's NoDependencies build (no fontconfig needed), which finds no system fonts by
    /// name: without a font file, axes and legend would have no text. So take a common sans font's file and give
    /// it to ScottPlot by name; Windows and macOS find their fonts themselves.
    /// </summary>
    private static readonly Lazy<string?> FontFile = new(() =>
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string[] folders = ["/usr/share/fonts", "/usr/local/share/fonts", Path.Combine(home, ".local/share/fonts"), Path.Combine(home, ".fonts")];
        string[] preferred = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "FreeSans.ttf", "Arial.ttf"];
        var files = folders.Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.ttf", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MaxRecursionDepth = 4 }))
            .ToList();
        string? file = preferred.Select(name => files.FirstOrDefault(f => Path.GetFileName(f) == name)).FirstOrDefault(f => f is not null)
            ?? files.FirstOrDefault(f => !Path.GetFileName(f).Contains("Mono", StringComparison.OrdinalIgnoreCase));
        if (file is not null)
        {
            ScottPlot.Fonts.AddFontFile(FontName, file, bold: false, italic: false);
            ScottPlot.Fonts.AddFontFile(FontName, file, bold: true, italic: false);
        }

        return file;
    });
}
