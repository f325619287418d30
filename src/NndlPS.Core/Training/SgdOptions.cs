namespace NndlPS.Core;

/// <summary>The hyper-parameters of network.py's <c>SGD</c>, with the book's chapter-1 defaults.</summary>
public sealed record SgdOptions
{
    public int Epochs { get; init; } = 30;

    public int MiniBatchSize { get; init; } = 10;

    /// <summary>η, the learning rate.</summary>
    public float LearningRate { get; init; } = 3.0f;

    /// <summary>Seeds the shuffle of each epoch; null picks one (and reports it in every <see cref="EpochResult"/>).</summary>
    public int? Seed { get; init; }

    /// <summary>Cores for large matrix products; null means all. Results are the same for any number.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// When training ends, or is stopped, set the network back to the weights of the epoch with the best test
    /// accuracy (the earliest of equals). Needs test data.
    /// </summary>
    public bool KeepBest { get; init; }

    /// <summary>The number of threads to use: <see cref="Threads"/>, or every core.</summary>
    public int ThreadCount => Threads ?? Environment.ProcessorCount;

    /// <exception cref="NndlException">A value is out of range.</exception>
    public void Validate()
    {
        if (Epochs < 1)
        {
            throw Invalid("InvalidEpochs", $"Epochs must be at least 1; got {Epochs}.");
        }

        if (MiniBatchSize < 1)
        {
            throw Invalid("InvalidMiniBatchSize", $"The mini-batch size must be at least 1; got {MiniBatchSize}.");
        }

        if (Threads is < 1 or > 1024)
        {
            throw Invalid("InvalidThreads", $"Threads must be between 1 and 1024; got {Threads}.");
        }

        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
        {
            throw Invalid("InvalidLearningRate", $"The learning rate must be a positive number (the book uses 3.0); got {LearningRate}.");
        }
    }

    private static NndlException Invalid(string id, string message) => new(id, NndlErrorKind.InvalidArgument, message);
}
