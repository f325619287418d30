using System.Buffers.Binary;
using System.Reflection;
using System.Runtime.InteropServices;
using Google.Protobuf;
using NndlPS.Core.Onnx;

namespace NndlPS.Core;

/// <summary>
/// Writes a network as a standard ONNX model, so ONNX Runtime, OpenCV's dnn module and other runtimes can run it.
/// Input <c>input</c> is float [N, inputs] (N free: any batch size), output <c>output</c> is the final layer's
/// activations, float [N, outputs]. Each fully connected layer is the book's a′ = σ(w·a + b), one row per sample:
/// <c>Gemm(a, w, b, transB = 1)</c> (a·wᵀ + b, with w stored y×x as the book does) followed by the layer's activation
/// (<c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c> or <c>Softmax</c>).
/// <para>
/// Chapter 6's networks take the same flat input, so every NndlPS model is fed alike: one image per row, channel by
/// channel, row by row, as <see cref="ImageShape"/> stores it. The graph reshapes it to [N, C, H, W], then each
/// <see cref="ConvPoolLayer"/> is network3.py's <c>ConvPoolLayer</c>:
/// </para>
/// <code>
///   Reshape [N, C·H·W] → [N, C, H, W]
///   per layer   Conv(a, w F×C×k×k, b; stride 1, no padding)  →  MaxPool(p×p, stride p; partial blocks dropped)  →  σ
///   Flatten → [N, F·H′·W′] (map by map, row by row: what the first fully connected layer reads), then the Gemms
/// </code>
/// Layers are numbered through the whole network, so the first fully connected layer after two convolutional ones
/// is <c>w3</c>, <c>b3</c>, <c>layer3_gemm</c>. Dropout is not in the graph: it is inverted (the kept inputs are
/// scaled while training), so a trained network is used as it is.
/// </summary>
public static class OnnxWriter
{
    /// <summary>The operator set the model uses: Gemm, Conv, MaxPool and the activations as of ONNX 1.8, which every current runtime reads.</summary>
    public const long OpsetVersion = 13;

    /// <summary>The IR version that goes with opset 13 (ONNX 1.8, IR_VERSION_2020_5_8).</summary>
    public const long IrVersion = 7;

    // One protobuf message may not exceed 2 GB; ONNX stores larger weights in side files, which this writer does not.
    private const long MaxModelBytes = int.MaxValue - (1L << 20);

