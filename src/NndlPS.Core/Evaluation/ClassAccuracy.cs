namespace NndlPS.Core;

/// <summary>How many of one class's images a network classified correctly.</summary>
public sealed record ClassAccuracy(int Class, string Name, int Correct, int Total)
{
    /// <summary>Correct / Total, a fraction in [0, 1] (0 for a class with no images).</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public override string ToString() => $"{Name}: {Correct} / {Total} ({Accuracy:P2})";
}
