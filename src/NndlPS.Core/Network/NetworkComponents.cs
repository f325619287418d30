namespace NndlPS.Core;

/// <summary>
/// The activations and costs a saved network may name, in one table: the names this module writes, and the
/// book's class names (network2.py saves <c>cost.__name__</c>, e.g. <c>QuadraticCost</c>). A new neuron or
/// cost becomes loadable and savable by adding one line here.
/// </summary>
public static class NetworkComponents
{
    private static readonly IActivation[] Activations = [SigmoidActivation.Instance];

    private static readonly (string BookName, ICost Cost)[] Costs = [("QuadraticCost", QuadraticCost.Instance)];

    /// <summary>The names of the activations a file may give, for error messages.</summary>
    public static IEnumerable<string> ActivationNames => Activations.Select(a => a.Name);

    /// <summary>The book's names of the costs a file may give, for error messages.</summary>
    public static IEnumerable<string> CostNames => Costs.Select(c => c.BookName);

    public static IActivation? FindActivation(string name) =>
        Activations.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The cost network2.py calls <paramref name="bookName"/> (e.g. "QuadraticCost"), or null.</summary>
    public static ICost? FindCost(string bookName) =>
        Costs.FirstOrDefault(c => string.Equals(c.BookName, bookName, StringComparison.Ordinal)).Cost;

    /// <summary>The class name network2.py gives <paramref name="cost"/>.</summary>
    public static string BookName(ICost cost) =>
        Costs.FirstOrDefault(c => ReferenceEquals(c.Cost, cost)).BookName
        ?? throw new NndlException("NetworkCostUnsupported", NndlErrorKind.InvalidArgument,
            $"The {cost.Name} cost has no name in the book's file format; only {string.Join(", ", CostNames)} can be saved.");
}
