using System.Globalization;
using System.Text;

namespace NndlPS.Core.Tests;

/// <summary>
/// Saving and loading networks in the book's network2.py JSON format: a file written as network2.py writes it
/// (by this test, without Python), round trips, and every kind of damaged or hostile file.
/// </summary>
public class NetworkFileTests
{
    // A [3, 2, 2] network as network2.py's Network.save writes it: json.dump of sizes, weights (lists of rows),
    // biases (lists of one-element lists) and cost.__name__, with Python's ", " and ": " separators.
    private static readonly double[][][] BookWeights =
    [
        [[0.5, -1.25, 2.0], [-0.75, 0.3333333333333333, 1.5e-05]],
        [[1.0, -2.0], [3.25, 0.125]],
    ];

    private static readonly double[][] BookBiases = [[0.1, -0.2], [0.7, -1.0]];

    internal static string BookFile(string cost = "QuadraticCost") =>
        "{\"sizes\": [3, 2, 2], \"weights\": " + Nested(BookWeights.Select(layer => Nested(layer.Select(Row)))) +
        ", \"biases\": " + Nested(BookBiases.Select(layer => Nested(layer.Select(b => Row([b]))))) +
        ", \"cost\": \"" + cost + "\"}";

    private static string Row(double[] row) => Nested(row.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

    private static string Nested(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    /// <summary>network.py's feedforward in double, straight from the fixture's numbers.</summary>
    private static double[] BookFeedForward(double[] input)
    {
        double[] a = input;
        for (int l = 0; l < BookWeights.Length; l++)
        {
            a = BookWeights[l].Select((row, j) => 1 / (1 + Math.Exp(-(row.Zip(a, (w, x) => w * x).Sum() + BookBiases[l][j])))).ToArray();
        }

        return a;
    }

    private static Network Read(string json) => NetworkJsonReader.Read(Encoding.UTF8.GetBytes(json), "test.json");

    [Fact]
    public void A_file_in_the_books_format_loads_and_predicts_as_the_book_does()
    {
        Network network = Read(BookFile());
        Assert.Equal([3, 2, 2], network.Sizes);
        Assert.Same(QuadraticCost.Instance, network.Cost);
        Assert.Equal(-1.25f, network.Layers[0].GetWeight(0, 1));
        Assert.Equal(1.5e-05f, network.Layers[0].GetWeight(1, 2));
        Assert.Equal(-0.2f, network.Layers[0].Biases[1]);
        double[][] inputs = [[0, 0, 0], [1, 0.5, 0.25], [0.9, 0.1, 0.7], [0.2, 0.8, 0.3]];
        foreach (double[] input in inputs)
        {
            double[] expected = BookFeedForward(input);
            float[] actual = network.FeedForward(input.Select(x => (float)x).ToArray());
            Assert.Equal(expected[0], actual[0], 5);
            Assert.Equal(expected[1], actual[1], 5);
            Assert.Equal(expected[0] >= expected[1] ? 0 : 1, network.Predict(input.Select(x => (float)x).ToArray()));
        }
    }

    [Fact]
    public void A_saved_network_loads_back_bit_for_bit_with_the_same_predictions()
    {
        Network network = Network.CreateGaussian([784, 30, 10], seed: 3);
        network.EpochsTrained = 7;
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "net.json");
        NetworkFile.Export(network, path, NetworkFormat.Json, overwrite: false);
        Network copy = NetworkFile.Import(path);
        Assert.Equal(network.Sizes, copy.Sizes);
        Assert.Equal(7, copy.EpochsTrained);
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Assert.Equal(network.Layers[l].Weights, copy.Layers[l].Weights);
            Assert.Equal(network.Layers[l].Biases, copy.Layers[l].Biases);
        }

        float[] input = MatrixKernelTests.Random(784, 5);
        Assert.Equal(network.FeedForward(input), copy.FeedForward(input));
    }

    [Fact]
    public void The_saved_file_is_what_network2_py_loads()
    {
        using var stream = new MemoryStream();
        NetworkJsonWriter.Write(Read(BookFile()), stream);
        string json = Encoding.UTF8.GetString(stream.ToArray());
        Assert.StartsWith("{\"sizes\":[3,2,2],\"weights\":[[[0.5,-1.25,2],[-0.75,0.33333334,1.5E-05]],[[1,-2],[3.25,0.125]]],\"biases\":[[[0.1],[-0.2]],[[0.7],[-1]]],\"cost\":\"QuadraticCost\"", json);
        Assert.Contains("\"nndlps\":{\"version\":1,\"activations\":[\"sigmoid\",\"sigmoid\"],\"epochsTrained\":0}", json);
    }

    [Fact]
    public void A_file_that_starts_with_a_utf8_byte_order_mark_reads_as_without_it()
    {
        // What Notepad and Set-Content -Encoding utf8BOM write: EF BB BF before the JSON.
        using var files = new IdxTestFiles();
        string path = files.Write("bom.json", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(BookFile())]);

        Network network = NetworkFile.Import(path);

