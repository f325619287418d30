namespace NndlPS.Core;

/// <summary>
/// How many of a set's images a network classifies correctly (network.py's <c>evaluate</c>), and, class by class,
/// what it took them for (<see cref="Confusion"/>); its cost when asked.
/// </summary>
public sealed class EvaluationResult(int correct, int total, ConfusionMatrix? confusion = null, double? cost = null)
{
    public int Correct { get; } = correct;

    public int Total { get; } = total;

    /// <summary>Correct / Total, a fraction in [0, 1].</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>network2.py's <c>total_cost</c>: the mean cost per image plus the L2 term (λ/2n)Σw²; null unless asked for.</summary>
    public double? Cost { get; } = cost;

    /// <summary>Actual class by predicted class; its view draws it as a table with the class names.</summary>
    public ConfusionMatrix? Confusion { get; } = confusion;

    /// <summary>Each class's accuracy, from <see cref="Confusion"/>.</summary>
    public IReadOnlyList<ClassAccuracy> ClassAccuracy => Confusion?.Classes ?? [];

    public override string ToString() => $"{Correct} / {Total} ({Accuracy:P2})";
}
