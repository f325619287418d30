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

    public static TheoryData<string> ConvolutionalNetworks() => new(["book #4", "two channels, odd sizes, every activation", "three channels, dropout", "no pooling"]);

    private static Network ConvolutionalNetwork(string name) => name switch
    {
        "book #4" => Network.Create(new ImageShape(1, 28, 28),
        [
            new ConvPoolLayerDesign(20, 5, 2, ActivationKind.ReLU), new ConvPoolLayerDesign(40, 5, 2, ActivationKind.ReLU),
            new FullyConnectedLayerDesign(100, ActivationKind.ReLU), new SoftmaxLayerDesign(10),
        ], seed: 4),
        "two channels, odd sizes, every activation" => Network.Create(new ImageShape(1, 11, 10),
        [
            new ConvPoolLayerDesign(3, 3, 2, ActivationKind.Sigmoid), new ConvPoolLayerDesign(2, 2, 1, ActivationKind.Tanh),
            new FullyConnectedLayerDesign(5, ActivationKind.ReLU), new FullyConnectedLayerDesign(4, ActivationKind.Sigmoid),
        ], seed: 2, CostKind.CrossEntropy),
        "three channels, dropout" => Network.Create(new ImageShape(3, 12, 12),
        [
            new ConvPoolLayerDesign(4, 5, 3, ActivationKind.Tanh), new FullyConnectedLayerDesign(6, ActivationKind.ReLU, dropout: 0.5f),
            new SoftmaxLayerDesign(3, dropout: 0.25f),
        ], seed: 3),
        _ => Network.Create(new ImageShape(2, 6, 7), [new ConvPoolLayerDesign(3, 4, 1, ActivationKind.ReLU), new SoftmaxLayerDesign(5)], seed: 5),
    };

    [Theory]
    [MemberData(nameof(ConvolutionalNetworks))]
    public void Onnx_runtime_runs_chapter_six_networks_as_the_engine_does(string name)
    {
        Network network = ConvolutionalNetwork(name);
        using var files = new IdxTestFiles();
        string path = Path.Combine(files.Folder, "conv.onnx");
        NetworkFile.Export(network, path, NetworkFormat.Onnx, overwrite: false);
        using var session = new InferenceSession(path);
        Assert.Equal([-1, network.InputSize], session.InputMetadata["input"].Dimensions);
        Assert.Equal([-1, network.OutputSize], session.OutputMetadata["output"].Dimensions);
        var random = new Random(7);
        foreach (int count in new[] { 1, 7 })
        {
            float[] images = Enumerable.Range(0, count * network.InputSize).Select(_ => (float)random.NextDouble()).ToArray();
            var input = new DenseTensor<float>(images, [count, network.InputSize]);
            using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
            float[] actual = results.Single().AsEnumerable<float>().ToArray();
            Assert.Equal(count * network.OutputSize, actual.Length);
            for (int i = 0; i < count; i++)
            {
                float[] expected = network.FeedForward(images.AsSpan(i * network.InputSize, network.InputSize));
                for (int j = 0; j < network.OutputSize; j++)
                {
                    float engine = expected[j], runtime = actual[(i * network.OutputSize) + j];
                    Assert.True(Math.Abs(engine - runtime) <= 1e-5f + (1e-4f * Math.Abs(engine)), $"{name}, image {i} of {count}, output {j}: engine {engine}, ONNX Runtime {runtime}");
                }
            }
        }
    }

    [Fact]
    public void A_chapter_six_model_reads_like_network3()
    {
        using var stream = new MemoryStream();
        OnnxWriter.Write(ConvolutionalNetwork("book #4"), stream);
        Onnx.ModelProto model = Onnx.ModelProto.Parser.ParseFrom(stream.ToArray());
        Assert.Equal(["Reshape", "Conv", "MaxPool", "Relu", "Conv", "MaxPool", "Relu", "Flatten", "Gemm", "Relu", "Gemm", "Softmax"],
            model.Graph.Node.Select(n => n.OpType));
        Assert.Equal([20L, 1, 5, 5], model.Graph.Initializer.Single(t => t.Name == "conv1_w").Dims);
        Assert.Equal([40L, 20, 5, 5], model.Graph.Initializer.Single(t => t.Name == "conv2_w").Dims);
        Assert.Equal([100L, 640], model.Graph.Initializer.Single(t => t.Name == "w1").Dims);
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

    [Fact]
    public void An_onnx_file_is_not_read_back_as_json()
    {
        Assert.Equal("NetworkFormatUnsupported", Assert.Throws<NndlException>(() => NetworkFile.Import("/tmp/net.onnx")).ErrorId);
    }
}
