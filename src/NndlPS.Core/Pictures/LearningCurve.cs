namespace NndlPS.Core;

/// <summary>
/// The book's learning-curve figures: accuracy per epoch and, when the run monitored it, cost per epoch, one line
/// per run, drawn with ScottPlot as PNG or SVG.
/// </summary>
public static class LearningCurve
{
    /// <summary>The formats a learning curve can be drawn in.</summary>
    public static readonly PictureFormat[] Formats = [PictureFormat.Png, PictureFormat.Svg];

    /// <summary>Splits epoch results into runs: a run is one network trained with one set of settings.</summary>
    public static IReadOnlyList<IReadOnlyList<EpochResult>> Runs(IEnumerable<EpochResult> results) =>
        results.GroupBy(r => (r.Network, r.Seed, r.LearningRate, r.MiniBatchSize, r.Lambda, r.Momentum))
            .Select(g => (IReadOnlyList<EpochResult>)g.OrderBy(r => r.Epoch).ToList()).ToList();

    /// <summary>A run's settings, as its legend shows them.</summary>
    public static string Label(IReadOnlyList<EpochResult> run)
    {
        EpochResult first = run[0];
        string label = $"[{string.Join(",", first.Network.Sizes)}] eta {first.LearningRate:0.###}, batch {first.MiniBatchSize}";
        if (first.Lambda != 0) label += $", lambda {first.Lambda:0.###}";
        if (first.Momentum != 0) label += $", mu {first.Momentum:0.###}";
        return label + $", seed {first.Seed}";
    }

    /// <summary>Draws the curves as a PNG or an SVG, as the file's extension says (<see cref="PictureFile.FormatOf"/>).</summary>
    /// <exception cref="NndlException">A name that is not .png or .svg; no results with an accuracy or a cost; the file cannot be written.</exception>
    public static void Write(string path, IEnumerable<EpochResult> results, int width, int height, bool overwrite)
    {
        PictureFormat format = PictureFile.FormatOf(path, Formats);
        IReadOnlyList<IReadOnlyList<EpochResult>> runs = Runs(results);
        if (!runs.SelectMany(r => r).Any(r => Accuracy(r) is not null || Cost(r) is not null))
        {
            throw new NndlException("PictureEmpty", NndlErrorKind.InvalidArgument,
                "The epoch results have no accuracy and no cost to draw: train with test data (-TestData, or a piped dataset), or with -Monitor TrainingCost.");
        }

        var plot = new ScottPlot.Plot();
        if (FontFile.Value is not null)
        {
            plot.Font.Set(FontName);
        }

        bool anyCost = runs.SelectMany(r => r).Any(r => Cost(r) is not null);
        ScottPlot.IPalette palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < runs.Count; i++)
        {
            IReadOnlyList<EpochResult> run = runs[i];
            ScottPlot.Color color = palette.GetColor(i);
            var accuracy = run.Where(r => Accuracy(r) is not null).ToList();
            if (accuracy.Count > 0)
            {
                var line = plot.Add.Scatter(accuracy.Select(r => (double)r.Epoch).ToArray(), accuracy.Select(r => Accuracy(r)!.Value * 100).ToArray(), color);
                line.LegendText = Label(run);
            }

            var cost = run.Where(r => Cost(r) is not null).ToList();
            if (cost.Count > 0)
            {
                var line = plot.Add.Scatter(cost.Select(r => (double)r.Epoch).ToArray(), cost.Select(r => Cost(r)!.Value).ToArray(), color);
                line.LinePattern = ScottPlot.LinePattern.Dashed;
                line.Axes.YAxis = plot.Axes.Right;
                line.LegendText = accuracy.Count > 0 ? string.Empty : Label(run);
            }
        }

        plot.Title("Learning curves");
        plot.XLabel("Epoch");
        plot.YLabel("Accuracy (%)");
        if (anyCost) plot.Axes.Right.Label.Text = "Cost (dashed)";
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);

        byte[] bytes = format == PictureFormat.Svg
            ? System.Text.Encoding.UTF8.GetBytes(plot.GetSvgXml(width, height))
            : plot.GetImageBytes(width, height, ScottPlot.ImageFormat.Png);
        AtomicFile.Write(path, overwrite, stream => stream.Write(bytes));
    }

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

    // The accuracy on the data the run was tested on; the cost it monitored (training, else evaluation).
    private static double? Accuracy(EpochResult r) => r.Accuracy ?? r.EvaluationAccuracy ?? r.TrainingAccuracy;

    private static double? Cost(EpochResult r) => r.TrainingCost ?? r.EvaluationCost;
}