        Assert.Equal([3, 2, 2], network.Sizes);
        Assert.Equal(0.7f, network.Layers[1].Biases[0]);
    }

    [Fact]
    public void Keys_the_format_does_not_know_are_ignored_wherever_they_stand()
    {
        string json = BookFile().Replace("{\"sizes\": [3, 2, 2], ", "{\"note\": {\"by\": [1, 2]}, ") + "";
        json = json.TrimEnd('}') + ", \"sizes\": [3, 2, 2], \"nndlps\": {\"later\": true, \"epochsTrained\": 4}}";
        Network network = Read(json);
        Assert.Equal(4, network.EpochsTrained);
        Assert.Equal(0.7f, network.Layers[1].Biases[0]);
    }

    [Theory]
    [InlineData(ActivationKind.Sigmoid, null, CostKind.CrossEntropy, "CrossEntropyCost")]
    [InlineData(ActivationKind.Tanh, ActivationKind.Softmax, CostKind.LogLikelihood, "LogLikelihoodCost")]
    [InlineData(ActivationKind.ReLU, ActivationKind.Sigmoid, CostKind.Quadratic, "QuadraticCost")]
    public void Chapter_three_networks_round_trip_with_their_neurons_and_cost(ActivationKind hidden, ActivationKind? output, CostKind cost, string bookName)
    {
        var design = new NetworkDesign { Activation = hidden, OutputActivation = output, Cost = cost, Initialization = WeightInitialization.ScaledGaussian };
        Network network = Network.Create([6, 5, 3], design, seed: 2);
        using var stream = new MemoryStream();
        NetworkJsonWriter.Write(network, stream);
        Assert.Contains($"\"cost\":\"{bookName}\"", Encoding.UTF8.GetString(stream.ToArray()));
        Network copy = NetworkJsonReader.Read(stream.ToArray(), "ch3.json");
        Assert.Same(network.Cost, copy.Cost);
        Assert.Equal(network.Layers.Select(l => l.Activation), copy.Layers.Select(l => l.Activation));
        float[] input = [0.1f, 0.9f, 0.3f, 0.0f, 1.0f, 0.5f];
        Assert.Equal(network.FeedForward(input), copy.FeedForward(input));
    }

    [Fact]
    public void A_file_pairing_a_cost_with_neurons_it_does_not_suit_is_invalid_data()
    {
        string json = BookFile("LogLikelihoodCost"); // needs a softmax output layer; the file's are sigmoid
        NndlException error = Assert.Throws<NndlException>(() => Read(json));
        Assert.Equal(("CostOutputMismatch", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
    }

    public static TheoryData<string, string, string> DamagedFiles() => new()
    {
        { "not JSON", "<html>404</html>", "NetworkFileInvalid" },
        { "empty", "", "NetworkFileInvalid" },
        { "cut short", BookFile()[..(BookFile().Length / 2)], "NetworkFileInvalid" },
        { "a list, not an object", "[1, 2]", "NetworkFileInvalid" },
        { "no weights", "{\"sizes\": [3, 2, 2], \"biases\": [], \"cost\": \"QuadraticCost\"}", "NetworkFileInvalid" },
        { "sizes as text", BookFile().Replace("[3, 2, 2]", "\"3,2,2\""), "NetworkFileInvalid" },
        { "a zero size", BookFile().Replace("[3, 2, 2]", "[3, 0, 2]"), "NetworkFileInvalid" },
        { "a fractional size", BookFile().Replace("[3, 2, 2]", "[3, 2.5, 2]"), "NetworkFileInvalid" },
        { "one layer", BookFile().Replace("[3, 2, 2]", "[3]"), "NetworkFileInvalid" },
        { "10^9-element sizes", BookFile().Replace("[3, 2, 2]", "[1000000000, 1000000000, 2]"), "NetworkTooLarge" },
        { "sizes that do not fit the weights", BookFile().Replace("[3, 2, 2]", "[4, 2, 2]"), "NetworkShapeInvalid" },
        { "sizes of 400 million parameters in a small file", BookFile().Replace("[3, 2, 2]", "[20000, 20000]"), "NetworkShapeInvalid" },
        { "a short row", BookFile().Replace("[1.0, -2.0]", "[1.0]").Replace("[1, -2]", "[1]"), "NetworkShapeInvalid" },
        { "a long row", BookFile().Replace("[3.25, 0.125]", "[3.25, 0.125, 9]"), "NetworkShapeInvalid" },
        { "a missing row", BookFile().Replace(", [3.25, 0.125]", ""), "NetworkShapeInvalid" },
        { "an extra layer of weights", BookFile().Replace("]]], \"biases\"", "]], [[1]]], \"biases\""), "NetworkShapeInvalid" },
        { "a bias that is not a one-element list", BookFile().Replace("[0.7]", "0.7"), "NetworkFileInvalid" },
        { "a two-element bias", BookFile().Replace("[0.7]", "[0.7, 1]"), "NetworkShapeInvalid" },
        { "a missing bias", BookFile().Replace("[[0.7], [-1]]", "[[0.7]]"), "NetworkShapeInvalid" },
        { "NaN", BookFile().Replace("-1.25", "NaN"), "NetworkValueInvalid" },
        { "Infinity", BookFile().Replace("[0.7]", "[Infinity]"), "NetworkValueInvalid" },
        { "a number beyond float", BookFile().Replace("-1.25", "1e300"), "NetworkValueInvalid" },
        { "a string for a weight", BookFile().Replace("-1.25", "\"-1.25\""), "NetworkFileInvalid" },
        { "deep nesting", "{\"x\": " + new string('[', 100_000) + new string(']', 100_000) + "}", "NetworkFileInvalid" },
        { "weights twice", BookFile().TrimEnd('}') + ", \"weights\": []}", "NetworkFileInvalid" },
        // Every key read, twice: the last one silently won (another network's sizes, activations or layers).
        { "sizes twice", "{\"sizes\": [9, 9, 9], " + BookFile()[1..], "NetworkFileInvalid" },
        { "cost twice", BookFile().TrimEnd('}') + ", \"cost\": \"CrossEntropyCost\"}", "NetworkFileInvalid" },
        { "nndlps twice", BookFile().TrimEnd('}') + ", \"nndlps\": {\"activations\": [\"sigmoid\", \"sigmoid\"]}, \"nndlps\": {\"activations\": [\"tanh\", \"tanh\"]}}", "NetworkFileInvalid" },
        { "activations twice", BookFile().TrimEnd('}') + ", \"nndlps\": {\"activations\": [\"sigmoid\", \"sigmoid\"], \"activations\": [\"tanh\", \"tanh\"]}}", "NetworkFileInvalid" },
        { "version twice", BookFile().TrimEnd('}') + ", \"nndlps\": {\"version\": 1, \"version\": 2}}", "NetworkFileInvalid" },
        { "epochsTrained twice", BookFile().TrimEnd('}') + ", \"nndlps\": {\"epochsTrained\": 1, \"epochsTrained\": 2}}", "NetworkFileInvalid" },
        { "a cost NndlPS lacks", BookFile("LogCoshCost"), "NetworkCostUnsupported" },
        { "an activation NndlPS lacks", BookFile().TrimEnd('}') + ", \"nndlps\": {\"activations\": [\"sigmoid\", \"swish\"]}}", "NetworkActivationUnsupported" },
        { "a newer format", BookFile().TrimEnd('}') + ", \"nndlps\": {\"version\": 99}}", "NetworkFormatUnsupported" },
        { "comments", "// a network\n" + BookFile(), "NetworkFileInvalid" },
    };

    [Theory]
    [MemberData(nameof(DamagedFiles))]
    public void A_damaged_file_is_refused_with_a_clear_error(string damage, string json, string errorId)
    {
        NndlException error = Assert.Throws<NndlException>(() => Read(json));
        Assert.True(errorId == error.ErrorId, $"{damage}: expected {errorId}, got {error.ErrorId}: {error.Message}");
        Assert.Contains("test.json", error.Message);
        Assert.NotEqual(NndlErrorKind.OperationFailed, error.Kind);
    }

    // Bytes that are not UTF-8 (0xFF, a Latin-1 'é' alone) inside a key or a name the reader decodes: GetString threw
    // InvalidOperationException ("Cannot transcode invalid UTF-8 JSON text"), which reached Import-Network raw.
    public static TheoryData<string, byte[]> NotUtf8Files()
    {
        static byte[] With(string json, string marker) =>
            [.. Encoding.UTF8.GetBytes(json[..json.IndexOf(marker, StringComparison.Ordinal)]), 0xFF, 0xE9,
             .. Encoding.UTF8.GetBytes(json[(json.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..])];
        string extended = BookFile().TrimEnd('}') + ", \"nndlps\": {\"version\": 2, \"activations\": [\"sigmoid\", \"MARK\"], \"MARKKEY\": 1}}";
        return new()
        {
            { "a key", With("{\"MARK\": 1, " + BookFile()[1..], "MARK") },
            { "the cost", With(BookFile(), "QuadraticCost") },
            { "an activation", With(extended.Replace("MARKKEY", "other"), "MARK") },
            { "a key of nndlps", With(extended.Replace("\"MARK\"", "\"sigmoid\""), "MARKKEY") },
        };
    }

    [Theory]
    [MemberData(nameof(NotUtf8Files))]
    public void Text_that_is_not_UTF8_is_refused_as_a_damaged_file(string where, byte[] json)
    {
        NndlException error = Assert.Throws<NndlException>(() => NetworkJsonReader.Read(json, "test.json"));

        Assert.True(error.ErrorId == "NetworkFileInvalid", $"{where}: got {error.ErrorId}: {error.Message}");
        Assert.Contains("UTF-8", error.Message);
        Assert.Contains("test.json", error.Message);
    }

    [Fact]
    public void An_escape_that_is_no_character_is_refused_as_such_not_as_a_foreign_encoding()
    {
        // Pure ASCII, valid UTF-8: half a surrogate pair escaped alone in the cost's name.
        byte[] json = Encoding.UTF8.GetBytes(BookFile("Quadratic\\udc00Cost"));
        NndlException error = Assert.Throws<NndlException>(() => NetworkJsonReader.Read(json, "test.json"));

        Assert.Equal("NetworkFileInvalid", error.ErrorId);
        Assert.Contains("an escape that is not a character", error.Message);
        Assert.DoesNotContain("Latin-1", error.Message);
    }

    [Fact]
    public void Sizes_a_small_file_cannot_hold_are_refused_before_anything_is_allocated()
    {
        byte[] json = Encoding.UTF8.GetBytes(BookFile().Replace("[3, 2, 2]", "[20000, 20000]")); // 400 million parameters
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal("NetworkShapeInvalid", Assert.Throws<NndlException>(() => NetworkJsonReader.Read(json, "small.json")).ErrorId);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000, "the claim was refused without allocating the network");
    }

    /// <summary>A small chapter-6 network's file: 1x6x6 images, one convolutional layer, a softmax layer.</summary>
    private static string ConvolutionalFile() => NetworkJsonWriter.WriteText(Network.Create(new ImageShape(1, 6, 6),
        [new ConvPoolLayerDesign(2, 3, 2, ActivationKind.ReLU), new SoftmaxLayerDesign(3, dropout: 0.5f)], seed: 1));

    [Fact]
    public void A_convolutional_network_read_from_a_file_claims_no_initialisation_as_a_network_of_sizes_does_not()
    {
        // Review: it was built through Network.Create, which drew N(0, 1/n) weights and said so, before the file's
        // weights replaced them; a picture of its retraining then titled it "weights N(0,1/n ...)".
        Network read = NetworkJsonReader.ReadText(ConvolutionalFile(), "conv.json");
        Network sizes = NetworkJsonReader.ReadText(NetworkJsonWriter.WriteText(Network.CreateGaussian([4, 3, 2], seed: 1)), "sizes.json");

        Assert.Null(read.Initialization);
        Assert.Null(sizes.Initialization);
        Assert.NotNull(Network.Create(new ImageShape(1, 6, 6), [new SoftmaxLayerDesign(3)], seed: 1).Initialization);
    }

    [Theory]
    [InlineData("[1, 6]", "it has 2.")]
    [InlineData("[1, 6, 6, 1]", "it has more than 3.")]
    [InlineData("[0, 6, 6]", "item 0 is not.")]
    [InlineData("[1, 6, 6.5]", "item 2 is not.")]
    [InlineData("[1, 6, 2000000]", "item 2 is not.")]
    public void An_input_shape_is_refused_in_words_that_say_what_is_valid(string shape, string why)
    {
        // Hostile pass, chapter 6: [1, 6] was told "must be [channels, height, width]" but [0, 6, 6] "must hold at most
        // 3 whole numbers", though [1, 6] is at most 3 and only exactly 3 are read.
        string file = ConvolutionalFile();
        Assert.Contains("\"inputShape\":[1,6,6]", file);
        NndlException error = Assert.Throws<NndlException>(() => Read(file.Replace("\"inputShape\":[1,6,6]", $"\"inputShape\":{shape}")));
        Assert.Equal(("NetworkFileInvalid", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains($"'nndlps.inputShape' must be [channels, height, width]: exactly 3 whole numbers, each from 1 to {LayerDesign.MaxUnits:N0}, e.g. [1, 28, 28] for MNIST; {why}", error.Message);
        Assert.DoesNotContain("at most 3", error.Message);
    }

    [Fact]
    public void A_convolutional_layer_without_its_activation_is_a_damaged_file_not_an_unknown_activation()
    {
        // Hostile pass: it was NetworkActivationUnsupported, "the activation '' ... this version does not have".
        string file = ConvolutionalFile();
        Assert.Contains(",\"activation\":\"relu\"}", file);

        NndlException error = Assert.Throws<NndlException>(() => Read(file.Replace(",\"activation\":\"relu\"}", "}")));

        Assert.Equal(("NetworkFileInvalid", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains("has no 'activation'", error.Message);
        Assert.Contains("relu", error.Message);
    }

    [Theory]
    [InlineData("filters")]
    [InlineData("filterSize")]
    [InlineData("poolSize")]
    public void A_convolutional_layer_without_one_of_its_numbers_says_so_not_got_0(string key)
    {
        string file = ConvolutionalFile();
        string without = System.Text.RegularExpressions.Regex.Replace(file, $"\"{key}\":\\d+,", "", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.NotEqual(file, without);

        NndlException error = Assert.Throws<NndlException>(() => Read(without));

        Assert.Equal(("NetworkFileInvalid", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains($"has no '{key}'", error.Message);
        Assert.DoesNotContain("got 0", error.Message);
    }

    [Theory]
    [InlineData("\"filters\":2", "\"filters\":3000000000", "3000000000", "1 to 1,048,576")]
    [InlineData("\"filterSize\":3", "\"filterSize\":-99999999999", "-99999999999", "1 to 1,024")]
    [InlineData("\"poolSize\":2", "\"poolSize\":1e30", "1e30", "1 to 1,024")]
    public void A_convolutional_number_past_a_whole_numbers_range_is_quoted_with_the_range_not_called_not_whole(string key, string hostile, string quoted, string range)
    {
        // A whole number too large for an int was "not a whole number", which it is, and named no range.
        string file = ConvolutionalFile();
        Assert.Contains(key, file);

        NndlException error = Assert.Throws<NndlException>(() => Read(file.Replace(key, hostile)));

        Assert.Equal(("NetworkFileInvalid", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains($"is {quoted}", error.Message);
        Assert.Contains(range, error.Message);
        Assert.DoesNotContain("not a whole number", error.Message);
        Assert.Contains("not a whole number", Assert.Throws<NndlException>(() => Read(file.Replace(key, key + ".5"))).Message);
    }

    [Fact]
    public void A_convolutional_number_written_as_a_whole_float_reads_as_that_number()
    {
        // Python's json writes a whole float as 3.0; it was refused as "far beyond any layer's".
        string file = ConvolutionalFile();
        Network read = Read(file.Replace("\"filters\":2", "\"filters\":2.0").Replace("\"filterSize\":3", "\"filterSize\":3e0"));

        Assert.Equal((2, 3), (read.ConvolutionalLayers[0].Filters, read.ConvolutionalLayers[0].FilterSize));
    }

    [Theory]
    [InlineData("\"inputShape\":[1,6,6]", "\"inputShape\":[1,6,6],\"inputShape\":[1,6,6]", "'nndlps.inputShape'")]
    [InlineData("\"dropout\":[", "\"dropout\":[0,0],\"dropout\":[", "'nndlps.dropout'")]
    [InlineData("\"convolutional\":[", "\"convolutional\":[],\"convolutional\":[", "'nndlps.convolutional'")]
    [InlineData("\"filterSize\":", "\"filterSize\":2,\"filterSize\":", "'filterSize'")]
    public void A_key_of_format_2_given_twice_is_refused_naming_it(string key, string twice, string named)
    {
        // Hostile pass: only the parameters' keys were checked for repeats; any other key given twice silently took
        // its last value, so which network a hand-edited file held depended on a rule nobody states.
        string file = ConvolutionalFile();
        Assert.Contains(key, file);
        NndlException error = Assert.Throws<NndlException>(() => Read(file.Replace(key, twice)));
        Assert.Equal(("NetworkFileInvalid", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains($"it has the key {named} twice", error.Message);
    }

    [Theory]
    [InlineData("inputShape", "'nndlps.inputShape'")]
    [InlineData("convolutional", "'nndlps.convolutional'")]
    [InlineData("dropout", "'nndlps.dropout'")]
    [InlineData("convolutionalWeights", "'convolutionalWeights'")]
    public void A_file_labelled_format_1_with_a_key_of_format_2_is_refused_naming_the_key(string only, string named)
    {
        // Hostile pass, chapter 6: a file labelled format 1 with convolutional layers loaded as a convolutional network,
        // though a reader of format 1 skips those keys and reads another network (the fully connected part alone).
        string file = ConvolutionalFile();
        Assert.Contains("\"version\":2", file);
        Assert.Single(Read(file).ConvolutionalLayers);
        string labelledOne = file.Replace("\"version\":2", "\"version\":1");
        NndlException error = Assert.Throws<NndlException>(() => Read(labelledOne));
        Assert.Equal(("NetworkFileInvalid", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains("it says it is format 1 ('nndlps.version'), but has 'convolutionalWeights'", error.Message); // the first such key in the file
        Assert.Contains("format 2", error.Message);

        // Each key alone is named: a format-1 file with dropout but no convolutional layers, or their weights alone.
        string fullyConnected = NetworkJsonWriter.WriteText(Network.CreateGaussian([4, 3, 2], seed: 1));
        Assert.Contains("\"version\":1", fullyConnected);
        string extra = only switch
        {
            "inputShape" => fullyConnected.Replace("\"version\":1", "\"version\":1,\"inputShape\":[1,2,2]"),
            "convolutional" => fullyConnected.Replace("\"version\":1", "\"version\":1,\"convolutional\":[]"),
            "dropout" => fullyConnected.Replace("\"version\":1", "\"version\":1,\"dropout\":[0,0]"),
            _ => fullyConnected.Replace("\"sizes\"", "\"convolutionalWeights\":[],\"sizes\""),
        };
        NndlException alone = Assert.Throws<NndlException>(() => Read(extra));
        Assert.Equal("NetworkFileInvalid", alone.ErrorId);
        Assert.Contains($"but has {named}", alone.Message);

        // Unknown keys are still skipped, in format 1 and at the top level, and a file of network2.py (no version) is read as ever.
        Read(fullyConnected.Replace("\"version\":1", "\"version\":1,\"comment\":[1,2]").Replace("\"sizes\"", "\"trainedBy\":\"me\",\"sizes\""));
        Read(BookFile());
    }

    [Fact]
    public void A_file_larger_than_the_limit_is_refused_unread()
    {
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "huge.json");
        using (var file = File.Create(path))
        {
            file.SetLength(NetworkLimits.MaxFileBytesWithWhiteSpace + 1); // sparse: costs no disk
        }

        NndlException error = Assert.Throws<NndlException>(() => NetworkFile.Import(path));
        Assert.Equal("NetworkFileTooLarge", error.ErrorId);
        Assert.Contains("white space included", error.Message);
    }

    /// <summary>The JSON text indented as System.Text.Json writes it (two spaces a level, as json.dump(indent=2)), numbers as they were.</summary>
    private static string Indented(string json) =>
        System.Text.Json.Nodes.JsonNode.Parse(json)!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    [Fact]
    public void White_space_counts_against_neither_the_bound_nor_the_room_a_file_has_for_numbers()
    {
        // Hostile pass, chapter 6: the bound counted white space, so a network file indented by json.dump(indent=2)
        // could be refused as too large where the same network written compactly was read.
        Network network = Network.Create(new ImageShape(1, 6, 6),
            [new ConvPoolLayerDesign(2, 3, 2, ActivationKind.ReLU), new FullyConnectedLayerDesign(5, ActivationKind.Sigmoid), new SoftmaxLayerDesign(3)], seed: 1);
        string compact = NetworkJsonWriter.WriteText(network);
        string indented = Indented(compact);
        Assert.True(indented.Length > 1.5 * compact.Length, "the indented file is mostly white space");
        long json = compact.Length; // ASCII: one byte a char, and no white space

        Network fromText = NetworkJsonReader.ReadText(indented, "indented.json", maxBytes: json);
        Network fromFile = NetworkJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(indented)), "indented.json", window: 64, maxBytes: json);
        foreach (Network back in new[] { fromText, fromFile })
        {
            Assert.Equal(network.ToString(), back.ToString());
            Assert.Equal(network.ConvolutionalLayers[0].Weights, back.ConvolutionalLayers[0].Weights);
            Assert.Equal(network.Layers[1].Weights, back.Layers[1].Weights);
        }

        // One byte of JSON more than the bound is refused, however it is read, and the message says white space is not counted.
        NndlException text = Assert.Throws<NndlException>(() => NetworkJsonReader.ReadText(indented, "indented.json", maxBytes: json - 1));
        NndlException file = Assert.Throws<NndlException>(() => NetworkJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(indented)), "indented.json", window: 64, maxBytes: json - 1));
        foreach (NndlException error in new[] { text, file })
        {
            Assert.Equal(("NetworkFileTooLarge", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
            Assert.Contains("besides white space", error.Message);
        }

        Assert.Contains($"is {json:N0} bytes of JSON besides white space", text.Message);

        // White space buys no room: sizes of 10,100 parameters padded to 40,000 bytes are still refused unallocated.
        string padded = BookFile().Replace("[3, 2, 2]", "[100, 100]").Replace("\"cost\"", new string(' ', 40_000) + "\"cost\"");
        NndlException room = Assert.Throws<NndlException>(() => Read(padded));
        Assert.Equal("NetworkShapeInvalid", room.ErrorId);
        Assert.Contains("need 10,100 weights and biases", room.Message);
        Assert.Contains("(white space aside) cannot hold that many numbers", room.Message);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        NndlException error = Assert.Throws<NndlException>(() => NetworkFile.Import("/nowhere/net.json"));
        Assert.Equal(("NetworkFileNotFound", NndlErrorKind.NotFound), (error.ErrorId, error.Kind));
        Assert.Contains("does not exist", error.Message);
        Assert.DoesNotContain("link", error.Message); // it once said "a symbolic link that never reaches a file"
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\n{\"sizes\": [1, 1]}")] // cat a.json b.json
    [InlineData(" x")]
    public void Anything_but_white_space_after_the_network_is_refused(string after)
    {
        string json = BookFile() + "\n" + after;
        if (after.Trim().Length == 0)
        {
            Assert.Equal([3, 2, 2], Read(json).Sizes); // a final newline, as every editor writes, is no data
            return;
        }

        NndlException error = Assert.Throws<NndlException>(() => Read(json));
        Assert.Equal("NetworkFileInvalid", error.ErrorId);
        Assert.Contains("more after the network ends", error.Message);
    }

    [Fact]
    public void Two_networks_joined_in_one_file_are_refused_as_network2_py_refuses_them()
    {
        Network network = Network.CreateGaussian([4, 3, 2], seed: 5);
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "two.json");
        NetworkFile.Export(network, path, NetworkFormat.Json, overwrite: false);
        File.WriteAllBytes(path, [.. File.ReadAllBytes(path), .. File.ReadAllBytes(path)]);

        Assert.Equal("NetworkFileInvalid", Assert.Throws<NndlException>(() => NetworkFile.Import(path)).ErrorId);
    }

    [Fact]
    public void Read_through_windows_of_any_size_every_file_gives_what_it_gives_read_whole()
    {
        // The book's file, a file with a NaN, one with data after it, one with a long unknown key, and 2,000 mutants:
        // read through windows of 7, 16 and 64 bytes, every token straddles a window somewhere.
        byte[] book = Encoding.UTF8.GetBytes(BookFile());
        var files = new List<byte[]>
        {
            book,
            Encoding.UTF8.GetBytes(BookFile().Replace("0.125", "NaN")),
            Encoding.UTF8.GetBytes(BookFile() + "\n\n   {}"),
            Encoding.UTF8.GetBytes("{\"x\": [[" + string.Join(",", Enumerable.Range(0, 500)) + "], \"" + new string('y', 300) + "\"], " + BookFile()[1..]),
        };
        var random = new Random(12);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutant = (byte[])book.Clone();
            mutant[random.Next(mutant.Length)] = (byte)"[]{},:0123456789.-eE\"aN "[random.Next(24)];
            files.Add(mutant);
        }

        foreach (byte[] file in files)
        {
            string whole = Outcome(() => NetworkJsonReader.Read(file, "f.json"));
            foreach (int window in new[] { 7, 16, 64 })
            {
                Assert.Equal(whole, Outcome(() => NetworkJsonReader.Read(new MemoryStream(file), "f.json", window)));
            }
        }

        Assert.StartsWith("network", Outcome(() => NetworkJsonReader.Read(new MemoryStream(files[3]), "f.json", 7)));
    }

    /// <summary>What a read gave: the network's every number, or the error's id and message (positions included).</summary>
    private static string Outcome(Func<Network> read)
    {
        try
        {
            Network network = read();
            return "network " + string.Join(",", network.Sizes) + ":" + string.Join(",", network.Layers.SelectMany(l => l.Weights.Concat(l.Biases)));
        }
        catch (NndlException ex)
        {
            return ex.ErrorId + ": " + ex.Message;
        }
    }

    [Fact]
    public void A_single_value_longer_than_a_megabyte_is_refused_instead_of_growing_the_window_without_bound()
    {
        byte[] file = Encoding.UTF8.GetBytes("{\"x\": \"" + new string('y', 2 << 20) + "\", " + BookFile()[1..]);
        NndlException error = Assert.Throws<NndlException>(() => NetworkJsonReader.Read(new MemoryStream(file), "long.json", 1 << 16));
        Assert.Equal("NetworkFileInvalid", error.ErrorId);
        Assert.Contains("single value longer than", error.Message);
    }

    [Fact]
    public void A_run_of_white_space_longer_than_a_megabyte_is_refused_in_its_own_words()
    {
        // After a comma, the JSON reader gives the comma back while the next value is not yet in the window, so the run
        // fills the window as one long value would; the refusal must say white space, not "a single value".
        string book = BookFile();
        string spaces = new string(' ', 2 << 20);
        foreach (string json in new[] { "{\"x\": 1," + spaces + book[1..], book.Replace("[3, 2, 2]", "[3," + spaces + "2, 2]") })
        {
            NndlException error = Assert.Throws<NndlException>(() => NetworkJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "spaced.json", 1 << 16));
            Assert.Equal("NetworkFileInvalid", error.ErrorId);
            Assert.Contains("run of more than 1,048,576 bytes of white space", error.Message);
            Assert.DoesNotContain("single value", error.Message);
        }

        // Anywhere else a run is read, as are shorter runs after a comma: white space is free up to the file's own bound.
        foreach (string json in new[] { "{\"x\":" + spaces + "1, " + book[1..], "{\"x\": 1," + new string(' ', 1 << 19) + book[1..] })
        {
            Assert.Equal([3, 2, 2], NetworkJsonReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)), "padded.json", 1 << 16).Sizes);
        }
    }

    [Fact]
    public void Text_is_counted_in_utf8_bytes_in_64_bits_a_piece_at_a_time_without_cutting_a_surrogate_pair()
    {
        // A surrogate pair astride the counter's 1 Mi-char pieces: 4 bytes, not two replacement characters' 6.
        string text = new string('a', (1 << 20) - 1) + "\U0001F600" + new string('é', 5);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), NetworkJsonReader.Utf8Length(text));
        Assert.Equal(0, NetworkJsonReader.Utf8Length(""));
    }

    [Fact]
    public void Text_longer_than_one_array_can_hold_is_refused_before_it_is_encoded()
    {
        string text = NetworkJsonWriter.WriteText(Network.CreateGaussian([4, 3, 2], seed: 1));
        NndlException error = Assert.Throws<NndlException>(() => NetworkJsonReader.ReadText(text, "a test", NetworkLimits.MaxFileBytes, maxArray: text.Length - 1));
        Assert.Equal(("NetworkFileTooLarge", NndlErrorKind.InvalidData), (error.ErrorId, error.Kind));
        Assert.Contains("Import-Network -Path", error.Message);
        Assert.Equal([4, 3, 2], NetworkJsonReader.ReadText(text, "a test", NetworkLimits.MaxFileBytes, maxArray: text.Length).Sizes);
    }

    [Fact]
    public void The_writer_streams_its_text_instead_of_holding_it_whole()
    {
        Network network = Network.CreateGaussian([784, 100, 10], seed: 2); // about 870 KB of JSON
        var output = new WriteCounter();
        NetworkJsonWriter.Write(network, output);

        Assert.True(output.Length > 1 << 19, $"{output.Length} bytes");
        Assert.True(output.LargestWrite <= 1 << 17, $"one write of {output.LargestWrite} bytes: the text was held, not streamed");
    }

    [Fact]
    public void A_network_whose_text_the_reader_would_refuse_is_refused_before_anything_is_written()
    {
        Network network = Network.CreateGaussian([30, 40, 10], seed: 2); // 1,650 parameters, some 20 KB of text
        var output = new WriteCounter();

        NndlException error = Assert.Throws<NndlException>(() => NetworkJsonWriter.Write(network, output, maxBytes: 10_000));
        Assert.Equal(("NetworkTooLargeForJson", NndlErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
        Assert.Equal(0, output.Length);

        NetworkJsonWriter.Write(network, output, maxBytes: 40_000); // counted exactly, not guessed: it fits
        Assert.Equal(network.Sizes, NetworkJsonReader.Read(output.Bytes.ToArray(), "counted.json").Sizes);
    }

    /// <summary>Records what a writer hands its stream, write by write.</summary>
    private sealed class WriteCounter : Stream
    {
        public List<byte> Bytes { get; } = [];

        public int LargestWrite { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            Bytes.AddRange(buffer);
        }

        public override long Length => Bytes.Count;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Position { get => Length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    [Fact]
    public void Mutated_files_load_or_fail_with_our_error()
    {
        byte[] seed = Encoding.UTF8.GetBytes(BookFile());
        var random = new Random(11);
        for (int i = 0; i < 2000; i++)
        {
            byte[] mutant = (byte[])seed.Clone();
            for (int m = random.Next(1, 4); m > 0; m--)
            {
                mutant[random.Next(mutant.Length)] = (byte)"[]{},:0123456789.-eE\"aN "[random.Next(24)];
            }

            try
            {
                NetworkJsonReader.Read(mutant, "mutant.json");
            }
            catch (NndlException)
            {
            }
        }
    }

    [Fact]
    public void An_export_replaces_a_file_only_with_overwrite_and_leaves_no_temporary_file()
    {
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "net.json");
        Network first = Network.CreateGaussian([3, 2], seed: 1), second = Network.CreateGaussian([3, 2], seed: 2);
        NetworkFile.Export(first, path, NetworkFormat.Json, overwrite: false);
        byte[] saved = File.ReadAllBytes(path);
        Assert.Equal("ExportTargetExists", Assert.Throws<NndlException>(() => NetworkFile.Export(second, path, NetworkFormat.Json, overwrite: false)).ErrorId);
        Assert.Equal(saved, File.ReadAllBytes(path));
        NetworkFile.Export(second, path, NetworkFormat.Json, overwrite: true);
        Assert.Equal(second.Layers[0].Weights, NetworkFile.Import(path).Layers[0].Weights);
        Assert.Equal(["net.json"], Directory.GetFiles(files.Folder).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_below_a_file_is_refused_with_our_error_not_the_cleanup_s()
    {
        // The folder is missing (a file is in its place), so the temporary file and its folder never exist: nothing,
        // cleaning up included, may replace the error the user should see with a raw DirectoryNotFoundException.
        string blocker = Path.Combine(Path.GetTempPath(), $"nndlps-blocker-{Guid.NewGuid():N}");
        File.WriteAllText(blocker, "a file where a folder should be");
        try
        {
            var error = Assert.Throws<NndlException>(() =>
                NetworkFile.Export(Network.CreateGaussian([3, 2], seed: 1), Path.Combine(blocker, "sub", "net.json"), NetworkFormat.Json, overwrite: false));
            Assert.Equal("ExportFolderNotFound", error.ErrorId);
        }
        finally
        {
            File.Delete(blocker);
        }
    }

    [Fact]
    public void A_failed_write_leaves_the_old_file_whole()
    {
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "net.json");
        NetworkFile.Export(Network.CreateGaussian([3, 2], seed: 1), path, NetworkFormat.Json, overwrite: false);
        byte[] saved = File.ReadAllBytes(path);
        NndlException error = Assert.Throws<NndlException>(() => AtomicFile.Write(path, overwrite: true, stream =>
        {
            stream.Write("{\"sizes\": [3,"u8);
            throw new IOException("disk full (simulated)");
        }, "network.json"));
        Assert.Equal("ExportFailed", error.ErrorId);
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Equal(["net.json"], Directory.GetFiles(files.Folder).Select(Path.GetFileName));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_library_that_cannot_load_is_reported_as_an_incomplete_installation_not_a_full_disk(bool fileLoad)
    {
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "net.onnx");
        File.WriteAllText(path, "old");
        const string assembly = "Google.Protobuf, Version=3.36.2.0, Culture=neutral, PublicKeyToken=a7d26565bac4d604";
        NndlException error = Assert.Throws<NndlException>(() => AtomicFile.Write(path, overwrite: true, stream =>
            throw (fileLoad ? new FileLoadException("cannot load", assembly) : new FileNotFoundException("not found", assembly)), "network.onnx"));
        Assert.Equal("ModuleIncomplete", error.ErrorId);
        Assert.Contains("Google.Protobuf", error.Message);
        Assert.Equal("old", File.ReadAllText(path));
    }

    [Fact]
    public void A_diverged_network_is_not_saved()
    {
        Network network = Network.CreateGaussian([3, 2], seed: 1);
        network.Layers[0].Biases[1] = float.NaN;
        using var stream = new MemoryStream();
        Assert.Equal("NetworkValueInvalid", Assert.Throws<NndlException>(() => NetworkJsonWriter.Write(network, stream)).ErrorId);
    }

    [Fact]
    public void A_network_as_text_is_the_file_format_and_is_read_back_with_the_file_checks_size_first()
    {
        var network = Network.Create([6, 4, 3], new NetworkDesign { Activation = ActivationKind.Tanh, OutputActivation = ActivationKind.Softmax, Cost = CostKind.LogLikelihood }, seed: 2);
        using var file = new MemoryStream();
        NetworkJsonWriter.Write(network, file);
        string text = NetworkJsonWriter.WriteText(network);
        Assert.Equal(file.ToArray(), System.Text.Encoding.UTF8.GetBytes(text));

        Network back = NetworkJsonReader.ReadText(text, "a test");
        Assert.Equal(network.ToString(), back.ToString());
        Assert.Equal(network.Layers[1].Weights, back.Layers[1].Weights);

        var tooLarge = Assert.Throws<NndlException>(() => NetworkJsonReader.ReadText(text, "a test", maxBytes: text.Length - 1));
        Assert.Equal(("NetworkFileTooLarge", NndlErrorKind.InvalidData), (tooLarge.ErrorId, tooLarge.Kind));
        Assert.Contains($"{text.Length:N0} bytes", tooLarge.Message);
        // Counted in UTF-8 bytes, not chars: 'é' is two.
        string accented = text.Replace("\"sizes\"", "\"é\":0,\"sizes\""); // no white space, which the bound does not count
        Assert.Equal("NetworkFileTooLarge", Assert.Throws<NndlException>(() => NetworkJsonReader.ReadText(accented, "a test", maxBytes: accented.Length)).ErrorId);
        Assert.Equal("NetworkValueInvalid", Assert.Throws<NndlException>(() => NetworkJsonReader.ReadText(BookFile().Replace("-1.25", "NaN"), "a test")).ErrorId);
    }

    [Fact]
    public void A_remote_sweep_result_gets_the_same_checks_as_a_network_file_size_first()
    {
        var network = Network.CreateGaussian([4, 3, 2], seed: 1);
        string outcome = SweepTransfer.WriteOutcome(new SweepOutcome([new SweepEpoch(0, 1, 2, 0.1)], network, 0.1, null));
        Assert.Equal(network.Layers[0].Weights, SweepTransfer.ReadOutcome(outcome).Network.Layers[0].Weights);
        int networkBytes = NetworkJsonWriter.WriteText(network).Length;
        Assert.Equal("NetworkFileTooLarge", Assert.Throws<NndlException>(() => SweepTransfer.ReadOutcome(outcome, maxNetworkBytes: networkBytes - 1)).ErrorId);
        SweepTransfer.ReadOutcome(outcome, maxNetworkBytes: networkBytes);

        string diverged = "{\"Epochs\":[],\"Network\":" + System.Text.Json.JsonSerializer.Serialize(BookFile().Replace("-1.25", "NaN")) + ",\"Seconds\":1}";
        Assert.Equal("NetworkValueInvalid", Assert.Throws<NndlException>(() => SweepTransfer.ReadOutcome(diverged)).ErrorId);
    }
}

/// <summary>What a network file path may be besides a file: each refused before anything is opened, none hangs.</summary>
public class NetworkFilePathTests
{
    [Fact]
    public async Task A_named_pipe_is_refused_at_once_instead_of_waiting_for_a_writer()
    {
        using var files = new IdxTestFiles();
        string fifo = Path.Combine(files.Folder, "pipe.json");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        NndlException refused = await Task.Run(() => Assert.Throws<NndlException>(() => NetworkJsonReader.Read(fifo)))
            .WaitAsync(TimeSpan.FromSeconds(20)); // a hang fails the test with a TimeoutException instead of stalling it
        Assert.Equal("NetworkFileInvalid", refused.ErrorId);
        Assert.Contains("named pipe", refused.Message);
    }

    [Fact]
    public void A_folder_a_dangling_link_and_a_link_loop_are_NetworkFileNotFound_saying_which()
    {
        using var files = new IdxTestFiles();
        string folder = Directory.CreateDirectory(Path.Combine(files.Folder, "net.json")).FullName;
        string dangling = Path.Combine(files.Folder, "dangling.json");
        File.CreateSymbolicLink(dangling, Path.Combine(files.Folder, "nowhere.json"));
        string loop1 = Path.Combine(files.Folder, "loop1.json"), loop2 = Path.Combine(files.Folder, "loop2.json");
        File.CreateSymbolicLink(loop1, loop2);
        File.CreateSymbolicLink(loop2, loop1);

        foreach ((string path, string says) in new[] { (folder, "is a folder"), (dangling, "which does not exist"), (loop1, "loop") })
        {
            var ex = Assert.Throws<NndlException>(() => NetworkJsonReader.Read(path));
            Assert.Equal("NetworkFileNotFound", ex.ErrorId);
            Assert.Contains(says, ex.Message);
        }
    }
}
