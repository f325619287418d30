using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NndlPS.Core.Tests;

/// <summary>The ONNX export, run by a real ONNX runtime (Microsoft.ML.OnnxRuntime, a test-only package).</summary>
public class OnnxTests
{
    [Fact]
    public void Onnx_runtime_gives_the_engines_outputs_and_answers()
    {
        ImageSet test = TrainingTests.QuadrantImages(300, 8);
        var network = Network.CreateGaussian([16, 12, 7, 4], seed: 5);
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "net.onnx");
        NetworkFile.Export(network, path, NetworkFile.FormatOf(path), overwrite: false);

        using var session = new InferenceSession(path);
        Assert.Equal(["input"], session.InputMetadata.Keys);
        Assert.Equal(["output"], session.OutputMetadata.Keys);
        Assert.Equal([-1, 16], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, 4], session.OutputMetadata["output"].Dimensions);

        var input = new DenseTensor<float>([test.Count, 16]);
        for (int i = 0; i < test.Count; i++)
        {
            test.GetImage(i).CopyTo(input.Buffer.Span.Slice(i * 16, 16));
        }

        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results =
            session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        float[] outputs = results.Single(r => r.Name == "output").AsEnumerable<float>().ToArray();
        Assert.Equal(test.Count * 4, outputs.Length);
        for (int i = 0; i < test.Count; i++)
        {
            float[] expected = network.FeedForward(test.GetImage(i));
            ReadOnlySpan<float> actual = outputs.AsSpan(i * 4, 4);
            for (int j = 0; j < 4; j++)
            {
                Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-5f, $"image {i}, output {j}: engine {expected[j]}, ONNX Runtime {actual[j]}");
            }

            Assert.Equal(network.Predict(test.GetImage(i)), System.Numerics.Tensors.TensorPrimitives.IndexOfMax(actual));
        }
    }

    [Theory]
    [InlineData(ActivationKind.Tanh, ActivationKind.Softmax, CostKind.LogLikelihood)]
    [InlineData(ActivationKind.ReLU, ActivationKind.Sigmoid, CostKind.CrossEntropy)]
    public void Onnx_runtime_runs_chapter_three_neurons_as_the_engine_does(ActivationKind hidden, ActivationKind output, CostKind cost)
    {
        var design = new NetworkDesign { Activation = hidden, OutputActivation = output, Cost = cost, Initialization = WeightInitialization.ScaledGaussian };
        Network network = Network.Create([16, 9, 4], design, seed: 3);
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "ch3.onnx");
        NetworkFile.Export(network, path, NetworkFormat.Onnx, overwrite: false);
        using var session = new InferenceSession(path);
        ImageSet test = TrainingTests.QuadrantImages(50, 4);
        for (int i = 0; i < test.Count; i++)
        {
            var input = new DenseTensor<float>(test.GetImage(i), [1, 16]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
            float[] actual = results.Single().AsEnumerable<float>().ToArray();
            float[] expected = network.FeedForward(test.GetImage(i));
            for (int j = 0; j < 4; j++)
            {
                Assert.True(Math.Abs(expected[j] - actual[j]) <= 1e-5f, $"image {i}, output {j}: engine {expected[j]}, ONNX Runtime {actual[j]}");
            }
        }
    }

    [Fact]
    public void A_step_network_is_not_exported_to_onnx()
    {
        var network = new Network([2, 1], StepActivation.Instance, StepActivation.Instance, QuadraticCost.Instance);
        using var stream = new MemoryStream();
        Assert.Equal("OnnxActivationUnsupported", Assert.Throws<NndlException>(() => OnnxWriter.Write(network, stream)).ErrorId);
    }

    [Fact]
    public void The_model_is_opset_13_with_one_gemm_and_one_sigmoid_per_layer()
    {
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "net.onnx");
        NetworkFile.Export(Network.CreateGaussian([784, 30, 10], seed: 1), path, NetworkFormat.Onnx, overwrite: false);
        Onnx.ModelProto model = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        Assert.Equal(13, model.OpsetImport.Single().Version);
        Assert.Equal(["Gemm", "Sigmoid", "Gemm", "Sigmoid"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal([30L, 784L], model.Graph.Initializer[0].Dims);
        using var session = new InferenceSession(path); // the runtime's own checker accepts it
        Assert.Equal([-1, 784], session.InputMetadata["input"].Dimensions);
    }

    /// <summary>
    /// Chapter 6's networks, each with a part the export must get right: the book's #4, odd maps that pooling floors
    /// (11×10 → 9×8 → 4×4; 13×13 → 11×11 → 3×3 with pool 3), a pool of 1, several input channels, every activation a
    /// convolutional layer allows, dropout.
    /// </summary>
    private static Network ChapterSixNetwork(string name) => name switch
    {
        "sigmoid" => Network.Create(new ImageShape(1, 10, 10),
            [new ConvPoolLayerDesign(3, 3, 2, ActivationKind.Sigmoid), new FullyConnectedLayerDesign(4, ActivationKind.Sigmoid)], seed: 1),
        "book #4" => Network.Create(new ImageShape(1, 28, 28),
            [
                new ConvPoolLayerDesign(20, 5, 2, ActivationKind.ReLU), new ConvPoolLayerDesign(40, 5, 2, ActivationKind.ReLU),
                new FullyConnectedLayerDesign(100, ActivationKind.ReLU), new SoftmaxLayerDesign(10),
            ], seed: 2),
        "tanh, pool 3 of 11" => Network.Create(new ImageShape(1, 13, 13),
            [new ConvPoolLayerDesign(2, 3, 3, ActivationKind.Tanh), new FullyConnectedLayerDesign(5, ActivationKind.Tanh), new SoftmaxLayerDesign(3)], seed: 3),
        "odd maps, pool 1" => Network.Create(new ImageShape(1, 11, 10),
            [
                new ConvPoolLayerDesign(3, 3, 2, ActivationKind.Sigmoid), new ConvPoolLayerDesign(2, 2, 1, ActivationKind.ReLU),
                new FullyConnectedLayerDesign(5, ActivationKind.Tanh), new SoftmaxLayerDesign(4),
            ], seed: 4),
        "3 channels" => Network.Create(new ImageShape(3, 12, 12),
            [
                new ConvPoolLayerDesign(5, 3, 2, ActivationKind.ReLU), new ConvPoolLayerDesign(4, 2, 2, ActivationKind.Tanh),
                new SoftmaxLayerDesign(6),
            ], seed: 5),
        "dropout" => Network.Create(new ImageShape(1, 12, 12),
            [
                new ConvPoolLayerDesign(4, 5, 2, ActivationKind.ReLU), new FullyConnectedLayerDesign(20, ActivationKind.ReLU, dropout: 0.5f),
                new SoftmaxLayerDesign(10, dropout: 0.3f),
            ], seed: 6),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>
    /// Nonzero biases everywhere (a new network's are 0), so where the model adds a convolutional layer's bias is tested.
    /// </summary>
    private static Network WithRandomBiases(Network network, int seed)
    {
        var random = new Random(seed);
        foreach (float[] biases in network.ConvolutionalLayers.Select(layer => layer.Biases).Concat(network.Layers.Select(layer => layer.Biases)))
        {
            for (int i = 0; i < biases.Length; i++)
            {
                biases[i] = (float)((random.NextDouble() * 2) - 1);
            }
        }

        return network;
    }

    private static float[] RandomInputs(int count, int size, int seed) => ConvolutionTests.RandomImages(count, size, seed);

    /// <summary>Exports <paramref name="network"/>, runs ONNX Runtime on <paramref name="count"/> random inputs at once, and compares each row with the engine's FeedForward.</summary>
    private static void AssertOnnxRuntimeMatchesEngine(Network network, int count, int seed)
    {
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "conv.onnx");
        NetworkFile.Export(network, path, NetworkFormat.Onnx, overwrite: false);
        using var session = new InferenceSession(path);
        Assert.Equal([-1, network.InputSize], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, network.OutputSize], session.OutputMetadata["output"].Dimensions);

        float[] inputs = RandomInputs(count, network.InputSize, seed);
        var tensor = new DenseTensor<float>(inputs, [count, network.InputSize]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", tensor)]);
        float[] outputs = results.Single(r => r.Name == "output").AsEnumerable<float>().ToArray();
        Assert.Equal(count * network.OutputSize, outputs.Length);
        for (int s = 0; s < count; s++)
        {
            float[] expected = network.FeedForward(inputs.AsSpan(s * network.InputSize, network.InputSize));
            for (int j = 0; j < expected.Length; j++)
            {
                float actual = outputs[(s * network.OutputSize) + j];
                // The engine and the runtime sum the convolutions in different orders: equal to a float's few last bits.
                Assert.True(Math.Abs(expected[j] - actual) <= 1e-5f * Math.Max(1f, Math.Abs(expected[j])),
                    $"sample {s}, output {j}: engine {expected[j]}, ONNX Runtime {actual}");
            }
        }
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("book #4")]
    [InlineData("tanh, pool 3 of 11")]
    [InlineData("odd maps, pool 1")]
    [InlineData("3 channels")]
    [InlineData("dropout")]
    public void Onnx_runtime_runs_chapter_six_networks_as_the_engine_does(string name)
    {
        AssertOnnxRuntimeMatchesEngine(WithRandomBiases(ChapterSixNetwork(name), seed: 10), count: 7, seed: 11);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void A_convolutional_model_takes_any_batch_size(int count)
    {
        AssertOnnxRuntimeMatchesEngine(WithRandomBiases(ChapterSixNetwork("book #4"), seed: 12), count, seed: count);
    }

    [Fact]
    public void A_convolutional_model_is_reshape_then_conv_pool_activation_per_layer_then_flatten_and_gemms()
    {
        using var stream = new MemoryStream();
        OnnxWriter.Write(ChapterSixNetwork("book #4"), stream);
        Onnx.ModelProto model = Onnx.ModelProto.Parser.ParseFrom(stream.ToArray());
        Assert.Equal(13, model.OpsetImport.Single().Version);
        Assert.Equal(["Reshape", "Conv", "MaxPool", "Relu", "Conv", "MaxPool", "Relu", "Flatten", "Gemm", "Relu", "Gemm", "Softmax"],
            model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(["image_shape", "w1", "b1", "w2", "b2", "w3", "b3", "w4", "b4"], model.Graph.Initializer.Select(t => t.Name));
        Assert.Equal([20L, 1, 5, 5], model.Graph.Initializer[1].Dims);
        Assert.Equal([40L, 20, 5, 5], model.Graph.Initializer[3].Dims);
        Assert.Equal([100L, 640], model.Graph.Initializer[5].Dims);
        Onnx.NodeProto pool = model.Graph.Node[2];
        Assert.Equal([2L, 2], pool.Attribute.Single(a => a.Name == "strides").Ints);
        Assert.Contains("1x28x28 image", model.DocString);

        // A pool of 1 is no pooling and gets no node; dropout is not in the graph.
        stream.SetLength(0);
        OnnxWriter.Write(ChapterSixNetwork("odd maps, pool 1"), stream);
        Assert.Equal(["Reshape", "Conv", "MaxPool", "Sigmoid", "Conv", "Relu", "Flatten", "Gemm", "Tanh", "Gemm", "Softmax"],
            Onnx.ModelProto.Parser.ParseFrom(stream.ToArray()).Graph.Node.Select(n => n.OpType));
        stream.SetLength(0);
        OnnxWriter.Write(ChapterSixNetwork("dropout"), stream);
        Assert.DoesNotContain(Onnx.ModelProto.Parser.ParseFrom(stream.ToArray()).Graph.Node, n => n.OpType == "Dropout");
    }

    [Fact]
    public void An_onnx_file_is_not_read_back_as_json()
    {
        Assert.Equal("NetworkFormatUnsupported", Assert.Throws<NndlException>(() => NetworkFile.Import("/tmp/net.onnx")).ErrorId);
    }
}
