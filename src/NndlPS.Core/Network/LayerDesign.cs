namespace NndlPS.Core;

/// <summary>
/// A layer as chapter 6 describes it before it has weights, like the arguments of network3.py's <c>ConvPoolLayer</c>,
/// <c>FullyConnectedLayer</c> and <c>SoftmaxLayer</c>: what New-ConvPoolLayer, New-FullyConnectedLayer and
/// New-SoftmaxLayer return, and what <see cref="Network.Create(ImageShape, IReadOnlyList{LayerDesign}, int, CostKind?)"/>
/// builds a network from. Each checks its own numbers when made; the shapes between layers are checked when the
/// network is made, since only then is the input known.
/// </summary>
public abstract record LayerDesign
{
    /// <summary>The most filters, neurons or filter/pool side one layer may ask for: past this a typo is far likelier than a wish.</summary>
    public const int MaxUnits = 1 << 20;

    private protected static int RequireCount(int value, string what, int max = MaxUnits) =>
        value >= 1 && value <= max
            ? value
            : throw new NndlException("LayerDesignInvalid", NndlErrorKind.InvalidArgument,
                $"A layer's {what} must be between 1 and {max:N0}; got {value}.", what);

    /// <summary>
    /// A dropout probability given as a double (a cmdlet's -Dropout), as the float a layer keeps; refused as the
    /// layer text refuses it when the float would not be what was asked: 1e-50 is 0 as a float, 0.99999999999 is 1.
    /// A cmdlet that bound a float had the rounding done by PowerShell, unseen: -Dropout 1e-50 made a layer without dropout.
    /// </summary>
    /// <exception cref="NndlException">LayerDesignInvalid.</exception>
    public static float DropoutOf(double dropout) => RequireDropout(new AskedFloat(dropout));

    /// <summary>A dropout the engine already holds as a float (a design's constructor): quoted as that float.</summary>
    internal static float RequireDropout(float dropout) =>
        RequireDropout(new AskedFloat(dropout, dropout, dropout.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <param name="dropout">The probability as given (LayerText's text, a cmdlet's double) and as the float kept.</param>
    internal static float RequireDropout(AskedFloat dropout)
    {
        if (dropout.LostToZero)
        {
            // 'dropout 1e-50' is 0 as a float: a layer that asked for dropout would silently have none.
            throw dropout.ZeroRefusal("LayerDesignInvalid", "Dropout", "no input would ever be dropped", "no dropout",
                "a probability a float holds (the book uses 0.5)", "Dropout");
        }

        // As given, not as the float: -1e-50 is -0 as a float, inside the range; as asked it is not. -0 as asked
        // (-Dropout -0.0) is 0, and kept as 0: kept as -0 it showed as "Dropout : -0".
        if (dropout.Asked >= 0 && dropout.Value < 1)
        {
            return dropout.Value;
        }

        throw new NndlException("LayerDesignInvalid", NndlErrorKind.InvalidArgument,
            $"Dropout is the probability of dropping each of a layer's inputs while training, from 0 (none) up to but not including 1 (the book uses 0.5); got {dropout.Got}.",
            "Dropout");
    }
}

/// <summary>network3.py's <c>ConvPoolLayer(filter_shape=(Filters, channels, FilterSize, FilterSize), poolsize=(PoolSize, PoolSize))</c>.</summary>
public sealed record ConvPoolLayerDesign : LayerDesign
{
    /// <summary>The largest filter or pool side: far beyond any image a layer sees.</summary>
    public const int MaxSide = 1024;

    public ConvPoolLayerDesign(int filters, int filterSize, int poolSize, ActivationKind activation)
    {
        Filters = RequireCount(filters, "Filters");
        FilterSize = RequireCount(filterSize, "FilterSize", MaxSide);
        PoolSize = RequireCount(poolSize, "PoolSize", MaxSide);
        Activation = RequireElementWise(activation);
    }

    public int Filters { get; }

    public int FilterSize { get; }

    public int PoolSize { get; }

    public ActivationKind Activation { get; }

    public override string ToString() => LayerText.Format(this);

    internal static ActivationKind RequireElementWise(ActivationKind activation) =>
        activation is ActivationKind.Sigmoid or ActivationKind.Tanh or ActivationKind.ReLU
            ? activation
            : throw new NndlException("LayerDesignInvalid", NndlErrorKind.InvalidArgument,
                $"A hidden layer's neurons are sigmoid, tanh or ReLU; got {activation}. Softmax is a layer of its own (New-SoftmaxLayer), as the output layer.",
                "Activation");
}

/// <summary>network3.py's <c>FullyConnectedLayer(n_out=Neurons, activation_fn, p_dropout=Dropout)</c>: every neuron sees every input.</summary>
public sealed record FullyConnectedLayerDesign : LayerDesign
{
    public FullyConnectedLayerDesign(int neurons, ActivationKind activation, float dropout = 0)
    {
        Neurons = RequireCount(neurons, "Neurons");
        Activation = ConvPoolLayerDesign.RequireElementWise(activation);
        Dropout = RequireDropout(dropout);
    }

    public int Neurons { get; }

    public ActivationKind Activation { get; }

    /// <summary>The probability of dropping each of the layer's inputs while training (network3.py's p_dropout).</summary>
    public float Dropout { get; }

    public override string ToString() => LayerText.Format(this);
}

/// <summary>network3.py's <c>SoftmaxLayer(n_out=Neurons, p_dropout=Dropout)</c>: the output layer, trained with the log-likelihood cost.</summary>
public sealed record SoftmaxLayerDesign : LayerDesign
{
    public SoftmaxLayerDesign(int neurons, float dropout = 0)
    {
        Neurons = RequireCount(neurons, "Neurons");
        Dropout = RequireDropout(dropout);
    }

    public int Neurons { get; }

    /// <summary>The probability of dropping each of the layer's inputs while training.</summary>
    public float Dropout { get; }

    public override string ToString() => LayerText.Format(this);
}
