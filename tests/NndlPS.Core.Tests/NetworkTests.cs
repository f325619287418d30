namespace NndlPS.Core.Tests;

public class NetworkTests
{
    [Fact]
    public void Gaussian_initialisation_is_standard_normal_and_reproducible()
    {
        var network = Network.CreateGaussian([784, 100, 10], seed: 1);
        float[] weights = network.Layers[0].Weights;
        double mean = weights.Average(w => (double)w);
        double variance = weights.Average(w => ((double)w - mean) * ((double)w - mean));
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.98, 1.02);
        Assert.Equal(weights, Network.CreateGaussian([784, 100, 10], seed: 1).Layers[0].Weights);
        Assert.NotEqual(weights, Network.CreateGaussian([784, 100, 10], seed: 2).Layers[0].Weights);
    }

    [Fact]
    public void Shapes_follow_the_book()
    {
        var network = Network.CreateGaussian([2, 3, 1], seed: 1);
        Assert.Equal(2, network.Layers.Count); // no weights or biases on the input layer
        Assert.Equal(6, network.Layers[0].Weights.Length); // 3×2: w_jk from k to j
        Assert.Equal(3, network.Layers[0].Biases.Length);
        Assert.Equal(3, network.Layers[1].Weights.Length);
        Assert.Equal(13, network.ParameterCount);
        Assert.Equal("Network [2, 3, 1] sigmoid, quadratic cost, 13 parameters", network.ToString());
    }

    [Fact]
    public void Hand_set_weights_make_the_sigmoid_version_of_the_books_NAND_gate()
    {
        // Chapter 1: weights −2, −2 and bias 3 compute NAND; scaled by 10 the sigmoid neuron saturates to it.
        var network = new Network([2, 1]);
        network.Layers[0].SetWeight(0, 0, -20);
        network.Layers[0].SetWeight(0, 1, -20);
        network.Layers[0].Biases[0] = 30;
        Assert.True(network.FeedForward([0, 0])[0] > 0.99f);
        Assert.True(network.FeedForward([0, 1])[0] > 0.99f);
        Assert.True(network.FeedForward([1, 0])[0] > 0.99f);
        Assert.True(network.FeedForward([1, 1])[0] < 0.01f);
    }

    [Fact]
    public void Batched_feedforward_matches_the_single_sample_path()
    {
        var network = Network.CreateGaussian([13, 9, 5], seed: 2);
        float[] inputs = MatrixKernelTests.Random(7 * 13, 3);
        using var backprop = new Backpropagation(network, 7);
        inputs.CopyTo(backprop.Inputs(7));
        backprop.FeedForward(7);
        float[] batched = backprop.Outputs(7).ToArray();
        for (int s = 0; s < 7; s++)
        {
            float[] single = network.FeedForward(inputs.AsSpan(s * 13, 13));
            for (int j = 0; j < 5; j++)
            {
                Assert.Equal(single[j], batched[(s * 5) + j], 5);
            }
        }
    }

    [Fact]
    public void Clone_is_independent()
    {
        var network = Network.CreateGaussian([3, 2], seed: 1);
        Network copy = network.Clone();
        copy.Layers[0].Weights[0] += 1;
        Assert.NotEqual(network.Layers[0].Weights[0], copy.Layers[0].Weights[0]);
    }

    [Theory]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 5, 0, 2 })]
    public void Bad_sizes_are_refused(int[] sizes)
    {
        Assert.Throws<ArgumentException>(() => new Network(sizes));
    }
}

/// <summary>Review findings on evaluation and output layers, each pinned.</summary>
public class EvaluationLimitTests
{
    [Fact]
    public void A_softmax_output_of_one_neuron_is_refused_it_would_always_answer_1()
    {
        var design = new NetworkDesign { OutputActivation = ActivationKind.Softmax, Cost = CostKind.LogLikelihood };
        var ex = Assert.Throws<NndlException>(() => Network.Create([4, 1], design, seed: 1));
        Assert.Equal("SoftmaxNeedsTwoOutputs", ex.ErrorId);
        Assert.NotNull(Network.Create([4, 2], design, seed: 1));
    }

    [Fact]
    public void A_network_too_wide_for_500_images_at_once_is_evaluated_in_smaller_chunks_not_refused()
    {
        // [4, 1,000,000, 10]: about 12 MB of buffers per image, so 500 at once would pass the 2 GiB bound.
        Network network = Network.Create([4, 1_000_000, 10], new NetworkDesign(), seed: 1);
        Assert.Equal("MiniBatchTooLarge", Assert.Throws<NndlException>(() => TrainingBuffers.RequireFit(network, 500)).ErrorId);
        int chunk = TrainingBuffers.LargestFit(network, 500);
        Assert.InRange(chunk, 1, 499);
        TrainingBuffers.RequireFit(network, chunk);

        var random = new Random(1);
        var pixels = new byte[chunk * 2 * 4 + 12];
        random.NextBytes(pixels);
        byte[] labels = Enumerable.Range(0, pixels.Length / 4).Select(i => (byte)(i % 10)).ToArray();
        var data = new ImageSet("Test", pixels, labels, imageRows: 2, imageColumns: 2, classCount: 10);
        using var evaluator = new Evaluator(network, threads: 1);
        EvaluationResult result = evaluator.Evaluate(data);
        Assert.Equal(labels.Length, result.Total);
    }
}
