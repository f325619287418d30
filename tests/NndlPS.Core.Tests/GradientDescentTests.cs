namespace NndlPS.Core.Tests;

public class GradientDescentTests
{
    [Fact]
    public void Central_differences_match_the_analytic_gradient()
    {
        // C = sin(v1)·e^(v2) + v1³: ∂C/∂v1 = cos(v1)·e^(v2) + 3v1², ∂C/∂v2 = sin(v1)·e^(v2).
        static double Cost(double[] v) => (Math.Sin(v[0]) * Math.Exp(v[1])) + (v[0] * v[0] * v[0]);
        foreach (double[] v in new[] { new[] { 0.3, -0.7 }, new[] { -2.0, 1.5 }, new[] { 40.0, 0.0 } })
        {
            double[] estimate = GradientDescent.CentralDifferences(Cost, v);
            double[] exact = [(Math.Cos(v[0]) * Math.Exp(v[1])) + (3 * v[0] * v[0]), Math.Sin(v[0]) * Math.Exp(v[1])];
            for (int k = 0; k < 2; k++)
            {
                Assert.True(Math.Abs(estimate[k] - exact[k]) <= 1e-6 * Math.Max(1, Math.Abs(exact[k])), $"at ({v[0]}, {v[1]}): {estimate[k]} vs {exact[k]}");
            }
        }
    }

    [Fact]
    public void Each_step_moves_by_minus_eta_times_the_gradient()
    {
        // C = (v1 − 3)² + 2v2²: ∇C = (2(v1 − 3), 4v2); from (0, 1) with η = 0.1, v becomes (0.6, 0.6).
        List<GradientDescentStep> path = GradientDescent.Minimise(v => ((v[0] - 3) * (v[0] - 3)) + (2 * v[1] * v[1]), [0, 1], 0.1, 100).ToList();
        Assert.Equal(101, path.Count);
        Assert.Equal(0.6, path[1].V1, 8);
        Assert.Equal(0.6, path[1].V2!.Value, 8);
        Assert.Equal(3, path[^1].V1, 6);
        Assert.Equal(0, path[^1].V2!.Value, 6);
        Assert.All(path.Skip(1).Zip(path), pair => Assert.True(pair.First.C < pair.Second.C));
    }

    [Fact]
    public void A_path_that_diverges_stops_at_the_first_cost_that_is_not_finite()
    {
        List<GradientDescentStep> path = GradientDescent.Minimise(v => v[0] * v[0], [1], 1e200, 10, v => [2 * v[0]]).ToList();
        Assert.True(path.Count < 11);
        Assert.False(double.IsFinite(path[^1].C));
        Assert.All(path.SkipLast(1), step => Assert.True(double.IsFinite(step.C)));
    }
}
