namespace NndlPS.Core;

/// <summary>Saves and loads networks: the one entry point Export-Network and Import-Network call.</summary>
public static class NetworkFile
{
    /// <summary>The format a file name implies: every name gives <see cref="NetworkFormat.Json"/>, the book's.</summary>
    public static NetworkFormat FormatOf(string path) => NetworkFormat.Json;

    /// <summary>Writes <paramref name="network"/> to <paramref name="path"/> atomically (see <see cref="AtomicFile"/>).</summary>
    public static void Export(Network network, string path, NetworkFormat format, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(network);
        Action<Stream> write = format switch
        {
            NetworkFormat.Json => stream => NetworkJsonWriter.Write(network, stream),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown network format."),
        };
        AtomicFile.Write(path, overwrite, write);
    }

    /// <summary>Reads a network saved in the book's JSON format, by NndlPS or by network2.py.</summary>
    public static Network Import(string path) => NetworkJsonReader.Read(path);
}
