namespace NndlPS.Core;

/// <summary>Saves and loads networks: the one entry point Export-Network and Import-Network call.</summary>
public static class NetworkFile
{
    /// <summary>The format a file name implies: <see cref="NetworkFormat.Onnx"/> for <c>.onnx</c>, else the book's JSON.</summary>
    public static NetworkFormat FormatOf(string path) =>
        string.Equals(Path.GetExtension(path), ".onnx", StringComparison.OrdinalIgnoreCase) ? NetworkFormat.Onnx : NetworkFormat.Json;

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Export(Network network, string path, NetworkFormat format, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(network);
        Action<Stream> write = format switch
        {
            NetworkFormat.Json => stream => NetworkJsonWriter.Write(network, stream),
            NetworkFormat.Onnx => stream => OnnxWriter.Write(network, stream),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown network format."),
        };
        AtomicFile.Write(path, overwrite, write, format == NetworkFormat.Onnx ? "network.onnx" : "network.json");
    }

    /// <summary>Reads a network saved in the book's JSON format, by NndlPS or by network2.py.</summary>
    public static Network Import(string path)
    {
        if (FormatOf(path) == NetworkFormat.Onnx)
        {
            throw new NndlException("NetworkFormatUnsupported", NndlErrorKind.InvalidArgument,
                $"'{path}' is an ONNX model: NndlPS writes ONNX for other runtimes but reads back only the book's JSON format. " +
                "Save the network with Export-Network -Format Json to load it again.", path);
        }

        return NetworkJsonReader.Read(path);
    }
}
