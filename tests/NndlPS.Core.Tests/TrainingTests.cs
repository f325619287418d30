namespace NndlPS.Core.Tests;

public class TrainingTests
{
    /// <summary>
    /// A small learnable problem: 4×4 "images" whose class is the quadrant of the brightest pixel block.
    /// An untrained network is near chance; a few epochs of SGD must solve it.
    /// </summary>
    internal static ImageSet QuadrantImages(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[count * 16];
        var labels = new byte[count];
        for (int s = 0; s < count; s++)
        {
            int quadrant = random.Next(4);
            labels[s] = (byte)quadrant;
            for (int p = 0; p < 16; p++)
            {
                int row = p / 4, column = p % 4;
                int pixelQuadrant = ((row / 2) * 2) + (column / 2);
                pixels[(s * 16) + p] = (byte)(random.Next(76) + (pixelQuadrant == quadrant ? 179 : 0));
            }
        }

        return new ImageSet("Quadrants", pixels, labels, 4, 4, 4);
    }

    [Fact]
    public void Sgd_learns_a_small_problem()
    {
        ImageSet training = QuadrantImages(2000, 1), test = QuadrantImages(500, 2);
        var network = Network.CreateGaussian([16, 8, 4], seed: 3);
        double before = Evaluator.Evaluate(network, test).Accuracy;

        var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 5, MiniBatchSize = 10, LearningRate = 3f, Seed = 4 });
        List<EpochResult> epochs = trainer.Train(training, test).ToList();

        Assert.Equal(5, epochs.Count);
        Assert.Equal([0, 1, 2, 3, 4], epochs.Select(e => e.Epoch));
        Assert.True(before < 0.6, $"untrained accuracy {before} should be near chance");
        Assert.True(epochs[^1].Accuracy > 0.98, $"trained accuracy {epochs[^1].Accuracy}");
    }

    [Fact]
    public void Same_seed_same_data_gives_the_same_network_and_results()
    {
        ImageSet training = QuadrantImages(537, 5), test = QuadrantImages(100, 6);
        (Network a, List<int?> correctA) = Run(training, test);
        (Network b, List<int?> correctB) = Run(training, test);
        Assert.Equal(correctA, correctB);
        for (int l = 0; l < a.Layers.Count; l++)
        {
            Assert.Equal(a.Layers[l].Weights, b.Layers[l].Weights);
            Assert.Equal(a.Layers[l].Biases, b.Layers[l].Biases);
        }

        static (Network, List<int?>) Run(ImageSet training, ImageSet test)
        {
            var network = Network.CreateGaussian([16, 5, 4], seed: 7);
            // 537 is not a multiple of 10: the last mini-batch is partial, as in the book.
            var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 3, MiniBatchSize = 10, LearningRate = 1f, Seed = 8 });
            return (network, trainer.Train(training, test).Select(e => e.Correct).ToList());
        }
    }

    [Fact]
    public void Results_are_identical_for_one_thread_and_for_several()
    {
        // [784, 100, 10] with mini-batch 100 is large enough that its products are shared between threads.
        var random = new Random(21);
        var pixels = new byte[1000 * 784];
        random.NextBytes(pixels);
        byte[] labels = Enumerable.Range(0, 1000).Select(_ => (byte)random.Next(10)).ToArray();
        var data = new ImageSet("Noise", pixels, labels, 28, 28, 10);
        Assert.True(100L * 100 * 784 >= 2 * NndlPS.Core.Kernels.ParallelKernels.MinimumWorkPerThread);

        (float[] Weights, int? Correct) Train(int threads)
        {
            var network = Network.CreateGaussian([784, 100, 10], seed: 22);
            using var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 2, MiniBatchSize = 100, LearningRate = 0.5f, Seed = 23, Threads = threads });
            int? correct = trainer.Train(data, data).Last().Correct;
            return (network.Layers[0].Weights, correct);
        }

        (float[] oneWeights, int? oneCorrect) = Train(1);
        (float[] fourWeights, int? fourCorrect) = Train(4);
        Assert.Equal(oneCorrect, fourCorrect);
        Assert.Equal(oneWeights, fourWeights);
    }

    [Fact]
    public void Products_split_into_different_numbers_of_parts_still_match_one_thread()
    {
        // [784, 20, 10] with mini-batch 200 on 4 threads: the training products are worth 2 shares, the
        // evaluation's 500-image chunks 4, so helpers alternate between taking part and standing by.
        var random = new Random(31);
        var pixels = new byte[2000 * 784];
        random.NextBytes(pixels);
        byte[] labels = Enumerable.Range(0, 2000).Select(_ => (byte)random.Next(10)).ToArray();
        var data = new ImageSet("Noise", pixels, labels, 28, 28, 10);

        (float[] Weights, int?[] Correct) Train(int threads)
        {
            var network = Network.CreateGaussian([784, 20, 10], seed: 32);
            using var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 3, MiniBatchSize = 200, LearningRate = 0.5f, Seed = 33, Threads = threads });
            int?[] correct = trainer.Train(data, data).Select(e => e.Correct).ToArray();
            return (network.Layers[0].Weights, correct);
        }

        (float[] oneWeights, int?[] oneCorrect) = Train(1);
        (float[] fourWeights, int?[] fourCorrect) = Train(4);
        Assert.Equal(oneCorrect, fourCorrect);
        Assert.Equal(oneWeights, fourWeights);
    }

    [Fact]
    public void One_mini_batch_step_equals_the_book_update_rule()
    {
        // w → w − (η/m) Σ ∂Cx/∂w, computed here sample by sample with the independent single-sample path.
        ImageSet data = QuadrantImages(4, 9);
        var network = Network.CreateGaussian([16, 3, 4], seed: 10);
        Network expected = network.Clone();
        const float eta = 0.5f;

        var perSample = new List<(float[][] W, float[][] B)>();
        for (int s = 0; s < data.Count; s++)
        {
            var single = new Backpropagation(expected, 1);
            data.CopyImages(s, 1, single.Inputs(1));
            single.SetOneHotTargets([data.Labels[s]]);
            single.ComputeGradient(1);
            perSample.Add((
                Enumerable.Range(0, 2).Select(l => single.WeightGradient(l).ToArray()).ToArray(),
                Enumerable.Range(0, 2).Select(l => single.BiasGradient(l).ToArray()).ToArray()));
        }

        for (int l = 0; l < 2; l++)
        {
            for (int i = 0; i < expected.Layers[l].Weights.Length; i++)
            {
                expected.Layers[l].Weights[i] -= eta / 4 * perSample.Sum(g => g.W[l][i]);
            }

            for (int j = 0; j < expected.Layers[l].Biases.Length; j++)
            {
                expected.Layers[l].Biases[j] -= eta / 4 * perSample.Sum(g => g.B[l][j]);
            }
        }

        var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 1, MiniBatchSize = 4, LearningRate = eta, Seed = 1 });
        trainer.UpdateMiniBatch(data, [0, 1, 2, 3], new GradientDescentRule(eta, lambda: 0, trainingCount: data.Count));

        for (int l = 0; l < 2; l++)
        {
            for (int i = 0; i < expected.Layers[l].Weights.Length; i++)
            {
                Assert.Equal(expected.Layers[l].Weights[i], network.Layers[l].Weights[i], 4);
            }
        }
    }

    [Fact]
    public void The_fused_step_equals_the_gradient_then_the_update()
    {
        ImageSet data = QuadrantImages(37, 14);
        var fused = Network.CreateGaussian([16, 21, 4], seed: 15);
        Network separate = fused.Clone();
        byte[] labels = data.Labels.ToArray();

        var a = new Backpropagation(fused, 37);
        data.CopyImages(0, 37, a.Inputs(37));
        a.SetOneHotTargets(labels);
        a.Backprop(37, new GradientDescentRule(0.7f, lambda: 0, trainingCount: 37));

        var b = new Backpropagation(separate, 37);
        data.CopyImages(0, 37, b.Inputs(37));
        b.SetOneHotTargets(labels);
        b.ComputeGradient(37);
        // The book's step written out, w → w − (η/m) ∂C/∂w and b → b − (η/m) ∂C/∂b (equations 20 and 21), as
        // TensorPrimitives.MultiplyAdd rounds it: the product, then the sum.
        float step = -0.7f / 37;
        for (int l = 0; l < 2; l++)
        {
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.WeightGradient(l), step, separate.Layers[l].Weights, separate.Layers[l].Weights);
            System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(b.BiasGradient(l), step, separate.Layers[l].Biases, separate.Layers[l].Biases);
        }

        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(separate.Layers[l].Weights, fused.Layers[l].Weights);
            Assert.Equal(separate.Layers[l].Biases, fused.Layers[l].Biases);
        }
    }

    [Fact]
    public void Training_refuses_a_network_that_does_not_fit_the_data()
    {
        var network = Network.CreateGaussian([10, 3, 4], seed: 1);
        var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 1 });
        var ex = Assert.Throws<NndlException>(() => trainer.Train(QuadrantImages(10, 1)));
        Assert.Equal("NetworkShapeMismatch", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
    }

    [Theory]
    [InlineData(0, 10, 3f, "InvalidEpochs")]
    [InlineData(1, 0, 3f, "InvalidMiniBatchSize")]
    [InlineData(1, 10, 0f, "InvalidLearningRate")]
    [InlineData(1, 10, -1f, "InvalidLearningRate")]
    [InlineData(1, 10, float.NaN, "InvalidLearningRate")]
    public void Options_out_of_range_are_refused(int epochs, int batch, float eta, string errorId)
    {
        var network = Network.CreateGaussian([16, 4], seed: 1);
        var ex = Assert.Throws<NndlException>(() => new SgdTrainer(network, new SgdOptions { Epochs = epochs, MiniBatchSize = batch, LearningRate = eta }));
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Fact]
    public void Cancellation_stops_training_between_mini_batches()
    {
        var network = Network.CreateGaussian([16, 4, 4], seed: 1);
        var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 2, Seed = 1 });
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.Throws<OperationCanceledException>(() => trainer.Train(QuadrantImages(100, 1), null, null, cancelled.Token).ToList());
    }

    [Fact]
    public void Training_allocates_nothing_per_mini_batch()
    {
        ImageSet training = QuadrantImages(5000, 11);
        var network = Network.CreateGaussian([16, 8, 4], seed: 12);
        var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 3, MiniBatchSize = 10, Seed = 13 });
        using IEnumerator<EpochResult> epochs = trainer.Train(training).GetEnumerator();
        Assert.True(epochs.MoveNext()); // warm up: JIT and first-epoch state

        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.True(epochs.MoveNext()); // one epoch = 500 mini-batches
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The epoch's result object and its timing are allowed; 500 mini-batches of anything are not.
        Assert.True(allocated < 4096, $"one epoch allocated {allocated} bytes");
    }
}
