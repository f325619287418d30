namespace NndlPS.Core;

/// <summary>
/// The one check, and the one ErrorId (<c>NetworkValueInvalid</c>), for what cannot use a network whose weights or
/// biases are NaN or infinite: a network file (JSON has no NaN; an ONNX model would hand it on to every runtime)
/// a picture of its weights (NaN has no shade) and its gradient (NaN, which a gradient check would blame on backpropagation).
/// Such a network has diverged; it is better trained again than saved or drawn.
/// </summary>
internal static class FiniteParameters
{
    /// <param name="network">The network to check, every layer.</param>
    /// <param name="why">Why NaN cannot go where the network is going, e.g. "which a network file cannot hold".</param>
    /// <exception cref="NndlException"><c>NetworkValueInvalid</c>.</exception>
    public static void Require(Network network, string why)
    {
        for (int c = 0; c < network.ConvolutionalLayers.Count; c++)
        {
            ConvPoolLayer layer = network.ConvolutionalLayers[c];
            if (!AllFinite(layer.Weights) || !AllFinite(layer.Biases))
            {
                throw Invalid(network, c, "weights or biases", why);
            }
        }

        for (int l = 0; l < network.Layers.Count; l++)
        {
            Layer layer = network.Layers[l];
            if (!AllFinite(layer.Weights) || !AllFinite(layer.Biases))
            {
                throw Invalid(network, network.ConvolutionalLayers.Count + l, "weights or biases", why);
            }
        }
    }

    /// <summary>The weights of one fully connected layer only: all a picture of that layer draws.</summary>
    /// <exception cref="NndlException"><c>NetworkValueInvalid</c>.</exception>
    public static void RequireWeights(Network network, int layer, string why)
    {
        if (!AllFinite(network.Layers[layer].Weights))
        {
            throw Invalid(network, network.ConvolutionalLayers.Count + layer, "weights", why);
        }
    }

    // Layers of weights counted from 0, convolutional ones first, as Export-NetworkImage -Layer counts them: one
    // numbering for the message whatever refused the network (it read "Convolutional layer 0" and "Layer 0" for two).
    private static NndlException Invalid(Network network, int layer, string what, string why) => new("NetworkValueInvalid", NndlErrorKind.InvalidArgument,
        $"Layer {layer} of the network{(layer < network.ConvolutionalLayers.Count ? " (a convolutional layer)" : string.Empty)} holds NaN or infinite {what}, {why}: " +
        "training diverged. Train it again with a smaller -LearningRate.");

    private static bool AllFinite(float[] values) => Array.TrueForAll(values, float.IsFinite);
}
