namespace NndlPS.Core;

/// <summary>How many of a set's images a network classifies correctly (network.py's <c>evaluate</c>).</summary>
public sealed class EvaluationResult(int correct, int total)
{
    public int Correct { get; } = correct;

    public int Total { get; } = total;

    /// <summary>Correct / Total, a fraction in [0, 1].</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public override string ToString() => $"{Correct} / {Total} ({Accuracy:P2})";
}
