namespace NndlPS.Core.Tests;

public class BaselineTests
{
    /// <summary>Images whose darkness is the class times 40, plus or minus a little: darkness alone tells them apart.</summary>
    private static ImageSet DarknessImages(int perClass, int seed)
    {
        var random = new Random(seed);
        int count = perClass * 4;
        var pixels = new byte[count * 4];
        var labels = new byte[count];
        for (int s = 0; s < count; s++)
        {
            int label = s % 4;
            labels[s] = (byte)label;
            for (int p = 0; p < 4; p++)
            {
                pixels[(s * 4) + p] = (byte)((label * 40) + random.Next(10));
            }
        }

        return new ImageSet("Darkness", pixels, labels, 2, 2, 4);
    }

    [Fact]
    public void Average_darkness_learns_each_class_mean_and_guesses_the_nearest()
    {
        // Two training images per class 0 and 1 with known sums: class 0 sums to 255 and 765 (mean 510 → 2.0
        // in pixel units), class 1 to 1020 both times (4.0); classes 2 and 3 never appear.
        byte[] pixels = [255, 0, 0, 0, /**/ 255, 255, 255, 0, /**/ 255, 255, 255, 255, /**/ 255, 255, 255, 255];
        var training = new ImageSet("Known", pixels, new byte[] { 0, 0, 1, 1 }, 2, 2, 4);
        AverageDarkness model = AverageDarkness.Train(training);

        Assert.Equal(2.0, model.Averages[0], 12);
        Assert.Equal(4.0, model.Averages[1], 12);
        Assert.True(double.IsNaN(model.Averages[2]));
        Assert.Equal(0, model.Guess(0));
        Assert.Equal(0, model.Guess(2.9));
        Assert.Equal(1, model.Guess(3.1));
        Assert.Equal(0, model.Guess(3.0)); // a tie goes to the lower digit, as Python's min over 0..9 does
        Assert.Equal(1, model.Guess(100)); // a class never seen is never guessed
    }

    [Fact]
    public void Average_darkness_separates_classes_that_differ_only_in_darkness()
    {
        EvaluationResult result = Baseline.Measure(BaselineMethod.AverageDarkness, DarknessImages(50, 1), DarknessImages(25, 2), seed: 0);
        Assert.Equal(100, result.Total);
        Assert.Equal(100, result.Correct);
        ConfusionMatrix confusion = Assert.IsType<ConfusionMatrix>(result.Confusion);
        Assert.All(Enumerable.Range(0, 4), c => Assert.Equal(25, confusion[c, c])); // 25 test images per class, all right
    }

