namespace NndlPS.Core;

/// <summary>The catalogue of costs: one instance per kind, found by kind or by the names saved files use.</summary>
public static class Costs
{
    private static readonly ICost[] All = [QuadraticCost.Instance, CrossEntropyCost.Instance, LogLikelihoodCost.Instance];

    public static ICost Get(CostKind kind) => All.FirstOrDefault(cost => cost.Kind == kind)
        ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown cost.");

    /// <summary>By name, kind or network2.py's class name ("CrossEntropyCost"), ignoring case; null when unknown.</summary>
    public static ICost? Find(string name) => All.FirstOrDefault(cost =>
        string.Equals(cost.Name, name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(cost.Kind.ToString(), name, StringComparison.OrdinalIgnoreCase) ||
        string.Equals(BookName(cost), name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The class name network2.py gives <paramref name="cost"/> (<c>cost.__name__</c>: QuadraticCost, CrossEntropyCost;
    /// LogLikelihoodCost for the softmax cost, which network2.py lacks): the name a saved network gives its cost.
    /// </summary>
    public static string BookName(ICost cost) => cost.Kind + "Cost";

    /// <summary>The names a saved network may give its cost, for messages.</summary>
    public static IEnumerable<string> BookNames => All.Select(BookName);

    /// <summary>Refuses a cost and output layer that do not go together, saying which would.</summary>
    /// <exception cref="NndlException">CostOutputMismatch.</exception>
    public static void RequireCompatible(ICost cost, IActivation outputActivation)
    {
        if (cost.Incompatibility(outputActivation) is string reason)
        {
            throw new NndlException("CostOutputMismatch", NndlErrorKind.InvalidArgument, reason);
        }
    }
}
