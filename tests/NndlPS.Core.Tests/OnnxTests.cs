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

    [Fact]
    public void An_onnx_file_is_not_read_back_as_json()
    {
        Assert.Equal("NetworkFormatUnsupported", Assert.Throws<NndlException>(() => NetworkFile.Import("/tmp/net.onnx")).ErrorId);
    }
}
