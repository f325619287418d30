namespace NndlPS.Core;

/// <summary>
/// Limits that keep a typo (an extra zero) or a hostile file from exhausting memory. New-Network and every
/// network reader check against these before allocating anything.
/// </summary>
public static class NetworkLimits
{
    /// <summary>Most weights and biases one network may hold (2 GB of float32).</summary>
    public const long MaxParameters = 500_000_000;

    /// <summary>Most layers, input layer included.</summary>
    public const int MaxLayers = 64;

    /// <summary>
    /// Most JSON a network file may hold, white space aside (1 GiB). The book's format spends about 20 bytes of text
    /// per parameter, so this holds some 50 million parameters, far beyond any network of the book. White space is not
    /// counted against it, so a file indented by hand or by Python's json.dump(indent=2) is read when its numbers would
    /// be in a compact one; the bound is checked as the file is read, and the network it claims must fit in it too.
    /// </summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>
    /// Largest network file read at all, white space included (4 GiB); a larger one is refused unread. Room for a network
    /// of <see cref="MaxFileBytes"/> indented by json.dump(indent=4): measured on a 784,100,10 network's file, re-indented
    /// with Python 3, indent=4 made it 2.56 times its bytes other than white space (NndlPS's float32 numbers; 1.81 with
    /// network2.py's float64 ones), indent=2 1.83 times. White space costs a scan through the reader's 64 KiB window and
    /// no memory: what a hostile file can make us allocate stays bounded by its numbers.
    /// </summary>
    public const long MaxFileBytesWithWhiteSpace = 4 * MaxFileBytes;

    /// <summary>
    /// Weights and biases of a network of these sizes; once past <see cref="MaxParameters"/>, the count so far (enough
    /// to refuse it). Each layer's count fits 64 bits (under 2⁶²), and stopping there keeps the sum from wrapping around
    /// to a small number however many huge layers are claimed.
    /// </summary>
    public static long ParameterCount(IReadOnlyList<int> sizes)
    {
        long parameters = 0;
        for (int l = 1; l < sizes.Count && parameters <= MaxParameters; l++)
        {
            parameters += ((long)sizes[l - 1] + 1) * sizes[l];
        }

        return parameters;
    }

    /// <exception cref="NndlException">NetworkTooLarge: more than <see cref="MaxLayers"/> layers or <see cref="MaxParameters"/> parameters.</exception>
    public static void RequireWithin(IReadOnlyList<int> sizes)
    {
        long parameters = ParameterCount(sizes);
        if (sizes.Count > MaxLayers || parameters > MaxParameters)
        {
            string count = parameters > MaxParameters ? $"more than {MaxParameters:N0}" : $"{parameters:N0}";
            throw new NndlException("NetworkTooLarge", NndlErrorKind.InvalidArgument,
                $"A network of sizes [{string.Join(", ", sizes)}] has {sizes.Count} layers and {count} weights and biases; this module allows at most {MaxLayers} layers and {MaxParameters:N0} parameters. Use fewer or smaller layers.");
        }
    }
}
