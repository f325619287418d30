namespace NndlPS.Core.Tests;

/// <summary>Parameters that overflow buffers, training that diverges, one network trained twice at once, mirrored seeds.</summary>
public class HostileTrainingTests
{
    [Theory]
    [InlineData(3000, 1_000_000)] // 3·10⁹ floats in one buffer: more than an array holds (was a raw OverflowException)
    [InlineData(4295, 1_000_000)] // 4,295,000,000 wraps an int to 32,704 (was caught only by a kernel's length check)
    [InlineData(30, 20_000_000)] // fits every array, but 73 GiB in all
    public void A_mini_batch_whose_buffers_overflow_or_exceed_the_bound_is_refused_before_allocating(int hidden, int batch)
    {
        var network = new Network([784, hidden, 10]);
        long before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<NndlException>(() => new SgdTrainer(network, new SgdOptions { MiniBatchSize = batch, Seed = 1 }));

        Assert.Equal("MiniBatchTooLarge", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("-MiniBatchSize", ex.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20, "nothing large is allocated before the check");
    }

    [Theory]
    [InlineData(1e30f, "1E+30")] // weights near 10²⁸: every output saturated at exactly 0 or 1
    [InlineData(3e38f, "3E+38")]
    public void Training_that_diverges_stops_with_a_clear_error_and_gives_the_network_back_as_it_was(float eta, string said)
    {
        ImageSet training = TrainingTests.QuadrantImages(200, 1), test = TrainingTests.QuadrantImages(50, 2);
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        float[] before = network.Layers[0].Weights.ToArray();
        using var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 3, MiniBatchSize = 10, LearningRate = eta, Seed = 4 });

        var ex = Assert.Throws<NndlException>(() => trainer.Train(training, test).ToList());

        Assert.Equal("TrainingDiverged", ex.ErrorId);
        Assert.Contains("learning rate", ex.Message);
        Assert.Contains(said, ex.Message);
        Assert.Equal(before, network.Layers[0].Weights); // diverged in the first epoch: back to the start
    }

    [Fact]
    public void Divergence_names_its_likely_cause_lambda_or_a_network_that_had_diverged_before()
    {
        ImageSet training = TrainingTests.QuadrantImages(200, 1);
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        using (var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 2, MiniBatchSize = 10, LearningRate = 0.1f, Lambda = 1e30f, Seed = 4 }))
        {
            var lambda = Assert.Throws<NndlException>(() => trainer.Train(training).ToList());
            Assert.Equal("TrainingDiverged", lambda.ErrorId);
            Assert.Contains("use a smaller -Lambda", lambda.Message);
        }

        network.Layers[1].Biases[2] = float.NaN;
        using (var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 2, MiniBatchSize = 10, LearningRate = 0.1f, Seed = 4 }))
        {
            var before = Assert.Throws<NndlException>(() => trainer.Train(training).ToList());
            Assert.Equal("TrainingDiverged", before.ErrorId);
            Assert.Contains("before this run began", before.Message);
            Assert.Equal(0, network.EpochsTrained); // refused at once, not after an epoch
        }
    }

    [Fact]
    public void A_sane_learning_rate_stays_far_inside_the_divergence_bound()
    {
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        using var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 20, MiniBatchSize = 10, LearningRate = 30f, Seed = 4 });
        Assert.Equal(20, trainer.Train(TrainingTests.QuadrantImages(500, 1)).Count());
        Assert.True(network.Layers.All(layer => layer.Weights.All(w => Math.Abs(w) < SgdTrainer.DivergenceBound / 1000)));
    }

    [Fact]
    public void NaN_outputs_are_never_counted_as_a_prediction_of_0()
    {
        ImageSet test = TrainingTests.QuadrantImages(50, 2);
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        network.Layers[1].Biases[2] = float.NaN;

        var ex = Assert.Throws<NndlException>(() => Evaluator.Evaluate(network, test));

        Assert.Equal("NetworkOutputNotFinite", ex.ErrorId);
        Assert.Contains("learning rate", ex.Message);
    }

    [Fact]
    public void A_network_is_trained_by_one_training_at_a_time()
    {
        ImageSet training = TrainingTests.QuadrantImages(100, 1);
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        using var first = new SgdTrainer(network, new SgdOptions { Epochs = 3, Seed = 1 });
        using var second = new SgdTrainer(network, new SgdOptions { Epochs = 1, Seed = 2 });

        using (IEnumerator<EpochResult> running = first.Train(training).GetEnumerator())
        {
            Assert.True(running.MoveNext()); // the first training is between epochs: it holds the network

            var ex = Assert.Throws<NndlException>(() => second.Train(training).ToList());
            Assert.Equal("NetworkInTraining", ex.ErrorId);
            Assert.Contains("Clone()", ex.Message);
        }

        Assert.Single(second.Train(training)); // released when the first one's enumeration ended
    }

    [Fact]
    public void A_network_is_released_when_its_training_fails()
    {
        ImageSet training = TrainingTests.QuadrantImages(100, 1);
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        using var diverging = new SgdTrainer(network, new SgdOptions { Epochs = 1, LearningRate = 1e30f, Seed = 1 });
        Assert.Throws<NndlException>(() => diverging.Train(training).ToList());

        using var sane = new SgdTrainer(network, new SgdOptions { Epochs = 1, Seed = 1 });
        Assert.Single(sane.Train(training));
    }

    [Theory]
    [InlineData(5)]
    [InlineData(1)]
    [InlineData(int.MaxValue)]
    public void Seeds_s_and_minus_s_give_different_runs_and_each_repeats(int seed)
    {
        Network plus = Network.CreateGaussian([16, 8, 4], seed);
        Network minus = Network.CreateGaussian([16, 8, 4], -seed);
        Network minusAgain = Network.CreateGaussian([16, 8, 4], -seed);

        Assert.NotEqual(plus.Layers[0].Weights, minus.Layers[0].Weights);
        Assert.Equal(minus.Layers[0].Weights, minusAgain.Layers[0].Weights);

        int[] orderPlus = Shuffled(seed), orderMinus = Shuffled(-seed);
        Assert.NotEqual(orderPlus, orderMinus);
        Assert.Equal(orderMinus, Shuffled(-seed));
        Assert.Equal(Enumerable.Range(0, 100), orderMinus.Order()); // still a permutation

        static int[] Shuffled(int seed)
        {
            int[] order = Enumerable.Range(0, 100).ToArray();
            SeededRandom.Create(seed).Shuffle(order);
            return order;
        }
    }

    [Fact]
    public void Negative_seeds_give_N01_weights_too()
    {
        float[] weights = Network.CreateGaussian([1000, 100], -12345).Layers[0].Weights;
        double mean = weights.Average(w => (double)w);
        double sd = Math.Sqrt(weights.Average(w => (w - mean) * (w - mean)));
        Assert.InRange(mean, -0.02, 0.02);
        Assert.InRange(sd, 0.98, 1.02);
    }

    [Fact]
    public void Non_negative_seeds_keep_the_runs_published_so_far() =>
        Assert.Equal(new Random(42).NextDouble(), SeededRandom.Create(42).NextDouble());
}
