namespace NndlPS.Core.Tests;

/// <summary>How a learning-curve picture names its runs: by what differs between them, the rest in the title.</summary>
public class LearningCurveTests
{
    private static CurveRun Run(CurveSettings settings) => new([new CurveEpoch(0, TestAccuracy: 0.5)], settings);

    private static readonly CurveSettings Book = new(CostKind.Quadratic, "784,30,10", ActivationKind.Sigmoid, ActivationKind.Sigmoid,
        WeightInitialization.Gaussian, 0.5f, 10, 0f, 0f, 1);

    [Fact]
    public void Runs_that_differ_only_in_their_cost_are_named_by_it()
    {
        var (labels, shared) = LearningCurve.Labels([Run(Book), Run(Book with { Cost = CostKind.CrossEntropy })]);
        Assert.Equal(["quadratic cost", "cross-entropy cost"], labels);
        // λ 0 and μ 0 are off: the title does not name them.
        Assert.Equal("[784,30,10], sigmoid, weights N(0,1), η 0.5, batch 10, seed 1", shared);
    }

    [Fact]
    public void A_setting_that_is_off_in_one_run_is_named_when_another_run_has_it()
    {
        var (labels, _) = LearningCurve.Labels([Run(Book), Run(Book with { Lambda = 5f, LearningRate = 3f })]);
        Assert.Equal(["λ 0, η 0.5", "λ 5, η 3"], labels);
    }

    [Fact]
    public void Runs_that_differ_in_nothing_known_are_numbered()
    {
        var (labels, _) = LearningCurve.Labels([Run(Book), Run(Book), Run(Book with { Seed = 2 })]);
        Assert.Equal(["seed 1, run 1", "seed 1, run 2", "seed 2"], labels);
    }

    [Fact]
    public void Chapter_6_runs_are_named_by_their_layers_not_by_sizes_that_start_at_the_feature_maps()
    {
        // What a sweep over layer lists gives: no sizes, one layer list a run. Both runs were "run 1", "run 2".
        var convolutional = Book with
        {
            Sizes = "640,100,10", Activation = ActivationKind.ReLU, OutputActivation = ActivationKind.Softmax,
            Cost = CostKind.LogLikelihood, Initialization = WeightInitialization.FanIn, Layers = "ConvPool 20@5x5, pool 2x2 relu + Softmax 10",
        };
        var deeper = convolutional with { Layers = "ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu + Softmax 10" };

        var (labels, shared) = LearningCurve.Labels([Run(convolutional), Run(deeper)]);

        Assert.Equal([convolutional.Layers, deeper.Layers], labels);
        Assert.Equal("log-likelihood cost, weights N(0,1/n or 2/n for ReLU), η 0.5, batch 10, seed 1", shared);
    }

    [Fact]
    public void A_chapter_6_run_beside_a_sized_network_shows_each_its_own_way()
    {
        var convolutional = Book with { Layers = "ConvPool 20@5x5, pool 2x2 relu + Softmax 10", Sizes = "2880,10" };

        var (labels, _) = LearningCurve.Labels([Run(Book), Run(convolutional)]);

        Assert.Equal(["[784,30,10], sigmoid", "ConvPool 20@5x5, pool 2x2 relu + Softmax 10"], labels);
    }

    [Fact]
    public void Nothing_to_draw_is_refused_with_PictureEmpty()
    {
        string path = Path.Combine(Path.GetTempPath(), $"curve-{Guid.NewGuid():N}.png");
        var error = Assert.Throws<NndlException>(() => LearningCurve.Write(path, [new CurveRun([new CurveEpoch(0)], Book)], 400, 300, overwrite: false));
        Assert.Equal("PictureEmpty", error.ErrorId);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_title_longer_than_the_picture_is_wide_is_broken_into_lines_at_spaces()
    {
        const string shared = "log-likelihood cost, ConvPool 20@5x5, pool 2x2 relu + ConvPool 40@5x5, pool 2x2 relu + FullyConnected 100 relu + " +
            "Softmax 10, weights N(0,1/n or 2/n for ReLU), λ 1, η 0.03, batch 10, seed 1";
        string[] lines = LearningCurve.WrapTitle(shared, 800).Split('\n');
        Assert.True(lines.Length >= 2, "an 800-pixel picture holds about 95 characters a line");
        Assert.All(lines, line => Assert.True(line.Length <= 95, line));
        Assert.Equal(shared, string.Join(" ", lines));
        Assert.Equal("cost, seed 1", LearningCurve.WrapTitle("cost, seed 1", 800));
    }

    [Fact]
    public void The_speed_of_learning_names_a_layer_networks_layers_and_numbers_the_rest()
    {
        string[] layers = "ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu, dropout 0.5 + Softmax 10".Split(" + ");
        Assert.Equal("layer 1, ConvPool 20@5x5", LearningCurve.HiddenLayerName(layers, 0));
        Assert.Equal("layer 2, FullyConnected 100 relu", LearningCurve.HiddenLayerName(layers, 1));
        Assert.Equal("hidden layer 3", LearningCurve.HiddenLayerName(layers, 2)); // the output layer is no hidden layer
        Assert.Equal("hidden layer 1", LearningCurve.HiddenLayerName(null, 0)); // a network of sizes, as chapter 5 draws it
    }
}
