namespace NndlPS.Core;

/// <summary>
/// One picture in a grid: grey levels row-major (0 black, 1 white), and up to two short captions drawn under it
/// (an image's label and, when it was classified, the network's answer; a neuron's number).
/// </summary>
public sealed record ImageTile(float[] Levels, int Rows, int Columns, string? Caption = null, string? Answer = null, bool Wrong = false)
{
    /// <summary>
    /// Screen pixels between two maps of a tile, and of a weight tile's frame: one, so the maps read as one neuron's,
    /// apart from the next tile's. Drawn in <see cref="ImageGrid"/>'s line colour, not the white background: the
    /// largest positive weight is white, and a white 1x1 filter, or a white weight beside a white gap, vanished.
    /// </summary>
    public const int MapGap = 1;

    /// <summary>
    /// Whether the tile is drawn inside a <see cref="MapGap"/>-pixel frame, its maps' gaps in the frame's colour: a
    /// layer's weights (<see cref="FromWeights"/>), whose white is a weight, not the paper. An MNIST image is not
    /// framed: its white is the paper, as the book draws digits.
    /// </summary>
    public bool Framed { get; init; }

    // The frame's width on each side.
    private int Border => Framed ? MapGap : 0;

    /// <summary>
    /// How many maps of <see cref="Rows"/> × <see cref="Columns"/> the tile is, stored one after another (C×H×W, as
    /// network3.py reshapes a convolutional layer's output for the fully connected layer after it, and as a filter's
    /// weights over C input channels are stored: one mechanism for both). They are drawn in
    /// a grid <see cref="MapsAcross"/> wide, <see cref="MapGap"/> apart, so a reader sees which map and where in it a
    /// neuron looks; drawn in one row, 20 maps of 12x12 were a line 2,880 weights long.
    /// </summary>
    public int Maps { get; init; } = 1;

    /// <summary>
    /// Maps per row of the tile's grid: the divisor of <see cref="Maps"/> nearest √Maps, at least as many across as
    /// down, so whole rows fill it (40: 8 across, 5 down; 20: 5x4; 12: 4x3). ⌈√Maps⌉ left 2 places of 7x6 empty for
    /// the book's 40 maps of network #4. When the divisor's grid is more than twice as wide as high (a prime count:
    /// 7 maps would be 7x1), ⌈√Maps⌉ across instead, a square with a short last row (7: 3x3).
    /// </summary>
    public int MapsAcross
    {
        get
        {
            // Up to three maps side by side: three colour channels read at once in a row, where a 2x2 grid with one
            // place empty drew a "P".
            if (Maps <= 3)
            {
                return Maps;
            }

            int root = 1;
            while (root * root < Maps)
            {
                root++;
            }

            // The smallest divisor from ⌈√Maps⌉ up is the one nearest √Maps with across ≥ down; across ≤ 2·down is
            // across² ≤ 2·Maps, so the search stops there (a few hundred steps for a million maps, not a million).
            for (int across = root; across * (long)across <= 2L * Maps; across++)
            {
                if (Maps % across == 0)
                {
                    return across;
                }
            }

            return root;
        }
    }

    /// <summary>Rows of maps in the tile's grid.</summary>
    public int MapsDown => (Maps + MapsAcross - 1) / MapsAcross;

    /// <summary>The tile's width in screen pixels at <paramref name="scale"/> pixels a weight (long: a row of many weights overflows an int).</summary>
    public long Width(int scale) => (MapsAcross * (long)Columns * scale) + ((MapsAcross - 1) * MapGap) + (2 * Border);

    /// <summary>The tile's height in screen pixels at <paramref name="scale"/> pixels a weight.</summary>
    public long Height(int scale) => (MapsDown * (long)Rows * scale) + ((MapsDown - 1) * MapGap) + (2 * Border);

    /// <summary>The tile's size in words, for messages: "28x28", or "20 maps of 12x12".</summary>
    public string Shape => Maps == 1 ? $"{Rows}x{Columns}" : $"{Maps} maps of {Rows}x{Columns}";

    /// <summary>An MNIST image (pixels in [0, 1], ink high) as the book draws it: dark ink on white.</summary>
    public static ImageTile FromSample(ImageSample sample, int? predicted = null)
    {
        float[] levels = sample.Pixels.Select(p => 1 - Math.Clamp(p, 0, 1)).ToArray();
        return new ImageTile(levels, sample.Rows, sample.Columns, sample.Label.ToString(System.Globalization.CultureInfo.InvariantCulture),
            predicted?.ToString(System.Globalization.CultureInfo.InvariantCulture), predicted is int p && p != sample.Label);
    }

    /// <summary>
    /// A neuron's incoming weights as the book's figures show them: one grey scale centred on 0 (mid-grey), the
    /// largest |w| of the neuron at black (negative) or white (positive). A neuron whose weights are all equal (a 1x1
    /// filter's one weight) is drawn against <paramref name="layerLargest"/>, the largest |w| of its layer, instead:
    /// its own scale would draw it pure black or white whatever its value.
    /// </summary>
    public static ImageTile FromWeights(ReadOnlySpan<float> weights, int rows, int columns, string caption, float layerLargest)
    {
        float largest = LargestMagnitude(weights);
        if (weights.Length > 0 && weights.IndexOfAnyExcept(weights[0]) < 0)
        {
            largest = layerLargest;
        }

        var levels = new float[weights.Length];
        for (int i = 0; i < levels.Length; i++)
        {
            levels[i] = largest > 0 ? 0.5f + (0.5f * weights[i] / largest) : 0.5f;
        }

        return new ImageTile(levels, rows, columns, caption) { Framed = true };
    }

    /// <summary>The largest |w| of <paramref name="weights"/>; 0 for none.</summary>
    public static float LargestMagnitude(ReadOnlySpan<float> weights)
    {
        float largest = 0;
        foreach (float w in weights)
        {
            largest = Math.Max(largest, Math.Abs(w));
        }

        return largest;
    }
}
