namespace NndlPS.Core;

/// <summary>The catalogue of activations: one instance per kind, found by kind or by the name saved files use.</summary>
public static class Activations
{
    private static readonly IActivation[] All =
    [
        SigmoidActivation.Instance, TanhActivation.Instance, ReLUActivation.Instance,
        SoftmaxActivation.Instance, StepActivation.Instance,
    ];

    public static IActivation Get(ActivationKind kind) => All.FirstOrDefault(activation => activation.Kind == kind)
        ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown activation.");

    /// <summary>By <see cref="IActivation.Name"/> or kind name, ignoring case; null when unknown.</summary>
    public static IActivation? Find(string name) => All.FirstOrDefault(activation =>
        string.Equals(activation.Name, name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(activation.Kind.ToString(), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The names a saved network may give its neurons, for messages.</summary>
    public static IEnumerable<string> Names => All.Select(activation => activation.Name);
}
