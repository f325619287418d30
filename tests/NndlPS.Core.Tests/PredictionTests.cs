namespace NndlPS.Core.Tests;

/// <summary>The confusion matrix and the per-image predictions, checked against the single-image path.</summary>
public class PredictionTests
{
    [Fact]
    public void The_confusion_matrix_counts_every_image_once_where_the_single_image_path_puts_it()
    {
        ImageSet test = TrainingTests.QuadrantImages(1234, 2); // not a multiple of the evaluation chunk
        var network = Network.CreateGaussian([16, 6, 4], seed: 9);
        EvaluationResult result = Evaluator.Evaluate(network, test);
        var expected = new int[4, 4];
        for (int i = 0; i < test.Count; i++)
        {
            expected[test.GetLabel(i), network.Predict(test.GetImage(i))]++;
        }

        ConfusionMatrix confusion = result.Confusion!;
        for (int actual = 0; actual < 4; actual++)
        {
            for (int predicted = 0; predicted < 4; predicted++)
            {
                Assert.Equal(expected[actual, predicted], confusion[actual, predicted]);
            }
        }

        Assert.Equal(result.Correct, confusion.Classes.Sum(c => c.Correct));
        Assert.Equal(test.Count, confusion.Classes.Sum(c => c.Total));
        Assert.Equal((double)expected[2, 2] / Enumerable.Range(0, 4).Sum(p => expected[2, p]), confusion.Classes[2].Accuracy, 12);
    }

