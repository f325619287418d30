using System.Text;
using System.Text.Json;

namespace NndlPS.Core;

/// <summary>
/// Reads a network saved in the JSON format of the book's <c>network2.py</c> (see <see cref="NetworkJsonWriter"/>),
/// from NndlPS or from the book's own code. Files are input from anywhere, so nothing in one is trusted: the
/// file's size is bounded before it is read, nesting is bounded while it is parsed, the sizes' parameter count is
/// checked in 64 bits before anything is allocated, every row and bias list must have exactly the length the sizes
/// give, every value must be a finite float, and nothing may follow the network. The file is parsed twice (sizes
/// first, wherever they stand, then the numbers straight into the new network's arrays), so a failure never leaves a
/// half-built network behind; each pass reads it through a small window (<see cref="JsonInput"/>), so its text is
/// never in memory whole. Text from Import-Clixml, remoting or a remote sweep is read by the same code.
/// <para>The size rule: the JSON, white space aside, may be <see cref="NetworkLimits.MaxFileBytes"/> (counted as it is
/// read), and the whole file, white space included, <see cref="NetworkLimits.MaxFileBytesWithWhiteSpace"/> (checked
/// before it is read). So an indented file (json.dump(indent=2)) is read when its numbers fit, as a compact one is,
/// and a hostile one costs at most a scan of 4 GiB and the network its own numbers can fill: the sizes it claims must
/// fit in its bytes other than white space.</para>
/// </summary>
public static class NetworkJsonReader
{
    // The format nests four deep (root, weights, layer, row); a little slack for keys other tools may add.
    private const int MaxDepth = 8;

    /// <summary>Reads the network file at <paramref name="path"/>.</summary>
    /// <exception cref="NndlException"><c>NetworkFileNotFound</c>, <c>NetworkFileTooLarge</c>, or any error of <see cref="Read(ReadOnlySpan{byte}, string)"/>.</exception>
    public static Network Read(string path)
    {
        string full = FilePath.Require(path);
        RequireReadableFile(full);
        try
        {
            using var file = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
            if (file.Length > NetworkLimits.MaxFileBytesWithWhiteSpace)
            {
                throw new NndlException("NetworkFileTooLarge", NndlErrorKind.InvalidData,
                    $"'{full}' is {file.Length:N0} bytes, more than the {NetworkLimits.MaxFileBytesWithWhiteSpace:N0} a network file may have here, white space included " +
                    $"(and {NetworkLimits.MaxFileBytes:N0} without); it was not read. Check that it is a network file.", full);
            }

            return Parse(JsonInput.OfStream(file, full)); // through a window, never the whole file in memory
        }
        catch (FileNotFoundException)
        {
            throw NotFound(full, "does not exist"); // removed since the check
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFile.AccessDenied(full, ex); // not an IOException: the data readers' words for it
        }
        catch (IOException ex)
        {
            throw new NndlException("NetworkFileInvalid", NndlErrorKind.InvalidData, $"'{full}' could not be read: {ex.Message}", full, ex);
        }
    }

    /// <summary>
    /// What must hold before a network file is opened: it exists, through any symbolic links, and it is a file that
    /// can be read to its end. A named pipe would make the open wait for a writer forever; a device never ends.
    /// </summary>
    private static void RequireReadableFile(string full)
    {
        FileSystemInfo target;
        try
        {
            target = new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) ?? new FileInfo(full);
        }
        catch (IOException ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NotFound(full, "does not exist"); // its folder or a link on the way is missing
        }
        catch (IOException ex)
        {
            // A link loop says "Too many levels of symbolic links"; the system's own words, not a guess at the cause.
            throw NotFound(full, $"cannot be followed to a file ({ex.Message})");
        }

        if (Directory.Exists(target.FullName))
        {
            throw NotFound(full, "is a folder, not a file");
        }

        if (!target.Exists)
        {
            throw NotFound(full, target.FullName == full ? "does not exist" : $"is a link to '{target.FullName}', which does not exist");
        }

