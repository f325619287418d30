using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NndlPS.Core.Onnx;

namespace NndlPS.Core;

/// <summary>
/// Writes a network as a standard ONNX model, so ONNX Runtime, OpenCV's dnn module and other runtimes can run it.
/// Input <c>input</c> is float [N, inputs] (N free: any batch size), output <c>output</c> is the final layer's
/// activations, float [N, outputs]. Each layer is the book's a′ = σ(w·a + b), one row per sample:
/// <c>Gemm(a, w, b, transB = 1)</c> (a·wᵀ + b, with w stored y×x as the book does) followed by the layer's activation
/// (<c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c> or <c>Softmax</c>).
/// </summary>
public static class OnnxWriter
{
    /// <summary>The operator set the model uses: Gemm and Sigmoid as of ONNX 1.8, which every current runtime reads.</summary>
    public const long OpsetVersion = 13;

    /// <summary>The IR version that goes with opset 13 (ONNX 1.8, IR_VERSION_2020_5_8).</summary>
    public const long IrVersion = 7;

    // One protobuf message may not exceed 2 GB; ONNX stores larger weights in side files, which this writer does not.
    private const long MaxModelBytes = int.MaxValue - (1L << 20);

    public static void Write(Network network, Stream output)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.RequireChapterOneToFive("ONNX export writes the fully connected networks of chapters 1-5 (Gemm and activations); convolutional layers are not " +
            "exported yet. Keep the network in the session.", withDropout: false);
        if (network.ParameterCount * sizeof(float) > MaxModelBytes)
        {
            throw new NndlException("OnnxModelTooLarge", NndlErrorKind.InvalidArgument,
                $"The network's {network.ParameterCount:N0} weights and biases take more than the 2 GB one ONNX file can hold. Save it with -Format Json instead.");
        }

        var graph = new GraphProto { Name = "nndlps", DocString = network.ToString() };
        graph.Input.Add(FloatMatrix("input", network.InputSize));
        string a = "input";
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Layer layer = network.Layers[l];
            string activation = OperatorOf(layer.Activation, l);
            string w = $"w{l + 1}", b = $"b{l + 1}", z = $"z{l + 1}";
            string next = l == network.Layers.Count - 1 ? "output" : $"a{l + 1}";
            graph.Initializer.Add(Tensor(w, [layer.OutputSize, layer.InputSize], layer.Weights));
            graph.Initializer.Add(Tensor(b, [layer.OutputSize], layer.Biases));
            var gemm = new NodeProto { Name = $"layer{l + 1}_gemm", OpType = "Gemm", Input = { a, w, b }, Output = { z } };
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            graph.Node.Add(new NodeProto { Name = $"layer{l + 1}_{activation.ToLowerInvariant()}", OpType = activation, Input = { z }, Output = { next } });
            a = next;
        }

        graph.Output.Add(FloatMatrix("output", network.OutputSize));
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "NndlPS",
            ProducerVersion = typeof(OnnxWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = $"{network}; input: float [N, {network.InputSize}], output: the last layer's activations, float [N, {network.OutputSize}]",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.WriteTo(output);
    }

    /// <summary>
    /// The ONNX operator for an activation (Softmax over axis −1, each sample's row, as the engine does). The step
    /// neuron has no single ONNX operator and is refused.
    /// </summary>
    private static string OperatorOf(IActivation activation, int layer) => activation.Kind switch
    {
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.ReLU => "Relu",
        ActivationKind.Softmax => "Softmax",
        _ => throw new NndlException("OnnxActivationUnsupported", NndlErrorKind.InvalidArgument,
            $"Layer {layer} uses {activation.Name} neurons, which the ONNX export does not know. Save the network with -Format Json instead."),
    };

    private static ValueInfoProto FloatMatrix(string name, int columns)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = "N" });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = columns });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static TensorProto Tensor(string name, long[] dims, float[] values)
    {
        byte[] raw = new byte[values.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(raw);
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * sizeof(float)), values[i]); // ONNX raw data is little-endian
            }
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = UnsafeByteOperations.UnsafeWrap(raw) };
        tensor.Dims.Add(dims);
        return tensor;
    }
}
