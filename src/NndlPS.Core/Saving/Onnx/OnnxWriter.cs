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
/// <para>Chapter 6's networks take the same flat input, reshaped to [N, C, H, W]; each convolutional layer is
/// <c>Conv</c> (weights F×C×k×k, ONNX's OIHW; stride 1, no padding) with its bias, <c>MaxPool</c> (kernel = stride =
/// the pool size, the border left out as network3.py and ONNX's default floor both do) and the activation; then
/// <c>Flatten</c> to [N, C·H·W] in channel-row-column order, the order the first fully connected layer reads. The bias
/// goes into Conv, before the pooling, where network3.py adds it after: adding one constant to a whole map commutes
/// with taking a maximum, even rounded (rounding is monotone). Dropout is not in the graph: the engine's dropout is
/// inverted (scaled while training), so a trained network runs as it is.</para>
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
        if (network.ParameterCount * sizeof(float) > MaxModelBytes)
        {
            throw new NndlException("OnnxModelTooLarge", NndlErrorKind.InvalidArgument,
                $"The network's {network.ParameterCount:N0} weights and biases take more than the 2 GB one ONNX file can hold. Save it with -Format Json instead.");
        }

        var graph = new GraphProto { Name = "nndlps", DocString = network.ToString() };
        graph.Input.Add(FloatMatrix("input", network.InputSize));
        string a = "input";
        if (network.InputShape is ImageShape shape)
        {
            a = AddConvolutionalLayers(graph, network, shape);
        }

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

    /// <summary>Reshape, each convolutional layer, Flatten; returns the name of the flat activations the fully connected layers take.</summary>
    private static string AddConvolutionalLayers(GraphProto graph, Network network, ImageShape shape)
    {
        var imageShape = new TensorProto { Name = "image_shape", DataType = (int)TensorProto.Types.DataType.Int64 };
        imageShape.Dims.Add(4);
        imageShape.Int64Data.Add([-1, shape.Channels, shape.Height, shape.Width]);
        graph.Initializer.Add(imageShape);
        graph.Node.Add(new NodeProto { Name = "image", OpType = "Reshape", Input = { "input", "image_shape" }, Output = { "image" } });
        string a = "image";
        for (int c = 0; c < network.ConvolutionalLayers.Count; c++)
        {
            ConvPoolLayer layer = network.ConvolutionalLayers[c];
            string name = $"conv{c + 1}", w = $"{name}_w", b = $"{name}_b";
            graph.Initializer.Add(Tensor(w, [layer.Filters, layer.InputShape.Channels, layer.FilterSize, layer.FilterSize], layer.Weights));
            graph.Initializer.Add(Tensor(b, [layer.Filters], layer.Biases));
            var conv = new NodeProto { Name = name, OpType = "Conv", Input = { a, w, b }, Output = { $"{name}_convolved" } };
            conv.Attribute.Add(Ints("kernel_shape", layer.FilterSize, layer.FilterSize));
            graph.Node.Add(conv);
            a = $"{name}_convolved";
            if (layer.PoolSize > 1)
            {
                var pool = new NodeProto { Name = $"{name}_maxpool", OpType = "MaxPool", Input = { a }, Output = { $"{name}_pooled" } };
                pool.Attribute.Add(Ints("kernel_shape", layer.PoolSize, layer.PoolSize));
                pool.Attribute.Add(Ints("strides", layer.PoolSize, layer.PoolSize));
                graph.Node.Add(pool);
                a = $"{name}_pooled";
            }

            string activation = OperatorOf(layer.Activation, c);
            graph.Node.Add(new NodeProto { Name = $"{name}_{activation.ToLowerInvariant()}", OpType = activation, Input = { a }, Output = { $"{name}_a" } });
            a = $"{name}_a";
        }

        var flatten = new NodeProto { Name = "flatten", OpType = "Flatten", Input = { a }, Output = { "a0" } };
        flatten.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(flatten);
        return "a0";
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
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
