using System.Numerics.Tensors;
using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// One-vs-rest linear support vector machines: for each class c, a hyperplane wᶜ·x + bᶜ separating that class
/// (y = +1) from the rest (y = −1); an image's class is the c with the largest wᶜ·x + bᶜ. Each machine minimises
/// LIBLINEAR's default (what scikit-learn's <c>LinearSVC</c> runs):
/// <code>
///   ½‖w‖² + C Σᵢ max(0, 1 − yᵢ(w·xᵢ + b))²        (L2-regularised squared hinge; b is w's weight on a constant 1)
/// </code>
/// solved in its dual by coordinate descent with shrinking (Hsieh et al., "A Dual Coordinate Descent Method for
/// Large-scale Linear SVM", ICML 2008 — LIBLINEAR's <c>solve_l2r_l1l2_svc</c>): one αᵢ ≥ 0 per sample,
/// w = Σ αᵢyᵢxᵢ, and each step sets one αᵢ to its exact minimiser, which costs one dot product and one axpy.
/// <para>
/// Why our own rather than a library: among the NuGet packages this project can use, the only linear SVM is
/// ML.NET's <c>LinearSvmTrainer</c> — Pegasos (stochastic sub-gradient, not LIBLINEAR's solver, so not the machine
/// LinearSVC finds), binary only, and it brings the whole ML.NET data stack (IDataView and its dependencies) to ship
/// and load beside the module: far more than these 300 lines. This one is float32 like the rest of the engine, uses
/// TensorPrimitives for its dot products and axpys, and trains classes in parallel: 9–30 s on MNIST here (the
/// machine is shared), against LinearSVC's 55 s.
/// </para>
/// </summary>
public sealed class LinearSvm
{
    private readonly float[] _weights; // classes × inputs, row-major: row c is wᶜ
    private readonly float[] _biases;

    private LinearSvm(int inputSize, float[] weights, float[] biases, int[] passes)
    {
        InputSize = inputSize;
        _weights = weights;
        _biases = biases;
        Passes = passes;
    }

    public int InputSize { get; }

    public int ClassCount => _biases.Length;

    /// <summary>wᶜ, the normal of class c's hyperplane.</summary>
    internal ReadOnlySpan<float> Weights(int c) => _weights.AsSpan(c * InputSize, InputSize);

    /// <summary>bᶜ, class c's bias.</summary>
    internal float Bias(int c) => _biases[c];

    /// <summary>How many passes over the training set each class's solver took before it met the tolerance.</summary>
    public IReadOnlyList<int> Passes { get; }

    /// <summary>Trains one machine per class of <paramref name="training"/>.</summary>
    public static LinearSvm Train(ImageSet training, LinearSvmOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(training);
        options ??= new LinearSvmOptions();
        if (!(options.C > 0) || float.IsInfinity(options.C))
        {
            throw new NndlException("InvalidSvmCost", NndlErrorKind.InvalidArgument, $"The SVM's C must be a positive number (LinearSVC uses 1.0); got {options.C}.");
        }

        ShapeCheck.RequireTraining(training);

        int n = training.InputSize;
        int l = training.Count;

        // The samples as floats once, shared read-only by every class's solver (50,000 MNIST images: 157 MB),
        // with each one's squared norm (plus 1 for the bias's constant input).
        if ((long)l * n > Array.MaxLength)
        {
            throw new NndlException("SvmDataTooLarge", NndlErrorKind.InvalidArgument,
                $"{l:N0} images of {n} pixels are more than one array can hold; train on fewer images (Import-Mnist -First).");
        }

        float[] x = new float[l * n];
        training.CopyImages(0, l, x);
        var squaredNorms = new float[l];
        for (int i = 0; i < l; i++)
        {
            ReadOnlySpan<float> xi = x.AsSpan(i * n, n);
            squaredNorms[i] = FixedLanes.Dot(xi, xi) + 1f;
        }

        byte[] labels = training.Labels.ToArray();
        int classes = training.ClassCount;
        var weights = new float[classes * n];
        var biases = new float[classes];
        var passes = new int[classes];
        int groups = Math.Clamp(Cores.Or(options.Threads), 1, classes);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = groups, CancellationToken = cancellationToken };

        // Each thread trains a group of classes side by side, sample by sample, so an image is read from memory
        // once per pass for the whole group rather than once per class (a pass over MNIST is 157 MB of floats).
        // A class's steps depend only on its own α and w and on the pass's order, which every group draws from
        // the same seed, so the result is the same however the classes are grouped.
        Parallel.For(0, groups, parallel, g =>
        {
            var solvers = new List<DualSolver>();
            for (int c = g; c < classes; c += groups)
            {
                solvers.Add(new DualSolver((byte)c, labels, weights.AsMemory(c * n, n), options.C));
            }

            var random = SeededRandom.Create(options.Seed);
            int[] order = Enumerable.Range(0, l).ToArray();
            while (solvers.Exists(solver => !solver.Converged && solver.Passes < options.MaxPasses))
            {
                cancellationToken.ThrowIfCancellationRequested();
                random.Shuffle(order);
                var running = solvers.FindAll(solver => !solver.Converged && solver.Passes < options.MaxPasses);
                foreach (DualSolver solver in running)
                {
                    solver.BeginPass();
                }

                foreach (int i in order)
                {
                    ReadOnlySpan<float> xi = x.AsSpan(i * n, n);
                    foreach (DualSolver solver in running)
                    {
                        solver.Visit(i, xi, squaredNorms[i]);
                    }
                }

                foreach (DualSolver solver in running)
                {
                    solver.EndPass(options.Tolerance);
                }
            }

            foreach (DualSolver solver in solvers)
            {
                biases[solver.Positive] = solver.Bias;
                passes[solver.Positive] = solver.Passes;
            }
        });

