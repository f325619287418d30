namespace NndlPS.Core;

/// <summary>
/// The names a saved network gives its activations and cost: this module's names for neurons (see
/// <see cref="Activations"/>), and network2.py's class names for costs (<c>cost.__name__</c>: <c>QuadraticCost</c>,
/// <c>CrossEntropyCost</c>; <c>LogLikelihoodCost</c> for the softmax cost, which network2.py lacks).
/// </summary>
public static class NetworkComponents
{
    /// <summary>The names of the activations a file may give, for error messages.</summary>
    public static IEnumerable<string> ActivationNames => Enum.GetValues<ActivationKind>().Select(kind => Activations.Get(kind).Name);

    /// <summary>The book's names of the costs a file may give, for error messages.</summary>
    public static IEnumerable<string> CostNames => Enum.GetValues<CostKind>().Select(kind => BookName(Costs.Get(kind)));

    public static IActivation? FindActivation(string name) => Activations.Find(name);

    /// <summary>The cost network2.py calls <paramref name="bookName"/> (e.g. "CrossEntropyCost"), or null.</summary>
    public static ICost? FindCost(string bookName) => Costs.Find(bookName);

    /// <summary>The class name network2.py gives <paramref name="cost"/>.</summary>
    public static string BookName(ICost cost) => cost.Kind + "Cost";
}
