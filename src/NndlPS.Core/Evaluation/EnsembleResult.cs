namespace NndlPS.Core;

/// <summary>
/// How many of a set's images an ensemble's plurality vote classifies correctly (chapter 6: five networks at 99.60%
/// each, 99.67% voting), what the vote took each class for (<see cref="Confusion"/>), and beside it each network's own
/// result (<see cref="Members"/>), the same as Test-Network gives that network alone.
/// </summary>
public sealed class EnsembleResult(int correct, int total, ConfusionMatrix confusion, IReadOnlyList<EvaluationResult> members, int ties, int unanimous)
{
    /// <summary>Images whose vote is their label.</summary>
    public int Correct { get; } = correct;

    public int Total { get; } = total;

    /// <summary>Correct / Total, a fraction in [0, 1].</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Actual class by the vote's class; its view draws it as a table with the class names.</summary>
    public ConfusionMatrix Confusion { get; } = confusion;

    /// <summary>Each class's accuracy under the vote, from <see cref="Confusion"/>.</summary>
    public IReadOnlyList<ClassAccuracy> ClassAccuracy => Confusion.Classes;

    /// <summary>Each network's own result, in the order given: what Test-Network gives it alone.</summary>
    public IReadOnlyList<EvaluationResult> Members { get; } = members;

    /// <summary>Images on which two or more classes had the most votes, decided by the tie rule (<see cref="PluralityVote"/>).</summary>
    public int Ties { get; } = ties;

    /// <summary>Images on which every network gave the same answer.</summary>
    public int Unanimous { get; } = unanimous;

    public override string ToString() => $"{Correct} / {Total} ({Accuracy:P2}) by the vote of {Members.Count} networks";
}
