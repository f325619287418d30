namespace NndlPS.Core;

/// <summary>What a layer's neurons look for: each neuron's incoming weights drawn as an image of the input.</summary>
public static class NetworkPicture
{
    /// <summary>
    /// One tile per neuron of <paramref name="layer"/> (0: the first hidden layer), its weights w_jk over the
    /// inputs k laid out as the input image: 28×28 for MNIST, a square when the inputs are one, else a row.
    /// </summary>
    /// <exception cref="NndlException">LayerOutOfRange; NetworkValueInvalid when the layer's weights are not all finite.</exception>
    public static IReadOnlyList<ImageTile> Tiles(Network network, int layer)
    {
        if (layer < 0 || layer >= network.Layers.Count)
        {
            throw new NndlException("LayerOutOfRange", NndlErrorKind.InvalidArgument,
                $"The network has {network.Layers.Count} layers of weights (0 to {network.Layers.Count - 1}); there is no layer {layer}. Layer 0 is the first hidden layer.", layer.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        FiniteParameters.RequireWeights(network, layer, "which cannot be drawn (NaN has no shade of grey)");
        Layer weights = network.Layers[layer];
        int inputs = weights.InputSize;
        int side = (int)Math.Round(Math.Sqrt(inputs));
        (int rows, int columns) = side * side == inputs ? (side, side) : (1, inputs);
        var tiles = new ImageTile[weights.OutputSize];
        for (int j = 0; j < tiles.Length; j++)
        {
            tiles[j] = ImageTile.FromWeights(weights.Weights.AsSpan(j * inputs, inputs), rows, columns, j.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return tiles;
    }
}
