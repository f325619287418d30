using System.Globalization;

namespace NndlPS.Core;

/// <summary>One point of a gradient-descent path: where the ball is after <see cref="Step"/> steps, its cost there and the gradient it rolls down next.</summary>
public sealed class GradientDescentStep(int step, double[] v, double c, double[] gradient)
{
    /// <summary>0 is the starting point.</summary>
    public int Step { get; } = step;

    /// <summary>The position v = (v1, v2, …).</summary>
    public IReadOnlyList<double> V { get; } = v;

    /// <summary>v1, the first coordinate (the chapter's picture has two).</summary>
    public double V1 => V[0];

    /// <summary>v2, or null for a cost of one variable.</summary>
    public double? V2 => V.Count > 1 ? V[1] : null;

    /// <summary>C(v), the cost at this point.</summary>
    public double C { get; } = c;

    /// <summary>∇C at this point.</summary>
    public IReadOnlyList<double> Gradient { get; } = gradient;

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Step {Step}: v = ({string.Join(", ", V.Select(x => x.ToString("G6", CultureInfo.InvariantCulture)))}), C = {C:G6}");
}
