namespace NndlPS.Core;

/// <summary>The settings of <see cref="LinearSvm"/>, with scikit-learn's <c>LinearSVC</c> defaults where it has one.</summary>
public sealed record LinearSvmOptions
{
    /// <summary>
    /// C, the price of a margin violation against ½‖w‖². LinearSVC's default is 1.0, but at 1.0 on MNIST this
    /// solver does not meet LIBLINEAR's default tolerance in 1,000 passes (91.55% after them, 50–130 s here);
    /// at 0.1 it converges in 110–170 passes and scores higher (91.78%, 9–30 s).
    /// </summary>
    public float C { get; init; } = 0.1f;

    /// <summary>
    /// Stop when the projected gradients of a pass span less than this (LIBLINEAR's ε for the dual solvers: 0.1).
    /// scikit-learn's LinearSVC asks for 1e-4, and stops after 1,000 passes whether it got there or not.
    /// </summary>
    public double Tolerance { get; init; } = 0.1;

    /// <summary>The most passes over the training set per class (LinearSVC's max_iter: 1000).</summary>
    public int MaxPasses { get; init; } = 1000;

    /// <summary>Seeds the order the samples are visited in; the same seed always gives the same machine.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Classes trained at once; null means one per core. The result is the same for any number.</summary>
    public int? Threads { get; init; }
}
