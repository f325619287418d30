namespace NndlPS.Core;

/// <summary>
/// Chapter 1's perceptron: output 1 when w·x + b &gt; 0, else 0. Its derivative is 0 wherever it exists, so gradient
/// descent cannot train it (the reason the book moves on to sigmoid neurons); networks of it are built by hand.
/// </summary>
public sealed class StepActivation : IActivation
{
    public static StepActivation Instance { get; } = new();

    private StepActivation()
    {
    }

    public string Name => "step";

    public ActivationKind Kind => ActivationKind.Step;

    public bool CanTrain => false;

    public void Activate(ReadOnlySpan<float> z, Span<float> a, int neurons)
    {
        for (int i = 0; i < z.Length; i++)
        {
            a[i] = z[i] > 0 ? 1f : 0f;
        }
    }

    public void MultiplyByDerivative(ReadOnlySpan<float> z, ReadOnlySpan<float> a, Span<float> delta, int neurons) =>
        throw new InvalidOperationException("Step neurons cannot be trained; SgdTrainer refuses them before training starts.");

    public override string ToString() => Name;
}
