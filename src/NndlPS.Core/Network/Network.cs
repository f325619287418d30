using System.Numerics.Tensors;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// The book's feed-forward network (network.py's <c>Network</c>). <see cref="Sizes"/> gives the neurons per
/// layer, e.g. [784, 30, 10]; the input layer has no weights or biases, so there are Sizes.Count − 1
/// <see cref="Layers"/>. Each layer chooses its activation and the network chooses its cost, so later
/// chapters' neurons and costs plug in without changing the training code.
/// </summary>
public sealed class Network
{
    private readonly int[] _sizes;
    private readonly Layer[] _layers;
    private readonly ConvPoolLayer[] _convolutionalLayers; // chapter 6's front, before the fully connected layers; empty before it
    private readonly ImageShape? _inputShape;
    private int _inTraining; // 1 while a trainer holds the network: see BeginTraining

    /// <summary>A network with all weights and biases zero; every layer uses <paramref name="activation"/> (default sigmoid).</summary>
    public Network(IReadOnlyList<int> sizes, IActivation? activation = null, ICost? cost = null)
        : this(sizes, activation ?? SigmoidActivation.Instance, activation ?? SigmoidActivation.Instance, cost ?? QuadraticCost.Instance)
    {
    }

    /// <summary>A network with all weights and biases zero, <paramref name="hidden"/> neurons in the hidden layers and <paramref name="output"/> neurons in the last.</summary>
    /// <exception cref="NndlException">NetworkTooLarge, CostOutputMismatch, SoftmaxOnlyOnOutput, SoftmaxNeedsTwoOutputs.</exception>
    public Network(IReadOnlyList<int> sizes, IActivation hidden, IActivation output, ICost cost)
        : this(null, [], sizes, hidden, output, cost)
    {
    }

    /// <summary>
    /// A network of <paramref name="convolutional"/> layers fed by inputs of <paramref name="inputShape"/>, then fully
    /// connected layers of <paramref name="sizes"/> (sizes[0] the last convolutional layer's output, flattened C×H×W).
    /// </summary>
    private Network(ImageShape? inputShape, ConvPoolLayer[] convolutional, IReadOnlyList<int> sizes, IActivation hidden, IActivation output, ICost cost)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        _inputShape = inputShape;
        _convolutionalLayers = convolutional;
        if (sizes.Count < 2)
        {
            throw new ArgumentException($"A network needs at least an input and an output layer; got {sizes.Count} size(s).", nameof(sizes));
        }

        if (sizes.Any(size => size < 1))
        {
            throw new ArgumentException($"Every layer needs at least one neuron; got [{string.Join(", ", sizes)}].", nameof(sizes));
        }

        // Every way of making a network (New-Network, a file, Add-NetworkLayer) ends here: one bound, before allocating.
        NetworkLimits.RequireWithin(sizes);

        if (IsHiddenSoftmax(sizes.Count, hidden))
        {
            throw new NndlException("SoftmaxOnlyOnOutput", NndlErrorKind.InvalidArgument,
                "Softmax turns a whole layer into a probability distribution, which the book uses only for the output layer. Use -Activation Sigmoid, Tanh or ReLU for the hidden layers and -OutputActivation Softmax.");
        }

        if (output.Kind == ActivationKind.Softmax && sizes[^1] == 1)
        {
            throw new NndlException("SoftmaxNeedsTwoOutputs", NndlErrorKind.InvalidArgument,
                "Softmax over a single output neuron is always 1, so such a network would always answer 1 and could not learn. " +
                "For one output neuron use -OutputActivation Sigmoid (with -Cost CrossEntropy), or give the output layer one neuron per class.");
        }