        return new LinearSvm(n, weights, biases, passes);
    }

    /// <summary>The class with the largest wᶜ·x + bᶜ.</summary>
    public int Predict(ReadOnlySpan<float> image)
    {
        if (image.Length != InputSize)
        {
            throw new ArgumentException($"The machines take {InputSize} inputs; got {image.Length}.", nameof(image));
        }

        int best = 0;
        float bestScore = float.NegativeInfinity;
        for (int c = 0; c < ClassCount; c++)
        {
            float score = FixedLanes.Dot(_weights.AsSpan(c * InputSize, InputSize), image) + _biases[c];
            if (score > bestScore)
            {
                best = c;
                bestScore = score;
            }
        }

        return best;
    }

    public EvaluationResult Evaluate(ImageSet test)
    {
        ArgumentNullException.ThrowIfNull(test);
        var image = new float[test.InputSize];
        return BaselineScore.Of(test, i =>
        {
            test.CopyImages(i, 1, image);
            return Predict(image);
        });
    }

    /// <summary>
    /// Dual coordinate descent for one class, as LIBLINEAR does it for the squared hinge (upper bound U = ∞,
    /// diagonal D = 1/(2C)): visiting the samples in a random order, the dual's gradient
    /// G = yᵢ(w·xᵢ + b) − 1 + Dαᵢ gives the exact minimiser αᵢ ← max(αᵢ − G/Q̄ᵢᵢ, 0), Q̄ᵢᵢ = ‖xᵢ‖² + 1 + D, and w
    /// moves by the change times yᵢxᵢ. A sample whose αᵢ is 0 and whose gradient says it will stay 0 is set aside
    /// (shrinking) until the rest converge; then every sample is checked once more before stopping.
    /// </summary>
    private sealed class DualSolver
    {
        private readonly double _diagonal;
        private readonly double[] _alpha;
        private readonly float[] _y;
        private readonly bool[] _shrunk;
        private readonly Memory<float> _w;
        private int _shrunkCount;
        private double _pgMaxOld = double.PositiveInfinity;
        private double _pgMaxNew;
        private double _pgMinNew;

        public DualSolver(byte positive, byte[] labels, Memory<float> w, float c)
        {
            Positive = positive;
            _diagonal = 0.5 / c;
            _alpha = new double[labels.Length];
            _y = labels.Select(label => label == positive ? 1f : -1f).ToArray();
            _shrunk = new bool[labels.Length];
            _w = w;
            _w.Span.Clear();
        }

        public byte Positive { get; }

        public float Bias { get; private set; }

        public int Passes { get; private set; }

        public bool Converged { get; private set; }

        public void BeginPass()
        {
            _pgMaxNew = double.NegativeInfinity;
            _pgMinNew = double.PositiveInfinity;
        }

        public void Visit(int i, ReadOnlySpan<float> xi, float squaredNorm)
        {
            if (_shrunk[i])
            {
                return;
            }

            Span<float> w = _w.Span;
            double g = (_y[i] * (FixedLanes.Dot(w, xi) + Bias)) - 1 + (_diagonal * _alpha[i]);
            double pg = 0;
            if (_alpha[i] == 0)
            {
                if (g > _pgMaxOld)
                {
                    _shrunk[i] = true; // at its bound and pushing against it
                    _shrunkCount++;
                    return;
                }

                pg = Math.Min(g, 0);
            }
            else
            {
                pg = g;
            }

            _pgMaxNew = Math.Max(_pgMaxNew, pg);
            _pgMinNew = Math.Min(_pgMinNew, pg);
            if (Math.Abs(pg) > 1e-12)
            {
                double old = _alpha[i];
                _alpha[i] = Math.Max(old - (g / (squaredNorm + _diagonal)), 0);
                float step = (float)((_alpha[i] - old) * _y[i]);
                TensorPrimitives.MultiplyAdd(xi, step, w, w); // w ← w + step·xᵢ
                Bias += step;
            }
        }

        public void EndPass(double tolerance)
        {
            Passes++;
            if (_pgMaxNew - _pgMinNew <= tolerance)
            {
                if (_shrunkCount == 0)
                {
                    Converged = true;
                    return;
                }

                // Converged on the active samples: bring back the shrunk ones for a final check.
                Array.Clear(_shrunk);
                _shrunkCount = 0;
                _pgMaxOld = double.PositiveInfinity;
                return;
            }

            _pgMaxOld = _pgMaxNew <= 0 ? double.PositiveInfinity : _pgMaxNew;
        }
    }

    public override string ToString() => $"LinearSvm: {ClassCount} one-vs-rest machines on {InputSize} inputs";
}