    // Average darkness with no training images indexed past its (empty) averages and threw IndexOutOfRangeException;
    // every baseline that learns refuses an empty training set as the SVM does.
    [Theory]
    [InlineData(BaselineMethod.AverageDarkness)]
    [InlineData(BaselineMethod.LinearSvm)]
    public void A_baseline_that_learns_refuses_an_empty_training_set(BaselineMethod method)
    {
        ImageSet empty = DarknessImages(1, 1).Slice("Empty", 0, 0);

        var error = Assert.Throws<NndlException>(() => Baseline.Measure(method, empty, DarknessImages(5, 2), seed: 0));

        Assert.Equal("TrainingDataEmpty", error.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("no images", error.Message);
    }

    [Fact]
    public void A_baseline_result_carries_the_confusion_matrix_of_its_guesses()
    {
        ImageSet test = TrainingTests.QuadrantImages(400, 2);
        EvaluationResult result = RandomGuess.Evaluate(test, seed: 1);
        ConfusionMatrix confusion = Assert.IsType<ConfusionMatrix>(result.Confusion);
        int total = 0, diagonal = 0;
        for (int actual = 0; actual < 4; actual++)
        {
            for (int guessed = 0; guessed < 4; guessed++)
            {
                total += confusion[actual, guessed];
            }

            diagonal += confusion[actual, actual];
            Assert.Equal(Enumerable.Range(0, 400).Count(i => test.GetLabel(i) == actual), Enumerable.Range(0, 4).Sum(g => confusion[actual, g]));
        }

        Assert.Equal(400, total);
        Assert.Equal(result.Correct, diagonal);
    }

    [Fact]
    public void Random_guessing_is_repeatable_and_right_about_one_time_in_the_number_of_classes()
    {
        ImageSet test = TrainingTests.QuadrantImages(20_000, 1);
        EvaluationResult first = RandomGuess.Evaluate(test, seed: 5);
        Assert.Equal(first.Correct, RandomGuess.Evaluate(test, seed: 5).Correct);
        Assert.NotEqual(first.Correct, RandomGuess.Evaluate(test, seed: 6).Correct);
        Assert.InRange(first.Accuracy, 0.24, 0.26); // four classes; 20,000 guesses put 3σ at ±0.9%
    }

    [Fact]
    public void Linear_svm_separates_a_linearly_separable_problem()
    {
        EvaluationResult result = Baseline.Measure(BaselineMethod.LinearSvm, TrainingTests.QuadrantImages(2000, 1), TrainingTests.QuadrantImages(500, 2), seed: 1);
        Assert.Equal(500, result.Correct);
    }

    [Fact]
    public void Linear_svm_minimises_its_primal_objective()
    {
        // An independent check of the dual solver: at the primal optimum the gradient of
        // ½‖w̃‖² + C Σ max(0, 1 − yᵢ w̃·x̃ᵢ)² (w̃ = (w, b), x̃ = (x, 1)) vanishes:
        // w̃ = 2C Σ_{margin violated} yᵢ (1 − yᵢ w̃·x̃ᵢ) x̃ᵢ. Noisy labels make the problem non-separable so C matters.
        ImageSet training = TrainingTests.QuadrantImages(400, 3);
        const float c = 0.5f;
        LinearSvm svm = LinearSvm.Train(training, new LinearSvmOptions { C = c, Tolerance = 1e-4, MaxPasses = 100_000, Seed = 2 });
        int n = training.InputSize;
        var x = new float[training.Count * n];
        training.CopyImages(0, training.Count, x);
        for (int cls = 0; cls < training.ClassCount; cls++)
        {
            Assert.True(svm.Passes[cls] < 100_000, $"class {cls} did not converge");
            double[] w = [.. svm.Weights(cls).ToArray().Select(v => (double)v), svm.Bias(cls)];
            var gradient = (double[])w.Clone();
            for (int i = 0; i < training.Count; i++)
            {
                double y = training.GetLabel(i) == cls ? 1 : -1;
                double margin = w[n];
                for (int k = 0; k < n; k++)
                {
                    margin += w[k] * x[(i * n) + k];
                }

                double violation = 1 - (y * margin);
                if (violation > 0)
                {
                    for (int k = 0; k < n; k++)
                    {
                        gradient[k] -= 2 * c * y * violation * x[(i * n) + k];
                    }

                    gradient[n] -= 2 * c * y * violation;
                }
            }

            double gradientNorm = Math.Sqrt(gradient.Sum(g => g * g));
            double weightNorm = Math.Sqrt(w.Sum(v => v * v));
            Assert.True(gradientNorm < 1e-2 * weightNorm, $"class {cls}: |∇P| = {gradientNorm} against |w| = {weightNorm}");
        }
    }

    [Fact]
    public void Linear_svm_gives_the_same_machines_on_any_number_of_threads()
    {
        ImageSet training = TrainingTests.QuadrantImages(1000, 4);
        LinearSvm one = LinearSvm.Train(training, new LinearSvmOptions { Threads = 1, Seed = 3 });
        LinearSvm three = LinearSvm.Train(training, new LinearSvmOptions { Threads = 3, Seed = 3 });
        for (int c = 0; c < training.ClassCount; c++)
        {
            Assert.Equal(one.Weights(c).ToArray(), three.Weights(c).ToArray());
            Assert.Equal(one.Bias(c), three.Bias(c));
        }
    }

    [Fact]
    public void Training_and_test_sets_of_different_shapes_are_refused()
    {
        var ex = Assert.Throws<NndlException>(() =>
            Baseline.Measure(BaselineMethod.AverageDarkness, TrainingTests.QuadrantImages(10, 1), DarknessImages(5, 1), seed: 0));
        Assert.Equal("BaselineDataMismatch", ex.ErrorId);
    }
}
