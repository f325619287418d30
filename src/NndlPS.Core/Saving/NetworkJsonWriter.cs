using System.Text;
using System.Text.Json;

namespace NndlPS.Core;

/// <summary>
/// Writes a network in the JSON format of the book's <c>network2.py</c> (<c>Network.save</c>), so the book's
/// <c>load</c> reads it back: <c>sizes</c>; <c>weights</c>, one list of rows per layer (row j holds w_jk for every
/// k); <c>biases</c>, one list of one-element lists per layer (numpy's y×1 column); <c>cost</c>, the cost class's
/// name. What network2.py cannot express goes under the key <c>nndlps</c>, which its <c>load</c> ignores: each
/// layer's activation and the epochs trained.
/// </summary>
public static class NetworkJsonWriter
{
    /// <summary>Version of the <c>nndlps</c> extension; a reader refuses a newer one rather than misread it.</summary>
    public const int FormatVersion = 2;

    /// <summary>
    /// The format of the networks of chapters 1–5: an NndlPS reader of format 1 reads them. Chapter 6's networks
    /// (an input shape, convolutional layers, dropout) are format 2, which a format-1 reader refuses as newer
    /// instead of reading only their fully connected part.
    /// </summary>
    private const int FullyConnectedFormat = 1;

    /// <summary>
    /// The network as JSON text, exactly the bytes <see cref="Write(Network, Stream)"/> puts in a file: how a network crosses PowerShell
    /// serialization and a remote sweep. <see cref="NetworkJsonReader.ReadText(string, string)"/> reads it back.
    /// </summary>
    public static string WriteText(Network network)
    {
        RequireReadable(network, Math.Min(NetworkLimits.MaxFileBytes, MaxStringLength));
        using var json = new MemoryStream();
        WriteJson(network, json, long.MaxValue);
        return Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length);
    }

    /// <summary>Writes the network to <paramref name="output"/> as it goes, never holding the whole text in memory.</summary>
    /// <exception cref="NndlException"><c>NetworkTooLargeForJson</c>, before anything is written, when the reader could not read it back.</exception>
    public static void Write(Network network, Stream output) => Write(network, output, NetworkLimits.MaxFileBytes);

    internal static void Write(Network network, Stream output, long maxBytes)
    {
        RequireReadable(network, maxBytes);
        WriteJson(network, output, long.MaxValue);
    }

    /// <summary>
    /// Most bytes one weight or bias takes: the longest shortest-round-trip float is 15 characters
    /// ("-1.17549435E-38"), plus a comma, plus the brackets of a one-number row or bias ("[b],").
    /// </summary>
    private const long MaxBytesPerParameter = 20;

    /// <summary>The most characters a .NET string holds (0x3FFFFFDF), a little under the 1 GiB a file may have.</summary>
    private const long MaxStringLength = 0x3FFFFFDF;

    /// <summary>Room for the sizes, the cost and the nndlps extension of a network of at most 64 layers.</summary>
    private const long MaxHeaderBytes = 4096;

    /// <summary>
    /// What we write, we must read: a network whose text would exceed <see cref="NetworkLimits.MaxFileBytes"/>, which
    /// <see cref="NetworkJsonReader"/> refuses unread, is refused here before a byte is written. Up to some 50 million
    /// parameters the bound cannot be reached; beyond, the text is counted exactly in a dry run (a few seconds for
    /// 87 million parameters) rather than guessed, so every network that fits is written.
    /// </summary>
    private static void RequireReadable(Network network, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(network);
        long parameters = network.ParameterCount;
        if (parameters * MaxBytesPerParameter + MaxHeaderBytes <= maxBytes)
        {
            return;
        }

        long bytes = WriteJson(network, Stream.Null, maxBytes);
        if (bytes > maxBytes)
        {
            throw new NndlException("NetworkTooLargeForJson", NndlErrorKind.InvalidArgument,
                $"The network [{string.Join(", ", network.Sizes)}] has {parameters:N0} weights and biases, more than {maxBytes:N0} bytes " +
                "of JSON: Import-Network (and Import-Clixml, remoting) could not read it back, so nothing was written. " +
                "A network file holds up to about 50 million parameters; use smaller layers.", string.Join(",", network.Sizes));
        }
    }

    /// <summary>
    /// Writes the JSON, flushing to <paramref name="output"/> every 64 KiB (a Utf8JsonWriter otherwise keeps all of
    /// it until the end: 1 GB of text for a large network); stops once more than <paramref name="stopAfter"/> bytes
    /// are out. Returns the bytes written.
    /// </summary>
    private static long WriteJson(Network network, Stream output, long stopAfter)
    {
        bool layered = network.InputShape is not null || network.Layers.Any(layer => layer.Dropout > 0);
        string cost = Costs.BookName(network.Cost);
        FiniteParameters.Require(network, "which a network file cannot hold");
        using var json = new Utf8JsonWriter(output);
        bool Full()
        {
            if (json.BytesPending >= 1 << 16)
            {
                json.Flush();
            }

            return json.BytesCommitted > stopAfter;
        }

        // Chapter 6: one flat list per convolutional layer (weights F×C×k×k row-major, or biases); true once past stopAfter.
        bool WriteFlatLists(string name, Func<ConvPoolLayer, float[]> values)
        {
            json.WriteStartArray(name);
            foreach (ConvPoolLayer layer in network.ConvolutionalLayers)
            {
                json.WriteStartArray();
                foreach (float value in values(layer))
                {
                    json.WriteNumberValue(value);
                }

                json.WriteEndArray();
                if (Full())
                {
                    return true;
                }
            }

            json.WriteEndArray();
            return false;
        }

        json.WriteStartObject();
        json.WriteStartArray("sizes");
        foreach (int size in network.Sizes)
        {
            json.WriteNumberValue(size);
        }

        json.WriteEndArray();
        json.WriteStartArray("weights");
        foreach (Layer layer in network.Layers)
        {
            json.WriteStartArray();
            for (int j = 0; j < layer.OutputSize; j++)
            {
                json.WriteStartArray();
                foreach (float w in layer.Weights.AsSpan(j * layer.InputSize, layer.InputSize))
                {
                    json.WriteNumberValue(w); // shortest text that reads back as the same float
                }

                json.WriteEndArray();
                if (Full())
                {
                    return json.BytesCommitted;
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteStartArray("biases");
        foreach (Layer layer in network.Layers)
        {
            json.WriteStartArray();
            foreach (float b in layer.Biases)
            {
                json.WriteStartArray();
                json.WriteNumberValue(b);
                json.WriteEndArray();
                if (Full())
                {
                    return json.BytesCommitted;
                }
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteString("cost", cost);
        if (network.IsConvolutional)
        {
            // Chapter 6: each convolutional layer's weights as one flat list (F×C×k×k, row-major), then its biases.
            if (WriteFlatLists("convolutionalWeights", layer => layer.Weights) || WriteFlatLists("convolutionalBiases", layer => layer.Biases))
            {
                return json.BytesCommitted;
            }
        }

        json.WriteStartObject("nndlps");
        json.WriteNumber("version", layered ? FormatVersion : FullyConnectedFormat);
        if (layered)
        {
            if (network.InputShape is ImageShape shape)
            {
                json.WriteStartArray("inputShape");
                json.WriteNumberValue(shape.Channels);
                json.WriteNumberValue(shape.Height);
                json.WriteNumberValue(shape.Width);
                json.WriteEndArray();
            }

            json.WriteStartArray("convolutional");
            foreach (ConvPoolLayer layer in network.ConvolutionalLayers)
            {
                json.WriteStartObject();
                json.WriteNumber("filters", layer.Filters);
                json.WriteNumber("filterSize", layer.FilterSize);
                json.WriteNumber("poolSize", layer.PoolSize);
                json.WriteString("activation", layer.Activation.Name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("dropout");
            foreach (Layer layer in network.Layers)
            {
                json.WriteNumberValue(layer.Dropout);
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("activations");
        foreach (Layer layer in network.Layers)
        {
            json.WriteStringValue(layer.Activation.Name);
        }

        json.WriteEndArray();
        json.WriteNumber("epochsTrained", network.EpochsTrained);
        json.WriteEndObject();
        json.WriteEndObject();
        json.Flush();
        return json.BytesCommitted;
    }
}