        if (UnixFileType.Of(target.FullName) is string special)
        {
            throw new NndlException("NetworkFileInvalid", NndlErrorKind.InvalidData,
                $"'{full}' is {special}, not a file: reading it would wait for a writer or never end. Give a network file written by Export-Network.", full);
        }
    }

    private static NndlException NotFound(string full, string what) => new("NetworkFileNotFound", NndlErrorKind.NotFound,
        $"There is no network file '{full}': it {what}. Give the path of a file written by Export-Network or by the book's network2.py (Network.save).", full);

    /// <summary>
    /// Reads a network from JSON text that crossed a process boundary rather than a file (PowerShell serialization,
    /// a remote sweep's result): the same checks as a file, its size first, before the text is encoded to bytes.
    /// </summary>
    /// <exception cref="NndlException"><c>NetworkFileTooLarge</c>, or any error of <see cref="Read(ReadOnlySpan{byte}, string)"/>.</exception>
    public static Network ReadText(string json, string source) => ReadText(json, source, NetworkLimits.MaxFileBytes);

    // maxBytes: the most JSON other than white space (NetworkLimits.MaxFileBytes, smaller in tests); the whole text may be
    // as many times more as MaxFileBytesWithWhiteSpace is, and at most maxArray bytes (Array.MaxLength, smaller in tests).
    internal static Network ReadText(string json, string source, long maxBytes, long? maxArray = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        // A char is at least one UTF-8 byte: too many chars is too large without counting the bytes.
        long most = WithWhiteSpace(maxBytes);
        long bytes = json.Length > most ? json.Length : Utf8Length(json);
        RequireSize(bytes, most, source);
        if (bytes > (maxArray ??= Array.MaxLength))
        {
            // Within the bound, but text in memory is read as one array of bytes, and no array holds this many.
            throw new NndlException("NetworkFileTooLarge", NndlErrorKind.InvalidData,
                $"'{source}' is {bytes:N0} bytes of text, more than the {maxArray:N0} a network held in memory may have; it was not read. " +
                "Export the network to a file (Export-Network) and read the file (Import-Network -Path), which is read a window at a time.", source);
        }

        return Parse(JsonInput.OfBytes(Encoding.UTF8.GetBytes(json), source, maxBytes));
    }

    /// <summary>
    /// The UTF-8 length of <paramref name="text"/> in 64 bits, counted a piece at a time: Encoding.UTF8.GetByteCount
    /// of the whole string throws past 2 GB (a string of a billion chars can be three billion bytes).
    /// </summary>
    internal static long Utf8Length(string text)
    {
        const int Piece = 1 << 20;
        long bytes = 0;
        for (int start = 0; start < text.Length;)
        {
            int length = Math.Min(Piece, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1]))
            {
                length--; // never cut a surrogate pair: each half alone would count as a replacement character's 3 bytes
            }

            bytes += Encoding.UTF8.GetByteCount(text.AsSpan(start, length));
            start += length;
        }

        return bytes;
    }

    private static long WithWhiteSpace(long maxBytes) => maxBytes * (NetworkLimits.MaxFileBytesWithWhiteSpace / NetworkLimits.MaxFileBytes);

    private static void RequireSize(long bytes, long most, string source)
    {
        if (bytes > most)
        {
            throw new NndlException("NetworkFileTooLarge", NndlErrorKind.InvalidData,
                $"'{source}' is {bytes:N0} bytes, more than the {most:N0} a network may have here, white space included; it was not read.", source);
        }
    }

    /// <summary>Reads a network from the UTF-8 JSON text <paramref name="json"/>; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="NndlException">
    /// <c>NetworkFileInvalid</c> (not JSON, truncated, nested too deep, a key missing or of the wrong kind),
    /// <c>NetworkShapeInvalid</c> (weights or biases that do not fit the sizes), <c>NetworkValueInvalid</c> (NaN,
    /// infinity, a number beyond float), <c>NetworkTooLarge</c> (sizes claiming too many parameters),
    /// <c>NetworkCostUnsupported</c>, <c>NetworkActivationUnsupported</c>, <c>NetworkFormatUnsupported</c>,
    /// <c>NetworkFileTooLarge</c> (more than <see cref="NetworkLimits.MaxFileBytes"/> besides white space).
    /// </exception>
    public static Network Read(ReadOnlySpan<byte> json, string source)
    {
        RequireSize(json.Length, NetworkLimits.MaxFileBytesWithWhiteSpace, source);
        return Parse(JsonInput.OfBytes(json.ToArray(), source));
    }

    /// <summary>Reads a seekable stream through windows of <paramref name="window"/> bytes (for tests of the windowing and of the bound).</summary>
    internal static Network Read(Stream json, string source, int window, long maxBytes = NetworkLimits.MaxFileBytes) =>
        Parse(JsonInput.OfStream(json, source, window, maxBytes));

    /// <summary>Both passes over <paramref name="source"/>, each from its first byte: the header, then the numbers.</summary>
    private static Network Parse(JsonInput source)
    {
        ReadOnlySpan<byte> start = source.Rewind();
        if (TextEncoding.WideEncodingOf(start) is string encoding)
        {
            throw Invalid(source, $"it is text in {encoding}; a network file is UTF-8 JSON. {TextEncoding.Advice}");
        }

        // A byte-order mark, as Notepad and Set-Content -Encoding utf8BOM write: U+FEFF is EF BB BF in UTF-8. (Not
        // "\xEF\xBB\xBF"u8: in a C# string \xEF is the character U+00EF, which u8 encodes as two other bytes.)
        int mark = start.StartsWith("\uFEFF"u8) ? 3 : 0;
        var options = new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };
        source.Skip(mark);
        Utf8JsonReader reader = source.Reader(options);
        try
        {
            Header header = ReadHeader(ref reader, source);
            RequireRoomFor(header, source.JsonBytes, source); // pass 1 has read the whole network: its bytes are counted
            Network network = Build(header, source);

            source.Rewind();
            source.Skip(mark);
            reader = source.Reader(options);
            ReadParameters(ref reader, network, source);
            RequireEnd(ref reader, source);
            return network;
        }
        catch (JsonException ex)
        {
            if (IsNonFiniteLiteral(source.After(reader)))
            {
                throw new NndlException("NetworkValueInvalid", NndlErrorKind.InvalidData,
                    $"'{source}' holds NaN or Infinity (line {ex.LineNumber + 1}): the network it saved had diverged, so it cannot be used. " +
                    "Train it again with a smaller learning rate.", source, ex);
            }

            if (OpensTooDeep(reader.TokenType, reader.CurrentDepth, source.After(reader)))
            {
                // The JSON reader's refusal ("The maximum configured depth of 8 has been exceeded") is of valid JSON.
                throw Invalid(source, $"it nests lists or objects more than {MaxDepth} deep (line {ex.LineNumber + 1}), deeper than a network file does: " +
                    "its weights are lists of rows of numbers, four levels with the file itself. It was edited by hand or written by something else; export the network again.", ex);
            }

            throw Invalid(source, $"it is not valid JSON ({ex.Message}). It may be cut short or edited by hand; export the network again.", ex);
        }
    }

    /// <summary>
    /// A file holds one network and nothing after it, as network2.py's <c>json.load</c> requires ("Extra data") and as
    /// the IDX reader refuses trailing bytes: two files joined (<c>cat a.json b.json</c>) must not read as the first.
    /// </summary>
    private static void RequireEnd(ref Utf8JsonReader reader, JsonInput source)
    {
        long extra = source.NextNonWhiteSpace(ref reader);
        if (extra >= 0)
        {
            throw Invalid(source, $"it holds more after the network ends (at byte {extra:N0}). A network file holds one network; " +
                "files joined together are not one. Export each network to a file of its own.");
        }
    }

    /// <summary>The network the header describes, with zero weights; a cost and neurons that do not go together are the file's fault.</summary>
    private static Network Build(Header header, string source)
    {
        Network network;
        try
        {
            network = header.Layers is Chapter6 layered ? BuildLayered(header, layered, source) : new Network(header.Sizes, header.Activations[0], header.Activations[^1], header.Cost);
            network.EpochsTrained = header.EpochsTrained;
        }
        catch (NndlException ex) when (ex.Kind == NndlErrorKind.InvalidArgument)
        {
            throw new NndlException(ex.ErrorId, NndlErrorKind.InvalidData, $"'{source}' describes a network NndlPS cannot build: {ex.Message}", source, ex);
        }

        for (int l = 0; l < header.Activations.Length; l++)
        {
            network.Layers[l].Activation = header.Activations[l];
        }

        return network;
    }

    /// <summary>
    /// A chapter-6 network from its description, through the same checks as New-Network -InputShape -Layers (its
    /// weights are then read over the drawn ones); the fully connected sizes it makes must be the file's.
    /// </summary>
    private static Network BuildLayered(Header header, Chapter6 layered, string source)
    {
        int[] input = layered.InputShape ?? [1, 1, header.Sizes[0]];
        var designs = new List<LayerDesign>(layered.Convolutional);
        for (int l = 0; l < header.Activations.Length; l++)
        {
            float dropout = layered.Dropout?[l] ?? 0;
            designs.Add(header.Activations[l].Kind == ActivationKind.Softmax
                ? new SoftmaxLayerDesign(header.Sizes[l + 1], dropout)
                : new FullyConnectedLayerDesign(header.Sizes[l + 1], header.Activations[l].Kind, dropout));
        }

        Network network = Network.Create(new ImageShape(input[0], input[1], input[2]), designs, seed: 0, header.Cost.Kind);
        if (!network.Sizes.SequenceEqual(header.Sizes))
        {
            throw Shape(source, $"its convolutional layers give {network.Sizes[0]} values to the first fully connected layer, but its sizes [{string.Join(", ", header.Sizes)}] start with {header.Sizes[0]}.");
        }

        // The drawn weights are about to be replaced by the file's, which no initialisation we know of made (as for a
        // network of sizes read from a file): a picture of its retraining must not claim "weights N(0, 1/n)".
        network.Initialization = null;
        return network;
    }

    private sealed record Header(int[] Sizes, ICost Cost, IActivation[] Activations, int EpochsTrained, Chapter6? Layers = null);

    /// <summary>Format 2's description of a chapter-6 network: the input, the convolutional layers, each fully connected layer's dropout.</summary>
    private sealed record Chapter6(int[]? InputShape, List<ConvPoolLayerDesign> Convolutional, float[]? Dropout);

    /// <summary>First pass: the sizes, cost and extension, checked before anything is allocated.</summary>
    private static Header ReadHeader(ref Utf8JsonReader reader, JsonInput source)
    {
        int[]? sizes = null;
        string? costName = null;
        string[]? activationNames = null;
        int epochsTrained = 0;
        Chapter6? layered = null;
        int? version = null;
        string? chapter6Key = null; // the first key of format 2 the file has, for a file that says it is format 1
        bool weights = false, biases = false;
        var read = new HashSet<string>();
        ReadStartObject(ref reader, source, "The file");
        while (NextProperty(ref reader, source, out string name))
        {
            RequireOnce(read, name, name is "sizes" or "cost" or "nndlps", $"'{name}'", source);
            switch (name)
            {
                case "sizes":
                    sizes = ReadSizes(ref reader, source);
                    break;
                case "cost":
                    costName = ReadString(ref reader, source, "cost");
                    break;
                case "nndlps":
                    (activationNames, epochsTrained, layered, version, string? extensionKey) = ReadExtension(ref reader, source);
                    chapter6Key ??= extensionKey;
                    break;
                default:
                    chapter6Key ??= name is "convolutionalWeights" or "convolutionalBiases" ? $"'{name}'" : null;
                    weights |= name == "weights";
                    biases |= name == "biases";
                    Skip(ref reader, source);
                    break;
            }
        }

        if (sizes is null || !weights || !biases || costName is null)
        {
            string missing = string.Join(", ", new[] { ("sizes", sizes is not null), ("weights", weights), ("biases", biases), ("cost", costName is not null) }
                .Where(key => !key.Item2).Select(key => $"'{key.Item1}'"));
            throw Invalid(source, $"it has no {missing}. A network file has the keys sizes, weights, biases and cost.");
        }

        RequireFormatHolds(version, chapter6Key, source);

        ICost cost = Costs.Find(costName) ?? throw new NndlException("NetworkCostUnsupported", NndlErrorKind.InvalidData,
            $"'{source}' uses the cost '{costName}', which this version of NndlPS does not have. It knows {string.Join(", ", Costs.BookNames)}.", source);
        IActivation[] activations = new IActivation[sizes.Length - 1];
        if (activationNames is not null && activationNames.Length != activations.Length)
        {
            throw Shape(source, $"it gives {activationNames.Length} activations for the {activations.Length} layers of sizes [{string.Join(", ", sizes)}].");
        }

        for (int l = 0; l < activations.Length; l++)
        {
            string activation = activationNames?[l] ?? SigmoidActivation.Instance.Name; // network2.py has only sigmoid neurons
            activations[l] = Activations.Find(activation) ?? throw new NndlException("NetworkActivationUnsupported", NndlErrorKind.InvalidData,
                $"'{source}' gives layer {l} the activation '{activation}', which this version of NndlPS does not have. It knows {string.Join(", ", Activations.Names)}.", source);
        }

        if (layered?.Dropout is float[] dropout && dropout.Length != activations.Length)
        {
            throw Shape(source, $"it gives {dropout.Length} dropout probabilities for the {activations.Length} fully connected layers of sizes [{string.Join(", ", sizes)}].");
        }

        return new Header(sizes, cost, activations, epochsTrained, layered);
    }

    /// <summary>
    /// Every weight or bias takes at least two bytes of text other than white space (a digit and a separator), so sizes
    /// that claim more parameters than half of those bytes cannot be true: refused before the network is allocated,
    /// which keeps the memory a file can make us spend in proportion to its numbers, however much white space pads it.
    /// </summary>
    private static void RequireRoomFor(Header header, long jsonBytes, JsonInput source)
    {
        int[] sizes = header.Sizes;
        long parameters = NetworkLimits.ParameterCount(sizes) + ConvolutionalParameters(header);
        if (parameters > jsonBytes / 2)
        {
            throw Shape(source, $"its sizes [{string.Join(", ", sizes)}] need {parameters:N0} weights and biases, but the file's {jsonBytes:N0} bytes of JSON (white space aside) cannot hold that many numbers. Nothing was allocated.");
        }
    }

    /// <summary>
    /// The convolutional layers' weights and biases, from the shapes alone, in 64 bits; layers whose shapes do not
    /// chain count nothing (the network's constructor refuses them, before allocating them).
    /// </summary>
    private static long ConvolutionalParameters(Header header)
    {
        if (header.Layers is not { InputShape: int[] input } layered)
        {
            return 0;
        }

        long parameters = 0, channels = input[0], height = input[1], width = input[2];
        foreach (ConvPoolLayerDesign layer in layered.Convolutional)
        {
            parameters += layer.Filters * ((channels * layer.FilterSize * layer.FilterSize) + 1);
            channels = layer.Filters;
            height = Math.Max(0, (height - layer.FilterSize + 1) / layer.PoolSize);
            width = Math.Max(0, (width - layer.FilterSize + 1) / layer.PoolSize);
        }

        return parameters;
    }

    private static int[] ReadSizes(ref Utf8JsonReader reader, JsonInput source)
    {
        ReadStartArray(ref reader, source, "'sizes'");
        var sizes = new List<int>();
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int size) || size < 1)
            {
                throw Invalid(source, $"'sizes' must hold whole numbers of at least 1 (neurons per layer, input first, e.g. [784, 30, 10]); item {sizes.Count} is not.");
            }

            if (sizes.Count == NetworkLimits.MaxLayers)
            {
                throw Invalid(source, $"'sizes' lists more than the {NetworkLimits.MaxLayers} layers a network may have.");
            }

            sizes.Add(size);
        }

        if (sizes.Count < 2)
        {
            throw Invalid(source, $"'sizes' lists {sizes.Count} layer(s); a network needs at least an input and an output layer.");
        }

        long parameters = NetworkLimits.ParameterCount(sizes);
        if (parameters > NetworkLimits.MaxParameters)
        {
            throw new NndlException("NetworkTooLarge", NndlErrorKind.InvalidData,
                $"'{source}' claims sizes [{string.Join(", ", sizes)}], {parameters:N0} weights and biases: more than the {NetworkLimits.MaxParameters:N0} a network may have. Nothing was allocated.", source);
        }

        return sizes.ToArray();
    }

    /// <summary>
    /// A file that says it is format 1 holds no chapter-6 key. Those keys are not unknown keys, which any reader skips:
    /// they are format 2's, and the writer labels every file that has them 2 so that a reader of format 1 refuses it
    /// rather than read the fully connected part alone (a different network, taking the convolutional layers' outputs
    /// as its input). A file labelled 1 that has them was edited or written by something else, and could be read as
    /// two different networks; it is refused, the key named. A file without 'nndlps.version' claims no format.
    /// </summary>
    private static void RequireFormatHolds(int? version, string? chapter6Key, JsonInput source)
    {
        if (version < NetworkJsonWriter.FormatVersion && chapter6Key is not null)
        {
            throw Invalid(source, $"it says it is format {version} ('nndlps.version'), but has {chapter6Key}: an input shape, convolutional layers and dropout are format {NetworkJsonWriter.FormatVersion}, " +
                $"which a reader of format {version} would leave out, reading another network. Export the network again; if the file was edited by hand, set 'nndlps.version' to {NetworkJsonWriter.FormatVersion}.");
        }
    }

    private static (string[]? Activations, int EpochsTrained, Chapter6? Layered, int? Version, string? Chapter6Key) ReadExtension(ref Utf8JsonReader reader, JsonInput source)
    {
        int? format = null;
        string[]? activations = null;
        int epochsTrained = 0;
        int[]? inputShape = null;
        List<ConvPoolLayerDesign>? convolutional = null;
        float[]? dropout = null;
        var read = new HashSet<string>();
        ReadStartObject(ref reader, source, "'nndlps'");
        while (NextProperty(ref reader, source, out string name))
        {
            RequireOnce(read, name, name is "version" or "activations" or "epochsTrained" or "inputShape" or "convolutional" or "dropout", $"'nndlps.{name}'", source);
            switch (name)
            {
                case "version":
                    Read(ref reader, source);
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int version) || version < 1)
                    {
                        throw Invalid(source, "'nndlps.version' must be a whole number.");
                    }

                    if (version > NetworkJsonWriter.FormatVersion)
                    {
                        throw new NndlException("NetworkFormatUnsupported", NndlErrorKind.InvalidData,
                            $"'{source}' was written by a newer NndlPS (format {version}; this one reads up to {NetworkJsonWriter.FormatVersion}). Update NndlPS to read it.", source);
                    }

                    format = version;

                    break;
                case "activations":
                    ReadStartArray(ref reader, source, "'nndlps.activations'");
                    var names = new List<string>();
                    while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.String || names.Count == NetworkLimits.MaxLayers)
                        {
                            throw Invalid(source, "'nndlps.activations' must list one activation name per layer, e.g. [\"sigmoid\", \"sigmoid\"].");
                        }

                        names.Add(Text(ref reader, source));
                    }

                    activations = names.ToArray();
                    break;
                case "epochsTrained":
                    Read(ref reader, source);
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out epochsTrained) || epochsTrained < 0)
                    {
                        throw Invalid(source, "'nndlps.epochsTrained' must be a whole number of at least 0.");
                    }

                    break;
                case "inputShape":
                    inputShape = ReadInputShape(ref reader, source);
                    break;
                case "convolutional":
                    convolutional = ReadConvolutional(ref reader, source);
                    break;
                case "dropout":
                    ReadStartArray(ref reader, source, "'nndlps.dropout'");
                    var probabilities = new float[NetworkLimits.MaxLayers];
                    int count = ReadNumbers(ref reader, probabilities, source, "'nndlps.dropout'");
                    if (count > probabilities.Length || probabilities.Take(count).Any(p => !(p >= 0 && p < 1)))
                    {
                        throw Invalid(source, "'nndlps.dropout' must list one probability from 0 up to but not including 1 per fully connected layer.");
                    }

                    dropout = probabilities[..count];
                    break;
                default:
                    Skip(ref reader, source);
                    break;
            }
        }

        Chapter6? layered = inputShape is null && convolutional is null && dropout is null ? null : new Chapter6(inputShape, convolutional ?? [], dropout);
        string? chapter6Key = inputShape is not null ? "'nndlps.inputShape'" : convolutional is not null ? "'nndlps.convolutional'" : dropout is not null ? "'nndlps.dropout'" : null;
        if (layered is { InputShape: null, Convolutional.Count: > 0 })
        {
            throw Invalid(source, "it has convolutional layers but no 'nndlps.inputShape' for them to take.");
        }

        return (activations, epochsTrained, layered, format, chapter6Key);
    }

    /// <summary>
    /// Format 2's input shape, [channels, height, width]: exactly three whole numbers, each from 1 to
    /// <see cref="LayerDesign.MaxUnits"/>, as New-Network -InputShape takes them (the network then checks they fit its layers).
    /// </summary>
    private static int[] ReadInputShape(ref Utf8JsonReader reader, JsonInput source)
    {
        const string what = "'nndlps.inputShape'";
        string rule = $"{what} must be [channels, height, width]: exactly 3 whole numbers, each from 1 to {LayerDesign.MaxUnits:N0}, e.g. [1, 28, 28] for MNIST";
        ReadStartArray(ref reader, source, what);
        var shape = new List<int>(3);
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (shape.Count == 3)
            {
                throw Invalid(source, $"{rule}; it has more than 3.");
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value) || value < 1 || value > LayerDesign.MaxUnits)
            {
                throw Invalid(source, $"{rule}; item {shape.Count} is not.");
            }

            shape.Add(value);
        }

        if (shape.Count != 3)
        {
            throw Invalid(source, $"{rule}; it has {shape.Count}.");
        }

        return shape.ToArray();
    }

    /// <summary>Format 2's convolutional layers: [{"filters", "filterSize", "poolSize", "activation"}, …], each checked as New-ConvPoolLayer checks it.</summary>
    private static List<ConvPoolLayerDesign> ReadConvolutional(ref Utf8JsonReader reader, JsonInput source)
    {
        ReadStartArray(ref reader, source, "'nndlps.convolutional'");
        var layers = new List<ConvPoolLayerDesign>();
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            string what = $"'nndlps.convolutional[{layers.Count}]'";
            RequireToken(ref reader, JsonTokenType.StartObject, source, $"{what} must be an object");
            if (layers.Count == NetworkLimits.MaxLayers)
            {
                throw Invalid(source, $"'nndlps.convolutional' lists more than the {NetworkLimits.MaxLayers} layers a network may have.");
            }

            int filters = 0, filterSize = 0, poolSize = 0;
            string? activation = null;
            var read = new HashSet<string>();
            while (NextProperty(ref reader, source, out string name))
            {
                RequireOnce(read, name, name is "filters" or "filterSize" or "poolSize" or "activation", $"'{name}'", source, $" in {what}");
                Read(ref reader, source);
                switch (name)
                {
                    case "filters" or "filterSize" or "poolSize" when reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double number)
                        && Math.Floor(number) == number:
                        if (number is < int.MinValue or > int.MaxValue)
                        {
                            // Whole, so say what range it is outside (the design's check would quote a number nobody wrote).
                            throw Invalid(source, $"{what}.{name} is {NndlException.Quote(Encoding.UTF8.GetString(reader.ValueSpan))}, far beyond any layer's: " +
                                $"{name} is a whole number from 1 to {(name == "filters" ? LayerDesign.MaxUnits : ConvPoolLayerDesign.MaxSide):N0}.");
                        }

                        // 3 or 3.0 (Python's json writes a whole float so) alike: the design checks the range.
                        if (name == "filters")
                        {
                            filters = (int)number;
                        }
                        else if (name == "filterSize")
                        {
                            filterSize = (int)number;
                        }
                        else
                        {
                            poolSize = (int)number;
                        }

                        break;
                    case "activation" when reader.TokenType == JsonTokenType.String:
                        activation = Text(ref reader, source);
                        break;
                    case "filters" or "filterSize" or "poolSize" or "activation":
                        throw Invalid(source, $"{what}.{name} is not {(name == "activation" ? "a name" : "a whole number")}.");
                    default:
                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            int depth = reader.CurrentDepth;
                            while (Read(ref reader, source) && reader.CurrentDepth > depth)
                            {
                            }
                        }

                        break;
                }
            }

            if (activation is null)
            {
                // A missing key is a damaged file, not an activation this version lacks (it said "the activation ''").
                throw Invalid(source, $"{what} has no 'activation'; each convolutional layer names its neurons ({string.Join(", ", Activations.Names)}).");
            }

            // Likewise a missing number, which would otherwise be refused as "got 0", a number the file never gave.
            if (new[] { "filters", "filterSize", "poolSize" }.FirstOrDefault(key => !read.Contains(key)) is string missing)
            {
                throw Invalid(source, $"{what} has no '{missing}'; each convolutional layer gives 'filters', 'filterSize' and 'poolSize'.");
            }

            IActivation kind = Activations.Find(activation) ?? throw new NndlException("NetworkActivationUnsupported", NndlErrorKind.InvalidData,
                $"'{source}' gives {what} the activation '{activation}', which this version of NndlPS does not have. It knows {string.Join(", ", Activations.Names)}.", source);
            try
            {
                layers.Add(new ConvPoolLayerDesign(filters, filterSize, poolSize, kind.Kind));
            }
            catch (NndlException ex)
            {
                throw Shape(source, $"{what}: {ex.Message}");
            }
        }

        return layers;
    }

    /// <summary>Second pass: the weights and biases, straight into the network's arrays, every length checked.</summary>
    private static void ReadParameters(ref Utf8JsonReader reader, Network network, JsonInput source)
    {
        bool weights = false, biases = false, convolutionalWeights = false, convolutionalBiases = false;
        ReadStartObject(ref reader, source, "The file");
        while (NextProperty(ref reader, source, out string name))
        {
            if (name == "convolutionalWeights" && !convolutionalWeights)
            {
                ReadConvolutionalParameters(ref reader, network, source, name, layer => layer.Weights);
                convolutionalWeights = true;
            }
            else if (name == "convolutionalBiases" && !convolutionalBiases)
            {
                ReadConvolutionalParameters(ref reader, network, source, name, layer => layer.Biases);
                convolutionalBiases = true;
            }
            else if (name is "convolutionalWeights" or "convolutionalBiases")
            {
                throw Invalid(source, $"it has the key '{name}' twice.");
            }
            else if (name == "weights" && !weights)
            {
                ReadWeights(ref reader, network, source);
                weights = true;
            }
            else if (name == "biases" && !biases)
            {
                ReadBiases(ref reader, network, source);
                biases = true;
            }
            else if (name is "weights" or "biases")
            {
                throw Invalid(source, $"it has the key '{name}' twice.");
            }
            else
            {
                Skip(ref reader, source);
            }
        }

        if (network.IsConvolutional && !(convolutionalWeights && convolutionalBiases))
        {
            throw Invalid(source, "it describes convolutional layers but lacks their 'convolutionalWeights' or 'convolutionalBiases'.");
        }
    }

    /// <summary>One flat list per convolutional layer, straight into its weights (F×C×k×k) or biases (F), every length checked.</summary>
    private static void ReadConvolutionalParameters(ref Utf8JsonReader reader, Network network, JsonInput source, string name, Func<ConvPoolLayer, float[]> target)
    {
        ReadStartArray(ref reader, source, $"'{name}'");
        int l = 0;
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (l == network.ConvolutionalLayers.Count)
            {
                throw Shape(source, $"'{name}' has more than the {network.ConvolutionalLayers.Count} convolutional layers the file describes.");
            }

            float[] values = target(network.ConvolutionalLayers[l]);
            RequireToken(ref reader, JsonTokenType.StartArray, source, $"{name}[{l}] must be a list of numbers");
            int count = ReadNumbers(ref reader, values, source, $"{name}[{l}]");
            if (count != values.Length)
            {
                throw Shape(source, $"{name}[{l}] has {(count > values.Length ? "more than " + values.Length : count.ToString(System.Globalization.CultureInfo.InvariantCulture))} numbers; layer {l} ({network.ConvolutionalLayers[l]}) needs {values.Length}.");
            }

            l++;
        }

        if (l != network.ConvolutionalLayers.Count)
        {
            throw Shape(source, $"'{name}' has {l} layers; the file describes {network.ConvolutionalLayers.Count} convolutional layers.");
        }
    }

    private static void ReadWeights(ref Utf8JsonReader reader, Network network, JsonInput source)
    {
        string sizes = $"sizes [{string.Join(", ", network.Sizes)}]";
        ReadStartArray(ref reader, source, "'weights'");
        int l = 0;
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (l == network.Layers.Count)
            {
                throw Shape(source, $"'weights' has more than the {network.Layers.Count} layers of {sizes}.");
            }

            Layer layer = network.Layers[l];
            RequireToken(ref reader, JsonTokenType.StartArray, source, $"weights[{l}] must be a list of rows");
            int j = 0;
            while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
            {
                if (j == layer.OutputSize)
                {
                    throw Shape(source, $"weights[{l}] has more than {layer.OutputSize} rows; {sizes} give layer {l + 1} {layer.OutputSize} neurons, one row each.");
                }

                RequireToken(ref reader, JsonTokenType.StartArray, source, $"weights[{l}][{j}] must be a list of numbers");
                int count = ReadNumbers(ref reader, layer.Weights.AsSpan(j * layer.InputSize, layer.InputSize), source, $"weights[{l}][{j}]");
                if (count != layer.InputSize)
                {
                    throw Shape(source, $"weights[{l}][{j}] has {(count > layer.InputSize ? "more than " + layer.InputSize : count)} numbers; {sizes} need {layer.InputSize}, one per neuron of layer {l}.");
                }

                j++;
            }

            if (j != layer.OutputSize)
            {
                throw Shape(source, $"weights[{l}] has {j} rows; {sizes} need {layer.OutputSize}, one per neuron of layer {l + 1}.");
            }

            l++;
        }

        if (l != network.Layers.Count)
        {
            throw Shape(source, $"'weights' has {l} layers; {sizes} need {network.Layers.Count}.");
        }
    }

    private static void ReadBiases(ref Utf8JsonReader reader, Network network, JsonInput source)
    {
        string sizes = $"sizes [{string.Join(", ", network.Sizes)}]";
        ReadStartArray(ref reader, source, "'biases'");
        int l = 0;
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (l == network.Layers.Count)
            {
                throw Shape(source, $"'biases' has more than the {network.Layers.Count} layers of {sizes}.");
            }

            Layer layer = network.Layers[l];
            RequireToken(ref reader, JsonTokenType.StartArray, source, $"biases[{l}] must be a list of one-element lists");
            int j = 0;
            while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
            {
                if (j == layer.OutputSize)
                {
                    throw Shape(source, $"biases[{l}] has more than {layer.OutputSize} biases; {sizes} give layer {l + 1} {layer.OutputSize} neurons.");
                }

                // network2.py saves each bias vector as a y×1 column: [[b0], [b1], …].
                RequireToken(ref reader, JsonTokenType.StartArray, source, $"biases[{l}][{j}] must be a one-element list, [b], as network2.py writes it");
                if (ReadNumbers(ref reader, layer.Biases.AsSpan(j, 1), source, $"biases[{l}][{j}]") != 1)
                {
                    throw Shape(source, $"biases[{l}][{j}] must hold exactly one number, [b], as network2.py writes it.");
                }

                j++;
            }

            if (j != layer.OutputSize)
            {
                throw Shape(source, $"biases[{l}] has {j} biases; {sizes} need {layer.OutputSize}, one per neuron of layer {l + 1}.");
            }

            l++;
        }

        if (l != network.Layers.Count)
        {
            throw Shape(source, $"'biases' has {l} layers; {sizes} need {network.Layers.Count}.");
        }
    }

    /// <summary>
    /// Reads the numbers of the list just opened into <paramref name="destination"/> and returns how many there
    /// were; it stops counting one past the destination's length, so an over-long list never writes out of bounds.
    /// </summary>
    private static int ReadNumbers(ref Utf8JsonReader reader, Span<float> destination, JsonInput source, string what)
    {
        int count = 0;
        while (Read(ref reader, source) && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double value))
            {
                throw Invalid(source, $"item {count} of {what} is not a number.");
            }

            float single = (float)value;
            if (!float.IsFinite(single))
            {
                throw new NndlException("NetworkValueInvalid", NndlErrorKind.InvalidData,
                    $"Item {count} of {what} in '{source}' is {value}, beyond what a float can hold: the network it saved had diverged. Train it again with a smaller learning rate.", source);
            }

            if (count == destination.Length)
            {
                return count + 1;
            }

            destination[count++] = single;
        }

        return count;
    }

    private static bool NextProperty(ref Utf8JsonReader reader, JsonInput source, out string name)
    {
        Read(ref reader, source);
        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = "";
            return false;
        }

        name = Text(ref reader, source); // the reader guarantees a property name inside an object
        return true;
    }

    /// <summary>
    /// Refuses a key this reader reads that the object has already given. JSON leaves a repeated key's meaning open
    /// (Python keeps the last, others the first), so a hand-edited file with two 'sizes' or two 'nndlps' would be
    /// another network to another reader; as with the parameters' keys, it is refused rather than guessed at.
    /// </summary>
    private static void RequireOnce(HashSet<string> read, string name, bool isRead, string named, JsonInput source, string where = "")
    {
        if (isRead && !read.Add(name))
        {
            throw Invalid(source, $"it has the key {named} twice{where}. Keep one of them, or export the network again.");
        }
    }

    /// <summary>
    /// The current key or string as text. The JSON reader checks the bytes of a string only when it is decoded, so a
    /// file edited in a Latin-1 editor (a lone 0xE9 for 'é') fails here, with our words rather than the reader's
    /// InvalidOperationException; a string in a key that is skipped is never decoded and costs nothing.
    /// </summary>
    private static string Text(ref Utf8JsonReader reader, JsonInput source)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is DecoderFallbackException)
        {
            throw Invalid(source, "it holds a key or name whose bytes are not UTF-8 (the file was saved, or edited, in another encoding such as Latin-1). Save it as UTF-8, or export the network again.", ex);
        }
        catch (InvalidOperationException ex)
        {
            // Valid bytes, but an escape that is no character: half of a surrogate pair alone ("\udc00").
            throw Invalid(source, "it holds a key or name with an escape that is not a character (half of a surrogate pair alone, such as \\udc00). Correct it, or export the network again.", ex);
        }
    }

    private static string ReadString(ref Utf8JsonReader reader, JsonInput source, string key)
    {
        Read(ref reader, source);
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Invalid(source, $"'{key}' must be a string, e.g. \"QuadraticCost\".");
        }

        return Text(ref reader, source);
    }

    private static void ReadStartObject(ref Utf8JsonReader reader, JsonInput source, string what)
    {
        Read(ref reader, source);
        RequireToken(ref reader, JsonTokenType.StartObject, source, $"{what} must be a JSON object");
    }

    private static void ReadStartArray(ref Utf8JsonReader reader, JsonInput source, string what)
    {
        Read(ref reader, source);
        RequireToken(ref reader, JsonTokenType.StartArray, source, $"{what} must be a list");
    }

    private static void RequireToken(ref Utf8JsonReader reader, JsonTokenType expected, JsonInput source, string message)
    {
        if (reader.TokenType != expected)
        {
            throw Invalid(source, message + ".");
        }
    }

    /// <summary>Every token the reader takes comes through here: where the window ends mid-token, the next one is read.</summary>
    private static bool Read(ref Utf8JsonReader reader, JsonInput source)
    {
        while (!reader.Read())
        {
            if (reader.IsFinalBlock)
            {
                throw Invalid(source, "it ends early: the file is cut short. Export the network again.");
            }

            source.Refill(ref reader);
        }

        return true;
    }

    /// <summary>
    /// Skips the value of the property just read, token by token (Utf8JsonReader.Skip needs the whole value in one
    /// window, which a key we do not know could make as large as the file).
    /// </summary>
    private static void Skip(ref Utf8JsonReader reader, JsonInput source)
    {
        Read(ref reader, source);
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            int depth = reader.CurrentDepth;
            while (Read(ref reader, source) && reader.CurrentDepth > depth)
            {
            }
        }
    }

    // Python's json module writes NaN and Infinity for a diverged network; JSON itself has neither. The reader stops
    // at the value it refused, so the literal stands right after what it consumed.
    private static bool IsNonFiniteLiteral(ReadOnlySpan<byte> rest)
    {
        rest = rest.TrimStart(" \t\r\n,:["u8);
        return rest.StartsWith("NaN"u8) || rest.StartsWith("Infinity"u8) || rest.StartsWith("-Infinity"u8);
    }

    // The reader refuses a list or object opened past MaxDepth; it stands right after what it consumed.
    /// <summary>
    /// Whether the reader stopped at a list or object opened where JSON allows one, with all <see cref="MaxDepth"/>
    /// levels already open: valid JSON nested too deep, not broken JSON (a '[' after a value, a comma missing, is that).
    /// </summary>
    private static bool OpensTooDeep(JsonTokenType last, int depth, ReadOnlySpan<byte> rest)
    {
        bool opened = last is JsonTokenType.StartArray or JsonTokenType.StartObject;
        int open = depth + (opened ? 1 : 0);
        ReadOnlySpan<byte> next = rest.TrimStart(" \t\r\n"u8);
        if (last == JsonTokenType.PropertyName)
        {
            next = next.TrimStart(":"u8).TrimStart(" \t\r\n"u8); // "key": [ (the reader may or may not have taken the colon)
        }
        else if (!opened)
        {
            // After a value only a comma may come before the next list: ", [".
            if (next is not [(byte)',', ..])
            {
                return false;
            }

            next = next[1..].TrimStart(" \t\r\n"u8);
        }

        return open == MaxDepth && next is [(byte)'[' or (byte)'{', ..];
    }

    private static NndlException Invalid(string source, string message, Exception? inner = null) =>
        new("NetworkFileInvalid", NndlErrorKind.InvalidData, $"'{source}' is not a network file: {message}", source, inner);

    private static NndlException Shape(string source, string message) =>
        new("NetworkShapeInvalid", NndlErrorKind.InvalidData, $"'{source}' does not describe a network: {message}", source);
}
