namespace NndlPS.Core.Tests;

/// <summary>Chapter 3's neurons, costs, update rules, schedule, early stopping and monitoring, in the engine.</summary>
public class ChapterThreeTests
{
    private static (Backpropagation Backprop, ImageSet Data) Batch(Network network, int m, int seed)
    {
        ImageSet data = TrainingTests.QuadrantImages(m, seed);
        var backprop = new Backpropagation(network, m);
        data.CopyImages(0, m, backprop.Inputs(m));
        backprop.SetOneHotTargets(data.Labels);
        return (backprop, data);
    }

    [Fact]
    public void L2_step_is_weight_decay_then_the_gradient_step()
    {
        const float eta = 0.5f, lambda = 5f;
        const int n = 1000, m = 20;
        var network = Network.Create([16, 7, 4], new NetworkDesign { Cost = CostKind.CrossEntropy }, seed: 3);
        Network reference = network.Clone();

        (Backpropagation gradient, _) = Batch(reference, m, 4);
        gradient.ComputeGradient(m);
        (Backpropagation fused, _) = Batch(network, m, 4);
        fused.Backprop(m, new GradientDescentRule(eta, lambda, n));

        for (int l = 0; l < 2; l++)
        {
            float[] w = reference.Layers[l].Weights, nablaW = gradient.WeightGradient(l).ToArray();
            for (int i = 0; i < w.Length; i++)
            {
                float expected = ((1 - (eta * lambda / n)) * w[i]) - (eta / m * nablaW[i]);
                Assert.Equal(expected, network.Layers[l].Weights[i], 4);
            }

            float[] b = reference.Layers[l].Biases, nablaB = gradient.BiasGradient(l).ToArray();
            for (int j = 0; j < b.Length; j++)
            {
                Assert.Equal(b[j] - (eta / m * nablaB[j]), network.Layers[l].Biases[j], 4); // biases are not decayed
            }
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(2f)]
    public void Momentum_keeps_a_velocity_per_parameter(float lambda)
    {
        const float eta = 0.1f, mu = 0.9f;
        const int n = 500, m = 10;
        var network = Network.Create([16, 5, 4], new NetworkDesign(), seed: 8);
        Network reference = network.Clone();
        var rule = new MomentumRule(network, eta, mu, lambda, n);
        float[] v = new float[reference.Layers[0].Weights.Length];

        for (int step = 0; step < 3; step++)
        {
            (Backpropagation gradient, _) = Batch(reference, m, 20 + step);
            gradient.ComputeGradient(m);
            float[] w = reference.Layers[0].Weights, nablaW = gradient.WeightGradient(0).ToArray();
            for (int i = 0; i < w.Length; i++)
            {
                v[i] = (mu * v[i]) - (eta * lambda / n * w[i]) - (eta / m * nablaW[i]);
            }

            // The reference follows layer 0 by hand; the other parameters are copied so the next gradient matches.
            (Backpropagation trained, _) = Batch(network, m, 20 + step);
            trained.Backprop(m, rule);
            CopyAllBut(network, reference, layer: 0);
            for (int i = 0; i < w.Length; i++)
            {
                w[i] += v[i];
                Assert.Equal(w[i], network.Layers[0].Weights[i], 4);
            }
        }

        static void CopyAllBut(Network from, Network to, int layer)
        {
            for (int l = 0; l < from.Layers.Count; l++)
            {
                if (l != layer)
                {
                    from.Layers[l].Weights.CopyTo(to.Layers[l].Weights, 0);
                }

                from.Layers[l].Biases.CopyTo(to.Layers[l].Biases, 0);
            }
        }
    }

    [Fact]
    public void Step_neurons_are_refused_for_training_with_a_reason()
    {
        var perceptron = Network.Create([2, 1], new NetworkDesign { Activation = ActivationKind.Step }, seed: 1);
        var ex = Assert.Throws<NndlException>(() => new SgdTrainer(perceptron, new SgdOptions()));
        Assert.Equal("ActivationNotTrainable", ex.ErrorId);
        Assert.Contains("sigmoid", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(ActivationKind.Sigmoid, CostKind.LogLikelihood)]
    [InlineData(ActivationKind.Softmax, CostKind.CrossEntropy)]
    [InlineData(ActivationKind.Tanh, CostKind.CrossEntropy)]
    public void A_cost_that_does_not_suit_the_output_layer_is_refused(ActivationKind output, CostKind cost)
    {
        var ex = Assert.Throws<NndlException>(() => Network.Create([4, 3, 2], new NetworkDesign { OutputActivation = output, Cost = cost }, seed: 1));
        Assert.Equal("CostOutputMismatch", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
    }

    [Fact]
    public void Softmax_is_only_for_the_output_layer()
    {
        var ex = Assert.Throws<NndlException>(() => Network.Create([4, 3, 2], new NetworkDesign { Activation = ActivationKind.Softmax }, seed: 1));
        Assert.Equal("SoftmaxOnlyOnOutput", ex.ErrorId);
        Assert.NotNull(Network.Create([4, 2], new NetworkDesign { Activation = ActivationKind.Softmax, Cost = CostKind.LogLikelihood }, seed: 1));
    }

    [Fact]
    public void Softmax_rows_are_distributions_even_for_huge_inputs()
    {
        float[] z = [1000f, 1001f, 999f, -5f, 0f, 5f];
        float[] a = new float[6];
        SoftmaxActivation.Instance.Activate(z, a, neurons: 3);
        Assert.Equal(1.0, a[0] + a[1] + a[2], 5);
        Assert.Equal(1.0, a[3] + a[4] + a[5], 5);
        Assert.True(a[1] > a[0] && a[0] > a[2]);
        Assert.All(a, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Scaled_initialisation_draws_weights_with_variance_one_over_n_in()
    {
        var network = Network.Create([400, 200, 10], new NetworkDesign { Initialization = WeightInitialization.ScaledGaussian }, seed: 5);
        float[] w = network.Layers[0].Weights;
        double variance = w.Select(x => (double)x * x).Average();
        Assert.InRange(variance, 0.9 / 400, 1.1 / 400);
        double biasVariance = network.Layers[0].Biases.Select(x => (double)x * x).Average();
        Assert.InRange(biasVariance, 0.7, 1.3); // biases stay N(0, 1), as in network2.py
    }

    [Fact]
    public void The_chapter_one_design_draws_exactly_the_old_network()
    {
        // Same seed, same bits: the book's run is unchanged by the catalogue.
        Network a = Network.CreateGaussian([16, 5, 4], seed: 9), b = Network.Create([16, 5, 4], new NetworkDesign(), seed: 9);
        Assert.Equal(a.Layers[0].Weights, b.Layers[0].Weights);
        Assert.Equal("sigmoid", a.Layers[1].Activation.Name);
        Assert.Equal("quadratic", a.Cost.Name);
    }

    [Fact]
    public void Early_stopping_goes_back_to_the_best_epoch_and_says_so()
    {
        var network = Network.CreateGaussian([4, 2], seed: 1);
        var watch = new ValidationWatch(new SgdOptions { EarlyStopping = 2 });
        var rule = new GradientDescentRule(1f, 0, 10);
        double[] accuracies = [0.5, 0.7, 0.6, 0.65];
        float[]? bestWeights = null;
        string? stop = null;
        for (int epoch = 0; epoch < accuracies.Length && stop is null; epoch++)
        {
            network.Layers[0].Weights[0] = epoch; // a different network each epoch
            if (epoch == 1)
            {
                bestWeights = (float[])network.Layers[0].Weights.Clone();
            }

            stop = watch.AfterEpoch(epoch, accuracies[epoch], network, rule);
        }

        Assert.NotNull(stop);
        Assert.Contains("epoch 1", stop);
        Assert.Equal(bestWeights, network.Layers[0].Weights);
    }

    [Fact]
    public void The_schedule_halves_eta_on_each_plateau_and_stops_below_the_floor()
    {
        var watch = new ValidationWatch(new SgdOptions { LearningRate = 1f, LearningRateSchedule = LearningRateSchedule.HalveOnPlateau, Patience = 2, MinimumLearningRate = 0.2f });
        var rule = new GradientDescentRule(1f, 0, 10);
        var network = Network.CreateGaussian([4, 2], seed: 1);
        var etas = new List<float>();
        string? stop = null;
        for (int epoch = 0; stop is null && epoch < 100; epoch++)
        {
            stop = watch.AfterEpoch(epoch, 0.5, network, rule); // never improves after the first
            etas.Add(rule.LearningRate);
        }

        Assert.Equal([1f, 1f, 0.5f, 0.5f, 0.25f, 0.25f, 0.125f], etas);
        Assert.Contains("below", stop);
    }

    [Fact]
    public void Monitored_series_are_on_every_epoch_and_watching_needs_a_validation_set()
    {
        ImageSet training = TrainingTests.QuadrantImages(500, 1), test = TrainingTests.QuadrantImages(100, 2);
        var network = Network.Create([16, 8, 4], new NetworkDesign { Cost = CostKind.CrossEntropy, Initialization = WeightInitialization.ScaledGaussian }, seed: 3);
        var options = new SgdOptions
        {
            Epochs = 3, LearningRate = 0.5f, Lambda = 0.1f, Seed = 4,
            Monitor = MonitorSeries.TrainingCost | MonitorSeries.TrainingAccuracy | MonitorSeries.EvaluationCost | MonitorSeries.EvaluationAccuracy,
        };
        List<EpochResult> epochs = new SgdTrainer(network, options).Train(training, test).ToList();
        Assert.All(epochs, e =>
        {
            Assert.NotNull(e.TrainingCost);
            Assert.NotNull(e.EvaluationCost);
            Assert.Equal(e.Accuracy, e.EvaluationAccuracy);
            Assert.InRange(e.TrainingAccuracy!.Value, 0, 1);
        });
        Assert.True(epochs[^1].TrainingCost < epochs[0].TrainingCost, "training cost should fall");

        var watching = new SgdTrainer(network, new SgdOptions { EarlyStopping = 3 });
        Assert.Equal("ValidationDataRequired", Assert.Throws<NndlException>(() => watching.Train(training, test)).ErrorId);
    }

    [Theory]
    [InlineData(-1f, 0f, "InvalidLambda")]
    [InlineData(0f, 1f, "InvalidMomentum")]
    [InlineData(0f, -0.1f, "InvalidMomentum")]
    public void Chapter_three_options_out_of_range_are_refused(float lambda, float momentum, string errorId)
    {
        var ex = Assert.Throws<NndlException>(() => new SgdOptions { Lambda = lambda, Momentum = momentum }.Validate());
        Assert.Equal(errorId, ex.ErrorId);
    }

    [Fact]
    public void KeepBest_and_early_stopping_together_are_refused_since_each_would_restore_another_epoch()
    {
        var ex = Assert.Throws<NndlException>(() => new SgdOptions { KeepBest = true, EarlyStopping = 3 }.Validate());
        Assert.Equal("KeepBestWithEarlyStopping", ex.ErrorId);
    }

    public static TheoryData<SgdOptions, string> OptionsWithNoEffect => new()
    {
        { new SgdOptions { Patience = 4 }, "Patience" },
        { new SgdOptions { Patience = 4, EarlyStopping = 3 }, "Patience" }, // early stopping counts its own epochs
        { new SgdOptions { MinimumLearningRate = 0.1f }, "MinimumLearningRate" },
        { new SgdOptions { MinimumLearningRate = 0.1f, EarlyStopping = 3 }, "MinimumLearningRate" },
    };

    [Theory]
    [MemberData(nameof(OptionsWithNoEffect))]
    public void Schedule_options_without_the_schedule_are_refused_not_ignored(SgdOptions options, string parameter)
    {
        var ex = Assert.Throws<NndlException>(options.Validate);
        Assert.Equal("ParameterHasNoEffect", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.Equal(parameter, ex.Target);
        Assert.Contains("HalveOnPlateau", ex.Message);

        (options with { LearningRateSchedule = LearningRateSchedule.HalveOnPlateau }).Validate(); // meaningful there
        Assert.Equal(SgdOptions.BookPatience, new SgdOptions().PlateauPatience);
    }

    [Fact]
    public void Sets_nothing_reads_are_refused_and_a_dataset_gives_its_validation_set_only_when_watched()
    {
        ImageSet training = TrainingTests.QuadrantImages(200, 1), test = TrainingTests.QuadrantImages(50, 2), validation = TrainingTests.QuadrantImages(50, 3);
        var network = Network.CreateGaussian([16, 8, 4], seed: 1);
        using var plain = new SgdTrainer(network, new SgdOptions { Epochs = 1, Seed = 1 });
        var unused = Assert.Throws<NndlException>(() => plain.Train(training, test, null, default, validation));
        Assert.Equal(("ParameterHasNoEffect", "ValidationData"), (unused.ErrorId, unused.Target));

        using var monitoring = new SgdTrainer(network, new SgdOptions { Epochs = 1, Seed = 1, Monitor = MonitorSeries.TrainingCost | MonitorSeries.EvaluationAccuracy });
        var noTest = Assert.Throws<NndlException>(() => monitoring.Train(training));
        Assert.Equal(("ParameterHasNoEffect", "Monitor"), (noTest.ErrorId, noTest.Target));
        Assert.Contains("EvaluationAccuracy", noTest.Message);
        Assert.Single(monitoring.Train(training, test)); // with test data it measures it

        var data = new MnistDataset("Quadrants", training, validation, test, "generated");
        Assert.Null(Assert.Single(plain.Train(data)).ValidationAccuracy);
        using var watching = new SgdTrainer(network, new SgdOptions { Epochs = 1, Seed = 1, EarlyStopping = 2 });
        Assert.NotNull(Assert.Single(watching.Train(data)).ValidationAccuracy);
    }

    [Fact]
    public void Every_way_of_making_a_network_is_bounded_before_it_allocates()
    {
        var tooMany = Assert.Throws<NndlException>(() => new Network(Enumerable.Repeat(2, NetworkLimits.MaxLayers + 1).ToArray()));
        Assert.Equal("NetworkTooLarge", tooMany.ErrorId);

        // A layer appended to a wide output would overflow 32 bits in its weight count: refused, nothing allocated.
        var wide = Network.CreateGaussian([2, 3], seed: 1);
        var ex = Assert.Throws<NndlException>(() => new Network([2, 100_000, 100_000]));
        Assert.Equal("NetworkTooLarge", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.NotNull(wide.AppendLayer([new float[3]], [0f], SigmoidActivation.Instance));
    }
}