    [Fact]
    public void The_confusion_table_has_a_row_and_a_column_per_class_with_its_name()
    {
        var confusion = new ConfusionMatrix(["cat", "dog", "T-shirt/top"], [5, 1, 0, 2, 8, 0, 0, 0, 1234]);
        string[] lines = confusion.ToText().TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"^actual \\ predicted\s+cat\s+dog\s+T-shirt/top\s+accuracy$", lines[0]);
        Assert.Matches(@"^cat\s+5\s+1\s+0\s+83\.33%$", lines[1]);
        Assert.Matches(@"^T-shirt/top\s+0\s+0\s+1,234\s+100\.00%$", lines[3]);
        Assert.Equal("Confusion matrix of 3 classes: 1247 / 1250 on the diagonal", confusion.ToString());
    }

    [Fact]
    public void Predictions_of_a_set_match_the_single_image_path_and_carry_the_label()
    {
        ImageSet test = TrainingTests.QuadrantImages(777, 3);
        var network = Network.CreateGaussian([16, 6, 4], seed: 4);
        using var evaluator = new Evaluator(network);
        List<Prediction> predictions = evaluator.Predict(test).ToList();
        Assert.Equal(test.Count, predictions.Count);
        foreach (int i in new[] { 0, 499, 500, 776 })
        {
            Prediction p = predictions[i];
            Assert.Equal(i, p.Index);
            Assert.Equal(test.GetLabel(i), p.Label);
            Assert.Equal(network.Predict(test.GetImage(i)), p.Predicted);
            float[] single = network.FeedForward(test.GetImage(i));
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(single[j], p.Outputs[j], 5);
            }

            Assert.Equal(test.GetImage(i), p.Sample!.Pixels);
            Assert.Equal(p.Label == p.Predicted, p.IsCorrect);
        }

        Assert.Equal(Evaluator.Evaluate(network, test).Correct, predictions.Count(p => p.IsCorrect == true));
    }

    [Fact]
    public void A_single_output_neuron_answers_whether_it_fires()
    {
        // Chapter 1's NAND gate: weights −2, −2 and bias 3, scaled by 10 so the sigmoid saturates.
        var nand = new Network([2, 1]);
        nand.Layers[0].SetWeight(0, 0, -20);
        nand.Layers[0].SetWeight(0, 1, -20);
        nand.Layers[0].Biases[0] = 30;
        Assert.Equal([1, 1, 1, 0], new float[][] { [0, 0], [0, 1], [1, 0], [1, 1] }.Select(x => Prediction.ForInput(nand, x).Predicted));
        Assert.Null(Prediction.ForInput(nand, [1, 1]).Label);
    }

    [Fact]
    public void An_input_of_the_wrong_size_is_refused()
    {
        NndlException error = Assert.Throws<NndlException>(() => Prediction.ForInput(new Network([2, 1]), [1, 0, 1]));
        Assert.Equal(("InputSizeMismatch", NndlErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
    }

    /// <summary>Quadrant images as two classes: is the bright block in the top half (0) or the bottom half (1)?</summary>
    private static ImageSet TopOrBottom(int count, int seed)
    {
        ImageSet quadrants = TrainingTests.QuadrantImages(count, seed);
        byte[] pixels = Enumerable.Range(0, count).SelectMany(i => quadrants.GetImage(i).Select(x => (byte)Math.Round(x * 255))).ToArray();
        byte[] labels = Enumerable.Range(0, count).Select(i => (byte)(quadrants.GetLabel(i) / 2)).ToArray();
        return new ImageSet("TopOrBottom", pixels, labels, 4, 4, 2);
    }

    [Fact]
    public void A_single_output_network_answers_by_firing_alike_in_Invoke_Network_Test_Network_and_Predict()
    {
        Assert.Equal(0, Prediction.Answer([0.49f]));
        Assert.Equal(1, Prediction.Answer([0.5f]));
        Assert.Equal(2, Prediction.Answer([0.1f, 0.2f, 0.7f]));

        ImageSet training = TopOrBottom(600, 1), test = TopOrBottom(300, 2);
        var network = Network.CreateGaussian([16, 4, 1], seed: 3);
        using (var trainer = new SgdTrainer(network, new SgdOptions { Epochs = 5, LearningRate = 3f, Seed = 1, Monitor = MonitorSeries.EvaluationCost }))
        {
            EpochResult last = trainer.Train(training, test).Last();
            Assert.True(last.Accuracy > 0.9, $"one neuron that fires for class 1 should learn top/bottom, got {last.Accuracy}");
            Assert.NotNull(last.EvaluationCost);
        }

        using var evaluator = new Evaluator(network);
        EvaluationResult result = evaluator.Evaluate(test);
        List<Prediction> predictions = evaluator.Predict(test).ToList();
        Assert.Equal(result.Correct, predictions.Count(p => p.IsCorrect == true));
        Assert.All(predictions, p => Assert.Equal(network.Predict(test.GetImage(p.Index!.Value)), p.Predicted));
        Assert.Contains(predictions, p => p.Predicted == 1); // arg-max of one output would always say 0
        Assert.Equal(predictions.Count(p => p.Label == 1 && p.Predicted == 1), result.Confusion![1, 1]);

        // One output neuron answers 0 or 1: it fits two classes, not one or ten.
        var ten = Assert.Throws<NndlException>(() => Evaluator.Evaluate(network, TrainingTests.QuadrantImages(10, 1)));
        Assert.Equal("NetworkShapeMismatch", ten.ErrorId);
    }

    [Fact]
    public void An_evaluator_holds_only_feed_forward_buffers_and_serves_many_networks_on_one_set_of_threads()
    {
        ImageSet test = TrainingTests.QuadrantImages(1234, 2);
        Network first = Network.CreateGaussian([16, 8, 4], seed: 1), second = Network.CreateGaussian([16, 8, 4], seed: 2), wider = Network.CreateGaussian([16, 30, 4], seed: 3);
        using var kernels = new Kernels.ParallelKernels(2);

        long before = GC.GetAllocatedBytesForCurrentThread();
        using var evaluator = new Evaluator(first, kernels);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        // Inputs, one Z as wide as the widest layer, and each layer's activations, for a chunk of 500: no errors,
        // gradients or desired outputs (backpropagation's buffers for the same chunk are 56 floats per sample, not 36).
        const int floatsPerSample = 16 + 8 + 8 + 4;
        Assert.InRange(allocated, 500 * floatsPerSample * sizeof(float), (500 * floatsPerSample * sizeof(float)) + 2048);

        Assert.Equal(Evaluator.Evaluate(first, test).Correct, evaluator.Evaluate(test).Correct);
        before = GC.GetAllocatedBytesForCurrentThread();
        evaluator.Network = second; // same sizes: the same buffers
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(Evaluator.Evaluate(second, test).Correct, evaluator.Evaluate(test).Correct);
        evaluator.Network = wider;  // other sizes: buffers to fit them
        Assert.Equal(Evaluator.Evaluate(wider, test).Correct, evaluator.Evaluate(test).Correct);
        Assert.Equal(
            new Evaluator(wider).Predict(test).Select(p => p.Outputs).SelectMany(o => o),
            evaluator.Predict(test).Select(p => p.Outputs).SelectMany(o => o));
        Assert.Equal(2, kernels.Threads);
    }
}
