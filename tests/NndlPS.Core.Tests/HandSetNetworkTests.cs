namespace NndlPS.Core.Tests;

public class HandSetNetworkTests
{
    private static readonly NetworkDesign Perceptrons = new() { Activation = ActivationKind.Step };

    [Fact]
    public void Weights_given_as_rows_or_as_one_row_major_list_are_the_same_network()
    {
        Network rows = Network.FromParameters([2, 2, 1], [[[1, 2], [3, 4]], [[5, 6]]], [[7, 8], [9]], Perceptrons);
        Network flat = Network.FromParameters([2, 2, 1], [[[1, 2, 3, 4]], [[5, 6]]], [[7, 8], [9]], Perceptrons);
        Assert.Equal(rows.Layers[0].Weights, flat.Layers[0].Weights);
        Assert.Equal(3, rows.Layers[0].GetWeight(1, 0)); // row j = 1 holds w_1k
        Assert.Equal([7f, 8f], rows.Layers[0].Biases);
        Assert.Equal(ActivationKind.Step, rows.Layers[1].Activation.Kind);
    }

    [Fact]
    public void The_NAND_perceptron_computes_NAND()
    {
        Network nand = Network.FromParameters([2, 1], [[[-2, -2]]], [[3]], Perceptrons);
        Assert.Equal([1f], nand.FeedForward([0, 0]));
        Assert.Equal([1f], nand.FeedForward([0, 1]));
        Assert.Equal([1f], nand.FeedForward([1, 0]));
        Assert.Equal([0f], nand.FeedForward([1, 1]));
    }

    [Theory]
    [InlineData("NetworkWeightsShapeMismatch", 3, 1)]
    [InlineData("NetworkBiasesShapeMismatch", 2, 2)]
    public void Shapes_that_do_not_fit_the_sizes_are_refused(string errorId, int weights, int biases)
    {
        var ex = Assert.Throws<NndlException>(() =>
            Network.FromParameters([2, 1], [[new float[weights]]], [new float[biases]], Perceptrons));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains("Layer 0 (2 -> 1)", ex.Message);
    }

    [Fact]
    public void Appending_a_layer_copies_the_network_and_keeps_its_cost_when_it_suits_the_new_layer()
    {
        Network trained = Network.Create([3, 2], new NetworkDesign { Cost = CostKind.CrossEntropy }, seed: 1);
        Network longer = trained.AppendLayer([[1, -1]], [0.5f], SigmoidActivation.Instance);
        Assert.Equal([3, 2, 1], longer.Sizes);
        Assert.Equal(trained.Layers[0].Weights, longer.Layers[0].Weights);
        Assert.NotSame(trained.Layers[0].Weights, longer.Layers[0].Weights);
        Assert.Equal(CostKind.CrossEntropy, longer.Cost.Kind);
        Assert.Equal([1f, -1f], longer.Layers[1].Weights);
        float[] hidden = trained.FeedForward([0.1f, 0.2f, 0.3f]);
        Assert.Equal(1 / (1 + MathF.Exp(-(hidden[0] - hidden[1] + 0.5f))), longer.FeedForward([0.1f, 0.2f, 0.3f])[0], 6);

        // Cross-entropy needs sigmoid outputs: after a step layer the cost falls back to quadratic.
        Assert.Equal(CostKind.Quadratic, trained.AppendLayer([[1, 1]], [0], StepActivation.Instance).Cost.Kind);
    }
}
