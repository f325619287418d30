namespace NndlPS.Core;

/// <summary>
/// The check every course teaches: backpropagation's gradient against numerical derivatives. Backpropagation runs
/// as training runs it (float32, <see cref="Gradients.Compute"/>); the numerical side is an independent reference
/// written here in double precision — its own feedforward, neurons and costs, straight from the book's equations —
/// so that a mistake in the engine's forward pass cannot hide by appearing on both sides.
/// </summary>
/// <remarks>
/// Chapter 2 explains why backpropagation is the fast way: the central difference needs two forward passes over the
/// samples for every parameter, backpropagation one forward and one backward pass for all of them.
/// <para>
/// Chapter 6's layers are checked the same way, the convolutional layers first (layers 1 to C), then the fully
/// connected ones. Two of their steps have kinks, where the cost has no derivative: a rectified linear unit at z = 0
/// and a max-pool whose largest values tie. They are not rare: a 5x5 window of MNIST's white border convolves to exactly
/// 0, and with the biases at 0, as -Layers networks start, its unit sits on the kink, so C(b + ε) and C(b − ε) take two
/// branches and their central difference is the mean of the two one-sided slopes (at a ReLU, half the active one).
/// Backpropagation takes one branch (σ′(0) = 0, the first of equal maxima), so the reference differentiates the branch
/// its own forward pass took at θ: which units are active (z &gt; 0) and which value won each pool are decided once, in
/// double precision, at the unperturbed parameters, and held for θ ± ε. Away from kinks that changes nothing (ε moves
/// no unit across 0); at one, both sides differentiate the same branch. The decisions are the reference's own, so a
/// wrong σ′ in the engine still shows (a test mutates it), and so does a wrong winner wherever the winner matters (a
/// tie between windows of equal inputs, white against white, gives every choice the same gradient).
/// The convolution is a cross-correlation, as the engine's and ONNX's Conv (Theano's conv2d, under network3.py,
/// flips the filter: the same networks with their filters turned, which learning does not mind).
/// </para>
/// </remarks>
public static class GradientCheck
{
    /// <summary>The default bound on the relative error: float32 backpropagation is far inside it when it is right.</summary>
    public const double DefaultTolerance = 1e-2;

    /// <summary>ε of the central difference, in double precision (its truncation error is of order ε²).</summary>
    public const double DefaultEpsilon = 1e-5;

    /// <summary>
    /// The range of ε that can judge: below 10⁻⁷ the difference quotient is mostly the rounding of C itself, above
    /// 10⁻² mostly its truncation error.
    /// </summary>
    public const double SmallestEpsilon = 1e-7, LargestEpsilon = 1e-2;

    /// <summary>How many images the cost is averaged over, by default.</summary>
    public const int DefaultImages = 10;

    /// <summary>How many weights and biases of each layer are checked, by default.</summary>
    public const int DefaultParametersPerLayer = 20;

    /// <summary>
    /// The most multiply-adds a check may take: each checked parameter costs two double-precision feedforwards over
    /// the images. About 15 s here (measured: 2.8 ns per multiply-add in the reference on [784,30,10]).
    /// </summary>
    public const double MaxMultiplyAdds = 5e9;

    /// <summary>
    /// What a convolved value costs besides its filter's C·k·k multiply-adds, in multiply-adds' time: the loops around
    /// them and its comparison in the pool (measured: 100 filters of 1x1 pooled 28x28 took 8.8 ns a value, 39 s for a
    /// check counted as 4.4e9 when a value was counted as its one product).
    /// </summary>
    private const double ConvolvedValueWork = 8;

    /// <summary>
    /// Checks <paramref name="perLayer"/> parameters of each layer (a quarter of them biases, the rest weights, drawn by
    /// <paramref name="seed"/>) on the mean cost over images [start, start + count) of <paramref name="data"/>.
    /// </summary>
    public static IReadOnlyList<GradientCheckResult> Run(Network network, ImageSet data, int start, int count, int perLayer,
        int seed, double epsilon = DefaultEpsilon, double tolerance = DefaultTolerance, CancellationToken cancellationToken = default)
    {
        if (perLayer < 1 || !(epsilon >= SmallestEpsilon && epsilon <= LargestEpsilon) || !(tolerance > 0 && tolerance < 1))
        {
            throw new NndlException("GradientCheckSettingInvalid", NndlErrorKind.InvalidArgument,
                $"The check needs at least one parameter per layer, -Epsilon from {SmallestEpsilon:0e0} to {LargestEpsilon:0e0} (a smaller step measures " +
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"mostly rounding, a larger one mostly curvature) and -Tolerance between 0 and 1; got {perLayer}, {epsilon} and {tolerance}."));
        }

