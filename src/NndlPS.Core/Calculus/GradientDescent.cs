namespace NndlPS.Core;

/// <summary>
/// Gradient descent as chapter 1 draws it: a ball rolling down the valley of a cost C(v1, v2, …). Each step moves
/// by Δv = −η∇C (the book's equation 10), which for a small enough η changes the cost by ΔC ≈ −η‖∇C‖² ≤ 0
/// (equation 9): C falls every step. Too large an η overshoots the valley floor, and the cost can grow instead.
/// </summary>
public static class GradientDescent
{
    /// <summary>
    /// The path from <paramref name="start"/>: the start (step 0) and then one point per step, each yielded as
    /// soon as it is reached. Stops early when the cost stops being a finite number (it has diverged).
    /// </summary>
    /// <param name="cost">C(v).</param>
    /// <param name="start">The starting position v.</param>
    /// <param name="learningRate">η, the step size; positive.</param>
    /// <param name="steps">How many steps to take.</param>
    /// <param name="gradient">∇C(v); null estimates it by <see cref="CentralDifferences"/>.</param>
    public static IEnumerable<GradientDescentStep> Minimise(Func<double[], double> cost, IReadOnlyList<double> start, double learningRate, int steps,
        Func<double[], double[]>? gradient = null)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(start);
        if (start.Count == 0)
        {
            throw new NndlException("StartEmpty", NndlErrorKind.InvalidArgument, "The starting point needs at least one coordinate, e.g. -Start 1,1 for a cost of v1 and v2.");
        }

        if (!(learningRate > 0) || double.IsInfinity(learningRate))
        {
            throw new NndlException("InvalidLearningRate", NndlErrorKind.InvalidArgument, $"The learning rate must be a positive number (try 0.1); got {learningRate}.");
        }

        if (steps < 0)
        {
            throw new NndlException("InvalidSteps", NndlErrorKind.InvalidArgument, $"The number of steps cannot be negative; got {steps}.");
        }

        return Path(cost, start.ToArray(), learningRate, steps, gradient ?? (v => CentralDifferences(cost, v)));
    }

    /// <summary>
    /// ∂C/∂vₖ ≈ (C(v + heₖ) − C(v − heₖ)) / 2h, whose error shrinks as h², with h = 10⁻⁵·max(1, |vₖ|): about the
    /// cube root of double precision, where the truncation and rounding errors balance.
    /// </summary>
    public static double[] CentralDifferences(Func<double[], double> cost, double[] v)
    {
        ArgumentNullException.ThrowIfNull(cost);
        ArgumentNullException.ThrowIfNull(v);
        var gradient = new double[v.Length];
        var probe = (double[])v.Clone();
        for (int k = 0; k < v.Length; k++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(v[k]));
            probe[k] = v[k] + h;
            double above = cost(probe);
            probe[k] = v[k] - h;
            double below = cost(probe);
            probe[k] = v[k];
            gradient[k] = (above - below) / (2 * h);
        }

        return gradient;
    }

    private static IEnumerable<GradientDescentStep> Path(Func<double[], double> cost, double[] v, double learningRate, int steps,
        Func<double[], double[]> gradient)
    {
        for (int step = 0; ; step++)
        {
            double c = cost((double[])v.Clone());
            double[] g = double.IsFinite(c) ? Gradient(gradient, v) : Enumerable.Repeat(double.NaN, v.Length).ToArray();
            yield return new GradientDescentStep(step, (double[])v.Clone(), c, g);
            if (step == steps || !double.IsFinite(c))
            {
                yield break;
            }

            for (int k = 0; k < v.Length; k++)
            {
                v[k] -= learningRate * g[k]; // Δv = −η∇C
            }
        }
    }

    private static double[] Gradient(Func<double[], double[]> gradient, double[] v)
    {
        double[] g = gradient((double[])v.Clone());
        if (g is null || g.Length != v.Length)
        {
            throw new NndlException("GradientShapeMismatch", NndlErrorKind.InvalidArgument,
                $"The gradient must have one component per coordinate ({v.Length}); got {g?.Length ?? 0}. Return @(dC/dv1, dC/dv2, ...) from -Gradient.");
        }

        return g;
    }
}
