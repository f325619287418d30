namespace NndlPS.Core;

/// <summary>
/// One picture in a grid: grey levels row-major (0 black, 1 white), and up to two short captions drawn under it
/// (an image's label and, when it was classified, the network's answer; a neuron's number).
/// </summary>
public sealed record ImageTile(float[] Levels, int Rows, int Columns, string? Caption = null, string? Answer = null, bool Wrong = false)
{
    /// <summary>An MNIST image (pixels in [0, 1], ink high) as the book draws it: dark ink on white.</summary>
    public static ImageTile FromSample(ImageSample sample, int? predicted = null)
    {
        float[] levels = sample.Pixels.Select(p => 1 - Math.Clamp(p, 0, 1)).ToArray();
        return new ImageTile(levels, sample.Rows, sample.Columns, sample.Label.ToString(System.Globalization.CultureInfo.InvariantCulture),
            predicted?.ToString(System.Globalization.CultureInfo.InvariantCulture), predicted is int p && p != sample.Label);
    }

    /// <summary>
    /// A neuron's incoming weights as the book's figures show them: one grey scale centred on 0 (mid-grey), the
    /// largest |w| of the neuron at black (negative) or white (positive).
    /// </summary>
    public static ImageTile FromWeights(ReadOnlySpan<float> weights, int rows, int columns, string caption)
    {
        float largest = 0;
        foreach (float w in weights)
        {
            largest = Math.Max(largest, Math.Abs(w));
        }

        var levels = new float[weights.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = largest > 0 ? 0.5f + (0.5f * weights[i] / largest) : 0.5f;
        }

        return new ImageTile(levels, rows, columns, caption);
    }
}