    public static void Write(Network network, Stream output)
    {
        ArgumentNullException.ThrowIfNull(network);
        FiniteParameters.Require(network, "which an ONNX model would hand on to every runtime that loads it");

        // ParameterCount counts the convolutional layers' weights and biases too: every one is a float in the file.
        if (network.ParameterCount * sizeof(float) > MaxModelBytes)
        {
            throw new NndlException("OnnxModelTooLarge", NndlErrorKind.InvalidArgument,
                $"The network's {network.ParameterCount:N0} weights and biases take more than the 2 GB one ONNX file can hold. Save it with -Format Json instead.");
        }

        var graph = new GraphProto { Name = "nndlps", DocString = network.ToString() };
        graph.Input.Add(FloatMatrix("input", network.InputSize));
        string a = network.IsConvolutional ? AddConvolutionalLayers(graph, network) : "input";
        int first = network.ConvolutionalLayers.Count; // the fully connected layers are numbered after the convolutional ones
        for (int l = 0; l < network.Layers.Count; l++)
        {
            Layer layer = network.Layers[l];
            string activation = OperatorOf(layer.Activation, $"Layer {l}");
            int n = first + l + 1;
            string w = $"w{n}", b = $"b{n}", z = $"z{n}";
            string next = l == network.Layers.Count - 1 ? "output" : $"a{n}";
            graph.Initializer.Add(Tensor(w, [layer.OutputSize, layer.InputSize], layer.Weights));
            graph.Initializer.Add(Tensor(b, [layer.OutputSize], layer.Biases));
            var gemm = new NodeProto { Name = $"layer{n}_gemm", OpType = "Gemm", Input = { a, w, b }, Output = { z } };
            gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
            graph.Node.Add(gemm);
            graph.Node.Add(new NodeProto { Name = $"layer{n}_{activation.ToLowerInvariant()}", OpType = activation, Input = { z }, Output = { next } });
            a = next;
        }

        graph.Output.Add(FloatMatrix("output", network.OutputSize));
        string images = network.IsConvolutional ? $", each row one {network.InputShape} image (channel by channel, row by row)" : "";
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "NndlPS",
            ProducerVersion = typeof(OnnxWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
            DocString = $"{network}; input: float [N, {network.InputSize}]{images}, output: the last layer's activations, float [N, {network.OutputSize}]",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        model.WriteTo(output);
    }

    /// <summary>
    /// The convolutional layers' nodes (see the class comment), from <c>input</c> to the flattened maps the first fully
    /// connected layer reads; returns that value's name.
    /// </summary>
    private static string AddConvolutionalLayers(GraphProto graph, Network network)
    {
        ImageShape shape = network.InputShape!.Value;
        graph.Initializer.Add(Int64Tensor("image_shape", [-1, shape.Channels, shape.Height, shape.Width]));
        graph.Node.Add(new NodeProto { Name = "images_reshape", OpType = "Reshape", Input = { "input", "image_shape" }, Output = { "images" } });
        string a = "images";
        IReadOnlyList<ConvPoolLayer> layers = network.ConvolutionalLayers;
        for (int l = 0; l < layers.Count; l++)
        {
            ConvPoolLayer layer = layers[l];
            string activation = OperatorOf(layer.Activation, $"Convolutional layer {l}");
            int n = l + 1, k = layer.FilterSize, p = layer.PoolSize;
            string w = $"w{n}", b = $"b{n}", convolved = $"convolved{n}", z = $"z{n}", next = $"a{n}";
            graph.Initializer.Add(Tensor(w, [layer.Filters, layer.InputShape.Channels, k, k], layer.Weights)); // F×C×k×k is ONNX's OIHW
            graph.Initializer.Add(Tensor(b, [layer.Filters], layer.Biases));

            // The engine adds each map's bias after pooling (network3.py's order), Conv before it. For max-pooling the
            // two are the same number, bit for bit: adding b and rounding never reverses an order, so the largest
            // w·a + b of a block is the largest w·a of it plus b.
            var conv = new NodeProto { Name = $"layer{n}_conv", OpType = "Conv", Input = { a, w, b }, Output = { p > 1 ? convolved : z } };
            conv.Attribute.Add(Ints("kernel_shape", k, k));
            conv.Attribute.Add(Ints("strides", 1, 1));
            conv.Attribute.Add(Ints("pads", 0, 0, 0, 0)); // a "valid" convolution: H − k + 1 by W − k + 1
            graph.Node.Add(conv);
            if (p > 1)
            {
                // Non-overlapping p×p blocks; ONNX's default ceil_mode 0 drops a last partial block, as the engine and
                // network3.py's ignore_border do. A pool of 1 is no pooling, so it gets no node.
                var pool = new NodeProto { Name = $"layer{n}_maxpool", OpType = "MaxPool", Input = { convolved }, Output = { z } };
                pool.Attribute.Add(Ints("kernel_shape", p, p));
                pool.Attribute.Add(Ints("strides", p, p));
                graph.Node.Add(pool);
            }

            graph.Node.Add(new NodeProto { Name = $"layer{n}_{activation.ToLowerInvariant()}", OpType = activation, Input = { z }, Output = { next } });
            a = next;
        }

        // NCHW flattened from axis 1 is F×H′×W′ row-major per sample: the order the engine's pooled maps are in.
        var flatten = new NodeProto { Name = "features_flatten", OpType = "Flatten", Input = { a }, Output = { "features" } };
        flatten.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(flatten);
        return "features";
    }

    /// <summary>
    /// The ONNX operator for an activation (Softmax over axis −1, each sample's row, as the engine does). The step
    /// neuron has no single ONNX operator and is refused.
    /// </summary>
    private static string OperatorOf(IActivation activation, string layer) => activation.Kind switch
    {
        ActivationKind.Sigmoid => "Sigmoid",
        ActivationKind.Tanh => "Tanh",
        ActivationKind.ReLU => "Relu",
        ActivationKind.Softmax => "Softmax",
        _ => throw new NndlException("OnnxActivationUnsupported", NndlErrorKind.InvalidArgument,
            $"{layer} uses {activation.Name} neurons, which the ONNX export does not know. Save the network with -Format Json instead."),
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

    private static AttributeProto Ints(string name, params long[] values)
    {
        var attribute = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        attribute.Ints.Add(values);
        return attribute;
    }

    private static TensorProto Int64Tensor(string name, long[] values)
    {
        byte[] raw = new byte[values.Length * sizeof(long)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * sizeof(long)), values[i]); // ONNX raw data is little-endian
        }

        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64, RawData = ByteString.CopyFrom(raw) };
        tensor.Dims.Add(values.Length);
        return tensor;
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