        Costs.RequireCompatible(cost, output);
        _sizes = sizes.ToArray();
        _layers = new Layer[_sizes.Length - 1];
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l] = new Layer(_sizes[l], _sizes[l + 1], l == _layers.Length - 1 ? output : hidden);
        }

        _cost = cost;
    }

    private static bool IsHiddenSoftmax(int count, IActivation hidden) => count > 2 && hidden.Kind == ActivationKind.Softmax;

    /// <summary>
    /// A new network as <paramref name="design"/> says, weights and biases drawn from the seeded generator: biases
    /// from N(0, 1), weights from N(0, 1) or N(0, 1/n_in). The same seed and design always give the same network.
    /// </summary>
    public static Network Create(IReadOnlyList<int> sizes, NetworkDesign design, int seed)
    {
        ArgumentNullException.ThrowIfNull(design);
        IActivation hidden = Activations.Get(design.Activation);
        var network = new Network(sizes, hidden, Activations.Get(design.OutputActivation ?? design.Activation), Costs.Get(design.Cost));
        network.Initialization = design.Initialization;
        var gaussian = new GaussianSampler(SeededRandom.Create(seed));
        foreach (Layer layer in network._layers)
        {
            if (design.Initialization == WeightInitialization.FanIn)
            {
                FanIn(gaussian, layer.Weights, layer.InputSize, layer.Activation);
                continue;
            }

            gaussian.Fill(layer.Biases);
            gaussian.Fill(layer.Weights);
            if (design.Initialization == WeightInitialization.ScaledGaussian)
            {
                System.Numerics.Tensors.TensorPrimitives.Multiply(layer.Weights, 1f / MathF.Sqrt(layer.InputSize), layer.Weights);
            }
        }

        return network;
    }

    /// <summary>
    /// <see cref="WeightInitialization.FanIn"/>: weights from N(0, 1/n_in), N(0, 2/n_in) for ReLU, n_in the inputs one
    /// neuron sees; biases stay 0.
    /// </summary>
    private static void FanIn(GaussianSampler gaussian, float[] weights, int inputs, IActivation activation)
    {
        gaussian.Fill(weights);
        float gain = activation.Kind == ActivationKind.ReLU ? 2f : 1f;
        System.Numerics.Tensors.TensorPrimitives.Multiply(weights, MathF.Sqrt(gain / inputs), weights);
    }

    /// <summary>
    /// Chapter 6's network (network3.py's <c>Network([layers…])</c>): images of <paramref name="inputShape"/> through
    /// <paramref name="layers"/> — convolutional layers first, then fully connected ones, a softmax layer only last —
    /// with the shapes between them checked here, each refusal naming the layer and its numbers. Weights are drawn
    /// as <see cref="WeightInitialization.FanIn"/> says, from the seeded generator, layer by layer from the input.
    /// The cost is <paramref name="cost"/>, or log-likelihood under a softmax layer and quadratic otherwise.
    /// </summary>
    /// <exception cref="NndlException">LayerShapeMismatch, LayerOrderInvalid, SoftmaxOnlyOnOutput, NetworkTooLarge, CostOutputMismatch.</exception>
    public static Network Create(ImageShape inputShape, IReadOnlyList<LayerDesign> layers, int seed, CostKind? cost = null)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (inputShape.Channels < 1 || inputShape.Height < 1 || inputShape.Width < 1 || inputShape.Size > int.MaxValue)
        {
            throw new NndlException("LayerShapeMismatch", NndlErrorKind.InvalidArgument,
                $"The input shape is channels, height, width, each at least 1 and {int.MaxValue:N0} values in all at most (MNIST's images are 1,28,28); " +
                $"got {inputShape.Channels},{inputShape.Height},{inputShape.Width}, {inputShape.Size:N0} values.", "InputShape");
        }

        if (layers.Count == 0 || layers[^1] is ConvPoolLayerDesign)
        {
            throw new NndlException("LayerOrderInvalid", NndlErrorKind.InvalidArgument,
                "A network ends with a fully connected or softmax layer, whose neurons are its answers: add New-SoftmaxLayer -Neurons 10 (or New-FullyConnectedLayer) last.", "Layers");
        }

        if (layers.Count + 1 > NetworkLimits.MaxLayers)
        {
            throw new NndlException("NetworkTooLarge", NndlErrorKind.InvalidArgument,
                $"The network has {layers.Count} layers; this module allows at most {NetworkLimits.MaxLayers - 1} after the input. Use fewer layers.", "Layers");
        }

        var convolutional = new List<ConvPoolLayer>();
        ImageShape shape = inputShape;
        long parameters = 0;
        int index = 0;
        for (; index < layers.Count && layers[index] is ConvPoolLayerDesign design; index++)
        {
            string name = $"Layer {index + 1} ({design})";
            if (design.FilterSize > shape.Height || design.FilterSize > shape.Width)
            {
                throw new NndlException("LayerShapeMismatch", NndlErrorKind.InvalidArgument,
                    $"{name} slides a {design.FilterSize}x{design.FilterSize} filter over inputs of {shape} (channels x height x width), which it does not fit. " +
                    $"Use -FilterSize {Math.Min(shape.Height, shape.Width)} or less, or pool less in the layers before.", "FilterSize");
            }

            int convolvedHeight = shape.Height - design.FilterSize + 1, convolvedWidth = shape.Width - design.FilterSize + 1;
            if (design.PoolSize > convolvedHeight || design.PoolSize > convolvedWidth)
            {
                throw new NndlException("LayerShapeMismatch", NndlErrorKind.InvalidArgument,
                    $"{name} pools {design.PoolSize}x{design.PoolSize} blocks of its {convolvedHeight}x{convolvedWidth} convolved maps, larger than the maps. " +
                    $"Use -PoolSize {Math.Min(convolvedHeight, convolvedWidth)} or less, or a smaller -FilterSize.", "PoolSize");
            }

            // Counted in 64 bits before anything is allocated: filters × channels × k × k passes 2³¹ long before memory runs out.
            long layerParameters = ((long)design.Filters * shape.Channels * design.FilterSize * design.FilterSize) + design.Filters;
            long outputs = (long)design.Filters * (convolvedHeight / design.PoolSize) * (convolvedWidth / design.PoolSize);
            parameters += layerParameters;
            if (outputs > int.MaxValue || parameters > NetworkLimits.MaxParameters)
            {
                throw new NndlException("NetworkTooLarge", NndlErrorKind.InvalidArgument,
                    $"{name} makes the network larger than this module allows: {parameters:N0} parameters so far (at most {NetworkLimits.MaxParameters:N0}) and {outputs:N0} outputs " +
                    "(under 2³¹). Use fewer or smaller filters.", "Layers");
            }

            var layer = new ConvPoolLayer(shape, design.Filters, design.FilterSize, design.PoolSize, Activations.Get(design.Activation));

            convolutional.Add(layer);
            shape = layer.OutputShape;
        }

        var sizes = new List<int> { (int)shape.Size };
        var activations = new List<IActivation>();
        var dropouts = new List<float>();
        for (int l = index; l < layers.Count; l++)
        {
            switch (layers[l])
            {
                case ConvPoolLayerDesign misplaced:
                    throw new NndlException("LayerOrderInvalid", NndlErrorKind.InvalidArgument,
                        $"Layer {l + 1} ({misplaced}) comes after a fully connected layer, whose outputs have no height and width left to convolve. " +
                        "Put every convolutional layer before the fully connected ones, as network3.py does.", "Layers");
                case SoftmaxLayerDesign softmax when l != layers.Count - 1:
                    throw new NndlException("SoftmaxOnlyOnOutput", NndlErrorKind.InvalidArgument,
                        $"Layer {l + 1} ({softmax}) is not the last: softmax turns a whole layer into a probability distribution, which the book uses only for the output layer. " +
                        "Use New-FullyConnectedLayer for hidden layers.", "Layers");
                case SoftmaxLayerDesign softmax:
                    sizes.Add(softmax.Neurons);
                    activations.Add(SoftmaxActivation.Instance);
                    dropouts.Add(softmax.Dropout);
                    break;
                case FullyConnectedLayerDesign connected:
                    sizes.Add(connected.Neurons);
                    activations.Add(Activations.Get(connected.Activation));
                    dropouts.Add(connected.Dropout);
                    break;
                default:
                    throw new ArgumentException($"Unknown layer design {layers[l]}.", nameof(layers));
            }
        }

        long total = parameters + NetworkLimits.ParameterCount(sizes);
        if (total > NetworkLimits.MaxParameters)
        {
            // Named by the layer the user wrote that passes the bound, with its numbers: the sizes list would start
            // at the maps' value count (14,400,000 for 100,000 filters), a number nobody typed.
            long sofar = parameters;
            for (int l = 1; l < sizes.Count; l++)
            {
                long layerParameters = ((long)sizes[l - 1] + 1) * sizes[l];
                sofar += layerParameters;
                if (sofar > NetworkLimits.MaxParameters)
                {
                    LayerDesign design = layers[index + l - 1];
                    string inputs = l == 1 && convolutional.Count > 0
                        ? $"the {sizes[0]:N0} values of the last convolutional layer's {shape} maps (filters x height x width)"
                        : $"{sizes[l - 1]:N0} inputs";
                    throw new NndlException("NetworkTooLarge", NndlErrorKind.InvalidArgument,
                        $"Layer {index + l} ({design}) takes {inputs}, so it has {layerParameters:N0} weights and biases, the network up to it {sofar:N0}; " +
                        $"this module allows at most {NetworkLimits.MaxParameters:N0}. " +
                        (l == 1 && convolutional.Count > 0 ? "Use fewer filters or pool more in the layers before it, or fewer neurons." : "Use fewer neurons."), "Layers");
                }
            }

            throw new NndlException("NetworkTooLarge", NndlErrorKind.InvalidArgument,
                $"The network has {total:N0} weights and biases; this module allows at most {NetworkLimits.MaxParameters:N0}. Use fewer or smaller layers.", "Layers");
        }

        ICost chosen = Costs.Get(cost ?? DefaultCost(layers));
        var network = new Network(inputShape, convolutional.ToArray(), sizes, activations[0], activations[^1], chosen)
        {
            Initialization = WeightInitialization.FanIn,
        };
        var gaussian = new GaussianSampler(SeededRandom.Create(seed));
        foreach (ConvPoolLayer layer in network._convolutionalLayers)
        {
            FanIn(gaussian, layer.Weights, layer.WeightsPerFilter, layer.Activation);
        }

        for (int l = 0; l < network._layers.Length; l++)
        {
            network._layers[l].Activation = activations[l];
            network._layers[l].Dropout = dropouts[l];
            FanIn(gaussian, network._layers[l].Weights, network._layers[l].InputSize, activations[l]);
        }

        return network;
    }

    /// <summary>
    /// A network with given weights and biases, as chapter 1 sets a perceptron's by hand: for each layer after the
    /// input, its weights (rows of w_jk, or one row-major list; see <see cref="Layer"/>) and its biases.
    /// </summary>
    /// <exception cref="NndlException">NetworkLayerCountMismatch, NetworkWeightsShapeMismatch, NetworkBiasesShapeMismatch, CostOutputMismatch.</exception>
    public static Network FromParameters(IReadOnlyList<int> sizes, IReadOnlyList<IReadOnlyList<float[]>> weights, IReadOnlyList<float[]> biases,
        NetworkDesign design)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(design);
        var network = new Network(sizes, Activations.Get(design.Activation), Activations.Get(design.OutputActivation ?? design.Activation), Costs.Get(design.Cost));
        int layers = network._layers.Length;
        if (weights.Count != layers || biases.Count != layers)
        {
            throw new NndlException("NetworkLayerCountMismatch", NndlErrorKind.InvalidArgument,
                $"A network of sizes [{string.Join(", ", sizes)}] has {layers} layer(s) of weights and biases (none on the input layer); " +
                $"got weights for {weights.Count} and biases for {biases.Count}. Give one entry per layer, e.g. -Weights (w1), (w2) -Biases (b1), (b2).");
        }

        for (int l = 0; l < layers; l++)
        {
            network._layers[l].SetParameters(l, weights[l], biases[l]);
        }

        return network;
    }

    /// <summary>
    /// A new network: this one's layers (copied, so training either leaves the other alone) followed by one more
    /// layer of <paramref name="biases"/>.Length neurons with the given weights, biases and activation. The cost
    /// stays this network's when it suits the new output layer, and is otherwise the quadratic cost.
    /// </summary>
    /// <exception cref="NndlException">NetworkWeightsShapeMismatch, NetworkBiasesShapeMismatch, SoftmaxOnlyOnOutput.</exception>
    public Network AppendLayer(IReadOnlyList<float[]> weights, float[] biases, IActivation activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        ArgumentNullException.ThrowIfNull(activation);
        if (IsConvolutional || _inputShape is not null || _layers.Any(layer => layer.Dropout > 0))
        {
            throw new NndlException("LayerOrderInvalid", NndlErrorKind.InvalidArgument,
                $"Add-NetworkLayer extends the networks of chapters 1-3; {this} was made from layers (New-Network -InputShape -Layers). " +
                "Make a new one with the extra layer in -Layers.");
        }

        if (biases.Length == 0)
        {
            throw new NndlException("NetworkBiasesShapeMismatch", NndlErrorKind.InvalidArgument,
                "The new layer needs at least one neuron: give one bias per neuron.");
        }

        if (_layers[^1].Activation.Kind == ActivationKind.Softmax)
        {
            throw new NndlException("SoftmaxOnlyOnOutput", NndlErrorKind.InvalidArgument,
                "This network's output layer is softmax, which the book uses only for the output layer; a layer appended after it would make it a hidden layer. Append to a network whose output layer is sigmoid, tanh, ReLU or step.");
        }

        ICost cost = _cost.Incompatibility(activation) is null ? _cost : QuadraticCost.Instance;
        var network = new Network([.. _sizes, biases.Length], _layers[0].Activation, activation, cost);
        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l].Weights.CopyTo(network._layers[l].Weights, 0);
            _layers[l].Biases.CopyTo(network._layers[l].Biases, 0);
            network._layers[l].Activation = _layers[l].Activation;
        }

        network._layers[^1].SetParameters(_layers.Length, weights, biases);
        return network;
    }

    /// <summary>
    /// The book's initialisation: every weight and bias drawn independently from N(0, 1).
    /// The same <paramref name="seed"/> always gives the same network.
    /// </summary>
    public static Network CreateGaussian(IReadOnlyList<int> sizes, int seed) => Create(sizes, new NetworkDesign(), seed);

    /// <summary>
    /// Neurons per fully connected layer, input first. In a network with <see cref="ConvolutionalLayers"/>, the first
    /// is the number of values the last of them gives (C·H·W), not the image's pixels (<see cref="InputSize"/>).
    /// </summary>
    public IReadOnlyList<int> Sizes => _sizes;

    /// <summary>The fully connected layers (and softmax), after any convolutional ones.</summary>
    public IReadOnlyList<Layer> Layers => _layers;

    /// <summary>Chapter 6's convolutional layers, which come first; empty for the networks of chapters 1–5.</summary>
    public IReadOnlyList<ConvPoolLayer> ConvolutionalLayers => _convolutionalLayers;

    /// <summary>The input as channels × height × width, when the network was made with one (New-Network -InputShape); else null.</summary>
    public ImageShape? InputShape => _inputShape;

    /// <summary>Whether the network starts with convolutional layers.</summary>
    public bool IsConvolutional => _convolutionalLayers.Length > 0;

    /// <summary>Values one input holds: the image's pixels.</summary>
    public int InputSize => _inputShape is ImageShape shape ? (int)shape.Size : _sizes[0];

    public int OutputSize => _sizes[^1];

    private ICost _cost;

    /// <summary>The cost training minimises; it must suit the output layer (cross-entropy needs sigmoid, log-likelihood softmax).</summary>
    public ICost Cost
    {
        get => _cost;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Costs.RequireCompatible(value, _layers[^1].Activation);
            _cost = value;
        }
    }

    /// <summary>
    /// Epochs of SGD these weights have had. Training again numbers its epochs on from here, so a run that is
    /// continued prints <c>Epoch 30</c>, not a second <c>Epoch 0</c>. Saved with the network.
    /// </summary>
    public int EpochsTrained { get; set; }

    /// <summary>
    /// How the weights were first drawn, when Create drew them in this session; null for a network given
    /// its values or loaded from a file (the file does not record it). Epoch results and pictures name it.
    /// </summary>
    public WeightInitialization? Initialization { get; internal set; }

    /// <summary>Total number of weights and biases.</summary>
    public long ParameterCount => _convolutionalLayers.Sum(layer => layer.ParameterCount) + _layers.Sum(layer => (long)layer.Weights.Length + layer.Biases.Length);

    /// <summary>a ← σ(w·a + b) through every layer, for one input (network.py's <c>feedforward</c>).</summary>
    public float[] FeedForward(ReadOnlySpan<float> input)
    {
        if (input.Length != InputSize)
        {
            throw new ArgumentException($"The network takes {InputSize} inputs; got {input.Length}.", nameof(input));
        }

        if (IsConvolutional)
        {
            // One sample through the batched passes: the same operations as training and evaluation, bit for bit.
            using var kernels = new ParallelKernels(1);
            var pass = new ForwardPass(this, 1);
            input.CopyTo(pass.Inputs(1));
            pass.Run(this, 1, kernels);
            return pass.Outputs(1).ToArray();
        }

        float[] a = input.ToArray();
        foreach (Layer layer in _layers)
        {
            float[] z = new float[layer.OutputSize], next = new float[layer.OutputSize];
            ForwardPass.FeedLayer(kernels: null, layer, a, z, next, m: 1);
            a = next;
        }

        return a;
    }

    /// <summary>
    /// The same, for an array: the overload PowerShell can call, <c>$nand.FeedForward((1,1))</c>, as it cannot make a
    /// span from a list of numbers.
    /// </summary>
    public float[] FeedForward(float[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return FeedForward(input.AsSpan());
    }

    /// <summary>The network's answer for one input (<see cref="Prediction.Answer"/>): the most active output neuron, or whether a single output neuron fires.</summary>
    public int Predict(ReadOnlySpan<float> input) => Prediction.Answer(FeedForward(input));

    /// <summary>
    /// Marks the network as being trained until the returned lease is disposed. Two trainings of one network at once
    /// (two runspaces, two threads) would interleave their updates and give different weights on every run; the
    /// second one is refused instead.
    /// </summary>
    /// <exception cref="NndlException">NetworkInTraining: another training holds the network.</exception>
    internal IDisposable BeginTraining()
    {
        if (Interlocked.CompareExchange(ref _inTraining, 1, 0) != 0)
        {
            throw new NndlException("NetworkInTraining", NndlErrorKind.OperationFailed,
                $"The network {this} is being trained by another pipeline. A network is trained by one pipeline at a time: " +
                "wait for that training to finish, or train a copy ($net.Clone()).");
        }

        return new TrainingLease(this);
    }

    private sealed class TrainingLease(Network network) : IDisposable
    {
        private Network? _network = network;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _network, null) is Network held)
            {
                Volatile.Write(ref held._inTraining, 0);
            }
        }
    }

    /// <summary>A deep copy: training the copy leaves this network as it is.</summary>
    public Network Clone()
    {
        ConvPoolLayer[] convolutional = _convolutionalLayers
            .Select(layer => new ConvPoolLayer(layer.InputShape, layer.Filters, layer.FilterSize, layer.PoolSize, layer.Activation)).ToArray();
        var copy = new Network(_inputShape, convolutional, _sizes, _layers[0].Activation, _layers[^1].Activation, Cost);
        for (int l = 0; l < _convolutionalLayers.Length; l++)
        {
            _convolutionalLayers[l].Weights.CopyTo(convolutional[l].Weights, 0);
            _convolutionalLayers[l].Biases.CopyTo(convolutional[l].Biases, 0);
        }

        for (int l = 0; l < _layers.Length; l++)
        {
            _layers[l].Weights.CopyTo(copy._layers[l].Weights, 0);
            _layers[l].Biases.CopyTo(copy._layers[l].Biases, 0);
            copy._layers[l].Activation = _layers[l].Activation;
            copy._layers[l].Dropout = _layers[l].Dropout;
        }

        copy.EpochsTrained = EpochsTrained;
        copy.Initialization = Initialization;
        return copy;
    }

    /// <summary>
    /// Overwrites this network's weights, biases and epoch count with <paramref name="source"/>'s, in place, so
    /// every reference to this network (a variable, each epoch's <c>.Network</c>) sees them.
    /// </summary>
    public void CopyParametersFrom(Network source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source._sizes.AsSpan().SequenceEqual(_sizes) || source._convolutionalLayers.Length != _convolutionalLayers.Length ||
            source._convolutionalLayers.Where((layer, l) => layer.Weights.Length != _convolutionalLayers[l].Weights.Length || layer.Biases.Length != _convolutionalLayers[l].Biases.Length).Any())
        {
            throw new ArgumentException($"Cannot copy the network {source} into {this}: their layers differ.", nameof(source));
        }

        for (int l = 0; l < _convolutionalLayers.Length; l++)
        {
            source._convolutionalLayers[l].Weights.CopyTo(_convolutionalLayers[l].Weights, 0);
            source._convolutionalLayers[l].Biases.CopyTo(_convolutionalLayers[l].Biases, 0);
        }

        for (int l = 0; l < _layers.Length; l++)
        {
            source._layers[l].Weights.CopyTo(_layers[l].Weights, 0);
            source._layers[l].Biases.CopyTo(_layers[l].Biases, 0);
        }

        EpochsTrained = source.EpochsTrained;
    }

    /// <summary>
    /// The layers in a line, input first: "[784, 30, 10]" for chapters 1–5's networks, as New-Network -Sizes takes them,
    /// and for chapter 6's the input shape and the layers as New-Network -Layers takes them as text (<see cref="LayerText"/>):
    /// "1x28x28 [ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu + Softmax 10]". One notation for layers
    /// everywhere a network is shown, so what is read can be typed back.
    /// </summary>
    public string Architecture => _inputShape is not ImageShape shape
        ? $"[{string.Join(", ", _sizes)}]"
        : $"{shape} [{LayerText.Format(LayerDesigns!)}]";

    /// <summary>The cost <see cref="Create(ImageShape, IReadOnlyList{LayerDesign}, int, CostKind?)"/> gives layers when none is named: log-likelihood under a softmax layer (network3.py's), quadratic otherwise.</summary>
    public static CostKind DefaultCost(IReadOnlyList<LayerDesign> layers) =>
        layers.Count > 0 && layers[^1] is SoftmaxLayerDesign ? CostKind.LogLikelihood : CostKind.Quadratic;

    /// <summary>
    /// The layers as New-Network -Layers takes them and a sweep's results show them (<see cref="SweepPlan.Format"/>);
    /// null for a network made from sizes, which <see cref="Sizes"/> describes.
    /// </summary>
    public IReadOnlyList<LayerDesign>? LayerDesigns => _inputShape is null ? null :
    [
        .. _convolutionalLayers.Select(layer => (LayerDesign)new ConvPoolLayerDesign(layer.Filters, layer.FilterSize, layer.PoolSize, layer.Activation.Kind)),
        .. _layers.Select(layer => layer.Activation.Kind == ActivationKind.Softmax
            ? (LayerDesign)new SoftmaxLayerDesign(layer.OutputSize, layer.Dropout)
            : new FullyConnectedLayerDesign(layer.OutputSize, layer.Activation.Kind, layer.Dropout)),
    ];

    public override string ToString()
    {
        if (_inputShape is not null)
        {
            string epochs = EpochsTrained > 0 ? $", trained {EpochsTrained} epoch{(EpochsTrained == 1 ? "" : "s")}" : "";
            return $"Network {Architecture}, {Cost.Name} cost, {ParameterCount:N0} parameters{epochs}";
        }

        string activations = string.Join(",", _layers.Select(layer => layer.Activation.Name).Distinct());
        string trained = EpochsTrained > 0 ? $", trained {EpochsTrained} epoch{(EpochsTrained == 1 ? "" : "s")}" : "";
        return $"Network [{string.Join(", ", _sizes)}] {activations}, {Cost.Name} cost, {ParameterCount:N0} parameters{trained}";
    }
}
