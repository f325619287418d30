namespace NndlPS.Core.Tests;

/// <summary>Backpropagation's gradients against central finite differences of the cost.</summary>
public class GradientCheckTests
{
    [Theory]
    [InlineData(new[] { 4, 3, 2 }, 1)]
    [InlineData(new[] { 5, 7, 6, 3 }, 3)]
    [InlineData(new[] { 9, 17, 4 }, 5)]
    [InlineData(new[] { 3, 2 }, 2)]
    public void Backprop_gradients_match_finite_differences(int[] sizes, int batch) =>
        CheckGradients(Network.CreateGaussian(sizes, seed: 42), batch);

    /// <summary>Every pairing of neurons and cost that can train (chapter 3's catalogue).</summary>
    public static TheoryData<string, string, string> TrainablePairs()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string hidden in new[] { "Sigmoid", "Tanh", "ReLU" })
        {
            data.Add(hidden, "Sigmoid", "Quadratic");
            data.Add(hidden, "Tanh", "Quadratic");
            data.Add(hidden, "ReLU", "Quadratic");
            data.Add(hidden, "Softmax", "Quadratic");
            data.Add(hidden, "Sigmoid", "CrossEntropy");
            data.Add(hidden, "Softmax", "LogLikelihood");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TrainablePairs))]
    public void Every_activation_and_cost_pair_backpropagates_the_true_gradient(string hidden, string output, string cost)
    {
        var design = new NetworkDesign
        {
            Activation = Enum.Parse<ActivationKind>(hidden),
            OutputActivation = Enum.Parse<ActivationKind>(output),
            Cost = Enum.Parse<CostKind>(cost),
            Initialization = WeightInitialization.ScaledGaussian,
        };
        CheckGradients(Network.Create([6, 5, 4, 3], design, seed: 17), batch: 3);
    }

    private static void CheckGradients(Network network, int batch)
    {
        IReadOnlyList<int> sizes = network.Sizes;
        float[] inputs = MatrixKernelTests.Random(batch * sizes[0], 9);
        byte[] labels = Enumerable.Range(0, batch).Select(s => (byte)(s % sizes[^1])).ToArray();

        var backprop = new Backpropagation(network, batch);
        inputs.CopyTo(backprop.Inputs(batch));
        backprop.SetOneHotTargets(labels);
        backprop.ComputeGradient(batch);

        for (int l = 0; l < network.Layers.Count; l++)
        {
            Layer layer = network.Layers[l];
            float[] nablaW = backprop.WeightGradient(l).ToArray();
            float[] nablaB = backprop.BiasGradient(l).ToArray();
            for (int i = 0; i < layer.Weights.Length; i++)
            {
                AssertGradient(nablaW[i], NumericalGradient(network, layer.Weights, i, inputs, labels), $"w[{l}][{i}]");
            }

            for (int j = 0; j < layer.Biases.Length; j++)
            {
                AssertGradient(nablaB[j], NumericalGradient(network, layer.Biases, j, inputs, labels), $"b[{l}][{j}]");
            }
        }
    }

    /// <summary>(C(θ + h) − C(θ − h)) / 2h, in double precision through the network's own single-sample feedforward.</summary>
    private static double NumericalGradient(Network network, float[] parameters, int index, float[] inputs, byte[] labels)
    {
        const float h = 1e-2f;
        float original = parameters[index];
        parameters[index] = original + h;
        double plus = TotalCost(network, inputs, labels);
        parameters[index] = original - h;
        double minus = TotalCost(network, inputs, labels);
        parameters[index] = original;
        return (plus - minus) / (2 * h);
    }

    private static double TotalCost(Network network, float[] inputs, byte[] labels)
    {
        double total = 0;
        int n = network.InputSize;
        for (int s = 0; s < labels.Length; s++)
        {
            float[] output = network.FeedForward(inputs.AsSpan(s * n, n));
            var y = new float[network.OutputSize];
            y[labels[s]] = 1;
            total += network.Cost.Value(output, y);
        }

        return total;
    }

    private static void AssertGradient(double analytic, double numeric, string what)
    {
        double scale = Math.Max(1e-2, Math.Abs(analytic) + Math.Abs(numeric));
        Assert.True(Math.Abs(analytic - numeric) / scale < 2e-2,
            $"{what}: backprop gives {analytic}, finite differences {numeric}");
    }
}