        ArgumentNullException.ThrowIfNull(network);
        double checks = network.Layers.Sum(layer => (double)Math.Min(layer.Weights.Length + layer.Biases.Length, perLayer)) +
            network.ConvolutionalLayers.Sum(layer => (double)Math.Min(layer.Weights.Length + layer.Biases.Length, perLayer));
        double multiplyAdds = 2 * checks * count * (network.Layers.Sum(layer => (double)layer.Weights.Length) +
            network.ConvolutionalLayers.Sum(layer => (double)layer.Filters * layer.ConvolvedHeight * layer.ConvolvedWidth * (layer.WeightsPerFilter + ConvolvedValueWork)));
        if (multiplyAdds > MaxMultiplyAdds)
        {
            throw new NndlException("GradientCheckTooCostly", NndlErrorKind.InvalidArgument,
                $"Checking {checks:N0} parameters on {count:N0} images would take {multiplyAdds:0.#e0} multiply-adds in double precision (each parameter costs two " +
                $"feedforwards over the images), more than the {MaxMultiplyAdds:0e0} a check may take. Give a smaller -First or -ParametersPerLayer.");
        }

        return Compare(network, Gradients.Compute(network, data, start, count, cancellationToken), data, start, count, perLayer, seed, epsilon, tolerance, cancellationToken);
    }

    /// <summary>The comparison itself, for a given gradient (tests hand it a wrong one to see the check fail).</summary>
    internal static IReadOnlyList<GradientCheckResult> Compare(Network network, NetworkGradient backprop, ImageSet data, int start, int count,
        int perLayer, int seed, double epsilon, double tolerance, CancellationToken cancellationToken)
    {
        var reference = new ReferenceNetwork(network, data, start, count, cancellationToken);
        var random = new Random(seed);
        var results = new List<GradientCheckResult>();
        int convolutional = network.ConvolutionalLayers.Count;
        for (int l = 0; l < backprop.Layers.Count; l++)
        {
            LayerGradient gradient = backprop.Layers[l];
            int weightCount = gradient.Weights.Length, biasCount = gradient.Biases.Length;
            int biases = Math.Min(biasCount, Math.Max(1, perLayer / 4));
            int weights = Math.Min(weightCount, Math.Max(0, perLayer - biases));
            var checks = new List<(string Name, double Backprop, double Numerical)>();
            foreach (int i in Pick(random, weightCount, weights))
            {
                cancellationToken.ThrowIfCancellationRequested();
                string name = l < convolutional ? FilterWeightName(network.ConvolutionalLayers[l], i) : $"w[{i / gradient.InputSize},{i % gradient.InputSize}]";
                checks.Add((name, gradient.Weights[i], reference.Derivative(l, isWeight: true, i, epsilon)));
            }

            foreach (int j in Pick(random, biasCount, biases))
            {
                cancellationToken.ThrowIfCancellationRequested();
                checks.Add(($"b[{j}]", gradient.Biases[j], reference.Derivative(l, isWeight: false, j, epsilon)));
            }

            // Below the floor a difference says nothing: a millionth of the layer's largest derivative is float32's
            // rounding, and 10⁴ · |C| · 2⁻⁵³ / ε is ten thousand times the rounding of the reference's own difference
            // quotient (a weight on a pixel that is 0 in every image has derivative 0, which the reference sees as ±1e-11).
            // The second is capped at a hundredth of the layer's largest derivative, so no ε can excuse a wrong one.
            double largest = checks.Max(check => Math.Abs(check.Numerical));
            double floor = Math.Max(1e-6 * largest, Math.Min(10_000 * Math.Abs(backprop.Cost) * Math.Pow(2, -53) / epsilon, 1e-2 * largest));
            var worst = checks.Select(check => (check.Name, check.Backprop, check.Numerical,
                    Error: Math.Abs(check.Backprop - check.Numerical) / Math.Max(Math.Max(Math.Abs(check.Backprop), Math.Abs(check.Numerical)), Math.Max(floor, double.Epsilon))))
                .OrderByDescending(check => check.Error).First();
            results.Add(new GradientCheckResult(l + 1, weights, biases, worst.Error, worst.Name, worst.Backprop, worst.Numerical, tolerance));
        }

        return results;
    }

    /// <summary>Weight <paramref name="index"/> of a convolutional layer as w[filter,channel,row,column] of its k×k filters.</summary>
    private static string FilterWeightName(ConvPoolLayer layer, int index)
    {
        int k = layer.FilterSize, perChannel = k * k;
        int filter = index / layer.WeightsPerFilter, within = index % layer.WeightsPerFilter;
        return $"w[{filter},{within / perChannel},{within % perChannel / k},{within % k}]";
    }

    /// <summary>
    /// <paramref name="count"/> distinct indices below <paramref name="length"/>, in increasing order: the first
    /// <paramref name="count"/> of a Fisher–Yates shuffle of 0 to length − 1 (Random.Shuffle's: place i swapped with
    /// a place drawn from [i, length)), which is what the check shuffled before, an int for every parameter: 400 MB for
    /// a layer of 100 million weights, to check 20. Only the places the first swaps moved are held now, O(count), and
    /// the shuffle's later draws, which cannot move those places, are drawn and dropped, so the generator is left where
    /// the whole shuffle left it: a seed picks the biases, and every later layer's parameters, as it always did.
    /// The draws still take time in proportion to the layer, about one feedforward of it over one image (measured on
    /// the 2-core EPYC: 100 million draws 0.44 s, 100 million of the reference's multiply-adds 0.36 s).
    /// </summary>
    internal static int[] Pick(Random random, int length, int count)
    {
        var picks = new int[count];
        var moved = new Dictionary<int, int>(); // place → the index now there, for places a swap has changed
        int swaps = Math.Min(count, length - 1); // the shuffle leaves its last place alone
        for (int i = 0; i < swaps; i++)
        {
            int j = random.Next(i, length);
            int atJ = moved.GetValueOrDefault(j, j);
            moved[j] = moved.GetValueOrDefault(i, i);
            moved.Remove(i); // place i is final
            picks[i] = atJ;
        }

        for (int i = swaps; i < length - 1; i++)
        {
            random.Next(i, length);
        }

        if (count == length && length > 0)
        {
            picks[^1] = moved.GetValueOrDefault(length - 1, length - 1);
        }

        Array.Sort(picks);
        return picks;
    }

    /// <summary>
    /// The network's parameters in double precision and a feedforward and cost written from the book's equations
    /// (network3.py's for the convolutional layers: convolve, max-pool, add the bias, activate). Layers are numbered as
    /// the check numbers them: the convolutional ones first. Each unit's branch (a ReLU's activity, a pool's winner) is
    /// decided at the unperturbed parameters and held while one parameter moves (see the class remarks).
    /// </summary>
    private sealed class ReferenceNetwork
    {
        // The network's own parameters, every layer, convolutional first, read as doubles (exactly) where they are used:
        // a copy in double precision was 8 bytes a parameter, 800 MB for a layer of 100 million weights. The one
        // parameter a derivative moves is the exception below, substituted in the one sum it enters.
        private readonly float[][] _weights, _biases;
        private Moved? _moved;
        private readonly ConvPoolLayer[] _convolutional;
        private readonly int[] _sizes;                   // the fully connected layers' sizes, their input first
        private readonly ActivationKind[] _activations;  // every layer
        private readonly CostKind _cost;
        // The images are read one at a time from the set (a copy of them all in double precision was 8 bytes a pixel:
        // 376 MB for -First 60000, eight times MNIST's bytes).
        private readonly ImageSet _data;
        private readonly int _start;
        private readonly float[] _image;
        private readonly double[] _input;
        private readonly int[] _labels;

        // Per image, per layer: whether each unit after a ReLU is active, and each pooled value's winner (an index into
        // the layer's convolved maps). Filled by the forward pass at θ; read by the passes at θ ± ε.
        private readonly bool[][][] _active;
        private readonly int[][][] _winners;
        private readonly CancellationToken _cancellationToken; // looked at every image: one derivative can be seconds of work
        private readonly double[] _filter; // one filter in double precision, the moved weight in place (ConvolveAndPool)
        private bool _holdBranches;

        public ReferenceNetwork(Network network, ImageSet data, int start, int count, CancellationToken cancellationToken)
        {
            _cancellationToken = cancellationToken;
            _convolutional = network.ConvolutionalLayers.ToArray();
            _sizes = network.Sizes.ToArray();
            _weights = _convolutional.Select(layer => layer.Weights).Concat(network.Layers.Select(layer => layer.Weights)).ToArray();
            _biases = _convolutional.Select(layer => layer.Biases).Concat(network.Layers.Select(layer => layer.Biases)).ToArray();
            _filter = new double[_convolutional.Length == 0 ? 0 : _convolutional.Max(layer => layer.WeightsPerFilter)];
            _activations = _convolutional.Select(layer => layer.Activation.Kind).Concat(network.Layers.Select(layer => layer.Activation.Kind)).ToArray();
            _cost = network.Cost.Kind;
            _data = data;
            _start = start;
            _image = new float[data.InputSize];
            _input = new double[data.InputSize];
            _labels = Enumerable.Range(start, count).Select(data.GetLabel).ToArray();
            _active = new bool[count][][];
            _winners = new int[count][][];
            for (int s = 0; s < count; s++)
            {
                _active[s] = new bool[_weights.Length][];
                _winners[s] = new int[_convolutional.Length][];
            }

            MeanCost(); // decides every unit's branch at θ
            _holdBranches = true;
        }

        /// <summary>(C(θ + ε) − C(θ − ε)) / 2ε for one weight or bias of layer <paramref name="layer"/>.</summary>
        public double Derivative(int layer, bool isWeight, int index, double epsilon)
        {
            double original = (isWeight ? _weights[layer] : _biases[layer])[index];
            try
            {
                _moved = new Moved(layer, isWeight, index, original + epsilon);
                double above = MeanCost();
                _moved = new Moved(layer, isWeight, index, original - epsilon);
                double below = MeanCost();
                return (above - below) / (2 * epsilon);
            }
            finally
            {
                _moved = null;
            }
        }

        /// <summary>The parameter a derivative moves, and its value at θ ± ε.</summary>
        private readonly record struct Moved(int Layer, bool IsWeight, int Index, double To);

        private double Bias(int l, int j) => _moved is { IsWeight: false } moved && moved.Layer == l && moved.Index == j ? moved.To : _biases[l][j];

        private double MeanCost()
        {
            double total = 0;
            for (int s = 0; s < _labels.Length; s++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                _data.CopyImages(_start + s, 1, _image);
                for (int i = 0; i < _image.Length; i++)
                {
                    _input[i] = _image[i];
                }

                total += Cost(FeedForward(_input, s), _labels[s]);
            }

            return total / _labels.Length;
        }

        // Through the convolutional layers, then a' = σ(w·a + b), layer by layer (network.py's feedforward).
        private double[] FeedForward(double[] input, int sample)
        {
            double[] a = input;
            for (int l = 0; l < _convolutional.Length; l++)
            {
                a = Activate(l, sample, ConvolveAndPool(l, sample, a));
            }

            for (int f = 0; f + 1 < _sizes.Length; f++)
            {
                int l = _convolutional.Length + f, inputs = _sizes[f], outputs = _sizes[f + 1];
                float[] w = _weights[l];
                // The moved weight's row: its sum takes the moved value in the weight's own turn, as a copy held it.
                (int movedRow, int movedIndex, double movedTo) = _moved is { IsWeight: true } moved && moved.Layer == l ? (moved.Index / inputs, moved.Index, moved.To) : (-1, -1, 0);
                var z = new double[outputs];
                for (int j = 0; j < outputs; j++)
                {
                    double sum = Bias(l, j);
                    int row = j * inputs;
                    if (j == movedRow)
                    {
                        for (int k = 0; k < inputs; k++)
                        {
                            sum += (row + k == movedIndex ? movedTo : w[row + k]) * a[k];
                        }
                    }
                    else
                    {
                        for (int k = 0; k < inputs; k++)
                        {
                            sum += w[row + k] * a[k];
                        }
                    }

                    z[j] = sum;
                }

                a = Activate(l, sample, z);
            }

            return a;
        }

        // z[f, y, x] = max over the pool's window of (w_f ∗ a)[Y, X], + b_f: network3.py's ConvPoolLayer before its activation.
        private double[] ConvolveAndPool(int l, int sample, double[] a)
        {
            ConvPoolLayer layer = _convolutional[l];
            ImageShape input = layer.InputShape, output = layer.OutputShape;
            int k = layer.FilterSize, pool = layer.PoolSize, height = layer.ConvolvedHeight, width = layer.ConvolvedWidth;
            double[] w = _filter;
            var convolved = new double[layer.Filters * height * width];
            for (int f = 0; f < layer.Filters; f++)
            {
                // Filter f as doubles, the moved weight in its place: C·k·k values, read H·W times each.
                int first = f * layer.WeightsPerFilter;
                for (int i = 0; i < layer.WeightsPerFilter; i++)
                {
                    w[i] = _weights[l][first + i];
                }

                if (_moved is { IsWeight: true } moved && moved.Layer == l && moved.Index / layer.WeightsPerFilter == f)
                {
                    w[moved.Index - first] = moved.To;
                }

                for (int y = 0; y < height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        double sum = 0;
                        for (int c = 0; c < input.Channels; c++)
                        {
                            for (int dy = 0; dy < k; dy++)
                            {
                                for (int dx = 0; dx < k; dx++)
                                {
                                    sum += w[(((c * k) + dy) * k) + dx] * a[(((c * input.Height) + y + dy) * input.Width) + x + dx];
                                }
                            }
                        }

                        convolved[(((f * height) + y) * width) + x] = sum;
                    }
                }
            }

            var z = new double[output.Size];
            if (pool == 1)
            {
                // Each value is its own pool's winner: nothing to hold (an int per value per image was 188 MB for -First 60000).
                for (int f = 0; f < layer.Filters; f++)
                {
                    double bias = Bias(l, f);
                    for (int i = f * height * width; i < (f + 1) * height * width; i++)
                    {
                        z[i] = convolved[i] + bias;
                    }
                }

                return z;
            }

            int[] winners = _winners[sample][l] ??= new int[output.Size];
            for (int f = 0; f < layer.Filters; f++)
            {
                double bias = Bias(l, f);
                for (int y = 0; y < output.Height; y++)
                {
                    for (int x = 0; x < output.Width; x++)
                    {
                        int at = (((f * output.Height) + y) * output.Width) + x;
                        if (!_holdBranches)
                        {
                            // The first of equal maxima, scanning the window's rows then columns.
                            int best = (((f * height) + (y * pool)) * width) + (x * pool);
                            for (int dy = 0; dy < pool; dy++)
                            {
                                for (int dx = 0; dx < pool; dx++)
                                {
                                    int candidate = (((f * height) + (y * pool) + dy) * width) + (x * pool) + dx;
                                    if (convolved[candidate] > convolved[best])
                                    {
                                        best = candidate;
                                    }
                                }
                            }

                            winners[at] = best;
                        }

                        z[at] = convolved[winners[at]] + bias;
                    }
                }
            }

            return z;
        }

        private double[] Activate(int l, int sample, double[] z)
        {
            switch (_activations[l])
            {
                case ActivationKind.Sigmoid: return z.Select(value => 1 / (1 + Math.Exp(-value))).ToArray();
                case ActivationKind.Tanh: return z.Select(Math.Tanh).ToArray();
                case ActivationKind.ReLU:
                    bool[] active = _active[sample][l] ??= new bool[z.Length];
                    var a = new double[z.Length];
                    for (int j = 0; j < z.Length; j++)
                    {
                        if (!_holdBranches)
                        {
                            active[j] = z[j] > 0; // σ′(0) = 0, as backpropagation takes it
                        }

                        a[j] = active[j] ? z[j] : 0;
                    }

                    return a;
                case ActivationKind.Softmax:
                    double max = z.Max();
                    double[] e = z.Select(value => Math.Exp(value - max)).ToArray();
                    double sum = e.Sum();
                    return e.Select(value => value / sum).ToArray();
                default: throw new NndlException("ActivationNotTrainable", NndlErrorKind.InvalidArgument, $"{_activations[l]} neurons have no gradient to check: gradient descent cannot train them.");
            }
        }

        // network2.py's costs: ½‖a − y‖², −Σ [y ln a + (1 − y) ln(1 − a)], and −ln a_y.
        private double Cost(double[] a, int label)
        {
            double total = 0;
            for (int j = 0; j < a.Length; j++)
            {
                double y = a.Length == 1 ? label : (j == label ? 1 : 0);
                total += _cost switch
                {
                    CostKind.Quadratic => 0.5 * (a[j] - y) * (a[j] - y),
                    CostKind.CrossEntropy => -((y * Math.Log(Math.Max(a[j], 1e-300))) + ((1 - y) * Math.Log(Math.Max(1 - a[j], 1e-300)))),
                    _ => y == 1 ? -Math.Log(Math.Max(a[j], 1e-300)) : 0,
                };
            }

            return total;
        }
    }
}
