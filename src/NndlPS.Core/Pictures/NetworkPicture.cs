namespace NndlPS.Core;

/// <summary>What a layer's neurons look for: each neuron's incoming weights drawn as an image of the input.</summary>
public static class NetworkPicture
{
    /// <summary>Screen pixels per weight when none is asked for, for tiles as large as a 28x28 image's weights.</summary>
    public const int DefaultScale = 3;

    /// <summary>The most screen pixels per weight (Export-NetworkImage -Scale).</summary>
    public const int MaxScale = 16;

    // The shortest a tile's longer side is drawn when no scale is asked for: at scale 3 the book's 5x5 filters were
    // 15 pixels, too small to see what each looks for. The whole tile's longer side, its grid of maps included, so a
    // filter over 20 channels (5x4 maps of 5x5, 25 weights across) stays at scale 3 rather than 6: 81 pixels wide.
    private const int SmallestTileSide = 30;

    /// <summary>
    /// <paramref name="scale"/>, or when null the scale a grid of <paramref name="tiles"/> is drawn at by default:
    /// <see cref="DefaultScale"/>, or more for tiles whose longer side is under 30 pixels at it (a 5x5 filter: 6).
    /// </summary>
    public static int ScaleFor(IReadOnlyList<ImageTile> tiles, int? scale)
    {
        if (scale is not null || tiles.Count == 0)
        {
            return scale ?? DefaultScale;
        }

        int side = Math.Max(tiles[0].Rows * tiles[0].MapsDown, tiles[0].Columns * tiles[0].MapsAcross);
        return Math.Clamp((SmallestTileSide + side - 1) / side, DefaultScale, MaxScale);
    }

    /// <summary>
    /// Export-NetworkImage's advice for a layer too large to draw <paramref name="columns"/> across at
    /// <paramref name="scale"/>: the largest scale below, with as many columns as fit, that draws it; or that none does.
    /// A layer's neurons cannot be piped fewer, as images can (Select-Object -First).
    /// </summary>
    public static string TooLargeAdvice(IReadOnlyList<ImageTile> tiles, int columns, int scale)
    {
        for (int s = scale; s >= 1; s--)
        {
            if (ImageGrid.ColumnsThatFit(tiles, columns, s) is int c and > 0)
            {
                return $"Draw it with a smaller -Scale or fewer -Columns: -Scale {s} -Columns {c} fits.";
            }
        }

        return $"Even at -Scale 1 -Columns 1 its {tiles.Count} tiles of {tiles[0].Shape} weights are more than one picture may hold " +
            $"({ImageGrid.MaxPixels:N0} pixels): this layer has too many neurons or weights to draw.";
    }

    /// <summary>
    /// One tile per neuron of <paramref name="layer"/> (0: the first hidden layer), its weights w_jk over the
    /// inputs k laid out as the input image: the C maps of H×W the first fully connected layer of a network made
    /// with -InputShape sees (the last convolutional layer's output, or the image), otherwise 28×28 for MNIST, a
    /// square when the inputs are one, else a row.
    /// </summary>
    /// <exception cref="NndlException">LayerOutOfRange; NetworkValueInvalid when the layer's weights are not all finite.</exception>
    public static IReadOnlyList<ImageTile> Tiles(Network network, int layer)
    {
        int convolutional = network.ConvolutionalLayers.Count, count = convolutional + network.Layers.Count;
        if (layer < 0 || layer >= count)
        {
            throw new NndlException("LayerOutOfRange", NndlErrorKind.InvalidArgument,
                $"The network has {count} layers of weights (0 to {count - 1}); there is no layer {layer}. Layer 0 is the first hidden layer" +
                (convolutional > 0 ? $"; the convolutional layers come first (0 to {convolutional - 1})." : "."), layer.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (layer < convolutional)
        {
            return FilterTiles(network.ConvolutionalLayers[layer]);
        }

        layer -= convolutional;

        FiniteParameters.RequireWeights(network, layer, "which cannot be drawn (NaN has no shade of grey)");
        Layer weights = network.Layers[layer];
        int inputs = weights.InputSize;
        (int maps, int rows, int columns) = InputLayout(network, layer, inputs);
        float layerLargest = ImageTile.LargestMagnitude(weights.Weights);
        var tiles = new ImageTile[weights.OutputSize];
        for (int j = 0; j < tiles.Length; j++)
        {
            tiles[j] = ImageTile.FromWeights(weights.Weights.AsSpan(j * inputs, inputs), rows, columns, j.ToString(System.Globalization.CultureInfo.InvariantCulture), layerLargest) with { Maps = maps };
        }

        return tiles;
    }

    // The shape fully connected layer `layer`'s inputs have. The first one of a network made from layers takes C×H×W
    // values (the last convolutional layer's maps, or the image itself), flattened channel-major as network3.py's
    // reshape: drawn as one row, 20 maps of 12x12 were 2,880 weights in a line that showed neither map nor place.
    private static (int Maps, int Rows, int Columns) InputLayout(Network network, int layer, int inputs)
    {
        ImageShape? shape = layer > 0 ? null : network.ConvolutionalLayers.Count > 0 ? network.ConvolutionalLayers[^1].OutputShape : network.InputShape;
        if (shape is ImageShape s && s.Size == inputs)
        {
            return (s.Channels, s.Height, s.Width);
        }

        int side = (int)Math.Round(Math.Sqrt(inputs));
        return side * side == inputs ? (1, side, side) : (1, 1, inputs);
    }

    /// <summary>
    /// Chapter 6's figure of a convolutional layer: each filter's k×k shared weights as a small picture, the feature it
    /// looks for. A filter over several channels (network #4's second layer: 20) is one tile of C maps of k×k, as a
    /// fully connected neuron's input maps are: a near-square grid, channel 0 at the top left, each map ruled round,
    /// all on the filter's one grey scale. Stacked in one (C·k)×k strip, 20 channels were a column 5 weights wide and
    /// 100 tall whose channel edges nobody could see.
    /// </summary>
    private static ImageTile[] FilterTiles(ConvPoolLayer layer)
    {
        if (!layer.Weights.All(float.IsFinite))
        {
            throw new NndlException("NetworkValueInvalid", NndlErrorKind.InvalidArgument,
                "The convolutional layer's weights are not all finite numbers, which cannot be drawn (NaN has no shade of grey). Train the network again with a smaller learning rate.");
        }

        int size = layer.WeightsPerFilter;
        float layerLargest = ImageTile.LargestMagnitude(layer.Weights);
        var tiles = new ImageTile[layer.Filters];
        for (int f = 0; f < tiles.Length; f++)
        {
            // A filter's weights are stored channel-major (filters x channels x k x k), the order Maps draws.
            tiles[f] = ImageTile.FromWeights(layer.Weights.AsSpan(f * size, size), layer.FilterSize, layer.FilterSize,
                f.ToString(System.Globalization.CultureInfo.InvariantCulture), layerLargest) with { Maps = layer.InputShape.Channels };
        }

        return tiles;
    }
}
