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
    public const int FormatVersion = 1;

    /// <summary>
    /// The network as JSON text, exactly the bytes <see cref="Write"/> puts in a file: how a network crosses PowerShell
    /// serialization and a remote sweep. <see cref="NetworkJsonReader.ReadText(string, string)"/> reads it back.
    /// </summary>
    public static string WriteText(Network network)
    {
        using var json = new MemoryStream();
        Write(network, json);
        return Encoding.UTF8.GetString(json.GetBuffer(), 0, (int)json.Length);
    }

    public static void Write(Network network, Stream output)
    {
        ArgumentNullException.ThrowIfNull(network);
        string cost = NetworkComponents.BookName(network.Cost);
        FiniteParameters.Require(network, "which a network file cannot hold");
        using var json = new Utf8JsonWriter(output);
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
            }

            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteString("cost", cost);
        json.WriteStartObject("nndlps");
        json.WriteNumber("version", FormatVersion);
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
    }
}
