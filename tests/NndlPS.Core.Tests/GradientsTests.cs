namespace NndlPS.Core.Tests;

/// <summary>Chapter 2's measurements: <see cref="Gradients"/> (backpropagation's gradient from outside) and <see cref="GradientCheck"/>.</summary>
public class GradientsTests
{
    private static ImageSet Data(int count, int pixels = 12, int classes = 3, int seed = 5)
    {
        var random = new Random(seed);
        var images = new float[count * pixels];
        var labels = new byte[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = (byte)random.Next(classes);
            for (int p = 0; p < pixels; p++)
            {
                images[(s * pixels) + p] = (float)random.NextDouble();
            }
        }

        return new ImageSet("synthetic", images, labels, 1, pixels, classes);
    }

    public static TheoryData<string, string, string> Kinds()
    {
        var data = new TheoryData<string, string, string>();
        foreach (string hidden in new[] { "Sigmoid", "Tanh", "ReLU" })
        {
            data.Add(hidden, "Sigmoid", "Quadratic");
            data.Add(hidden, "Sigmoid", "CrossEntropy");
            data.Add(hidden, "Softmax", "LogLikelihood");
            data.Add(hidden, "Tanh", "Quadratic");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_check_passes_for_every_trainable_kind_well_inside_the_tolerance(string hidden, string output, string cost)
    {
        var design = new NetworkDesign
        {
            Activation = Enum.Parse<ActivationKind>(hidden),
            OutputActivation = Enum.Parse<ActivationKind>(output),
            Cost = Enum.Parse<CostKind>(cost),
            Initialization = WeightInitialization.ScaledGaussian,
        };
        Network network = Network.Create([12, 9, 7, 3], design, seed: 3);
        IReadOnlyList<GradientCheckResult> results = GradientCheck.Run(network, Data(20), 0, 20, perLayer: 40, seed: 1);
        Assert.Equal(3, results.Count);
        foreach (GradientCheckResult result in results)
        {
            Assert.True(result.MaxRelativeError < 1e-3, result.ToString());
            Assert.True(result.Passed);
            Assert.True(result.WeightsChecked + result.BiasesChecked > 0);
        }
    }

    [Fact]
    public void The_check_fails_when_the_gradient_it_is_given_is_not_the_cost_s()
    {
        // Backpropagation of the quadratic cost checked against the cross-entropy cost's derivatives: both sides are
        // right about their own cost, so the check must see the difference (this is what a backprop bug looks like).
        Network quadratic = Network.Create([12, 9, 3], new NetworkDesign { Initialization = WeightInitialization.ScaledGaussian }, seed: 3);
        Network crossEntropy = quadratic.Clone();
        crossEntropy.Cost = CrossEntropyCost.Instance;
        NetworkGradient wrong = Gradients.Compute(quadratic, Data(10), 0, 10);
        Assert.NotEqual(wrong.Layers[1].Biases, Gradients.Compute(crossEntropy, Data(10), 0, 10).Layers[1].Biases);
        NetworkGradient right = Gradients.Compute(crossEntropy, Data(10), 0, 10);
        IReadOnlyList<GradientCheckResult> caught = GradientCheck.Compare(crossEntropy, wrong, Data(10), 0, 10, 20, seed: 2,
            GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, CancellationToken.None);
        Assert.All(caught, result => Assert.False(result.Passed, result.ToString()));
        Assert.All(GradientCheck.Compare(crossEntropy, right, Data(10), 0, 10, 20, seed: 2, GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, CancellationToken.None),
            result => Assert.True(result.Passed, result.ToString()));
    }

    [Fact]
    public void Over_n_samples_the_gradient_is_the_mean_of_each_sample_s()
    {
        Network network = Network.CreateGaussian([12, 8, 3], seed: 7);
        ImageSet data = Data(6);
        NetworkGradient all = Gradients.Compute(network, data, 0, 6);
        Assert.Equal(6, all.Samples);
        for (int l = 0; l < 2; l++)
        {
            double[] mean = new double[all.Layers[l].Weights.Length];
            double cost = 0;
            for (int s = 0; s < 6; s++)
            {
                NetworkGradient one = Gradients.Compute(network, data, s, 1);
                cost += one.Cost / 6;
                for (int i = 0; i < mean.Length; i++)
                {
                    mean[i] += one.Layers[l].Weights[i] / 6.0;
                }
            }

            for (int i = 0; i < mean.Length; i++)
            {
                Assert.Equal(mean[i], all.Layers[l].Weights[i], 5e-6);
            }

            Assert.Equal(cost, all.Cost, 1e-6);
        }
    }

    [Fact]
    public void The_output_error_is_BP1_and_the_bias_gradient_is_the_error()
    {
        // One sample, quadratic cost: δᴸ = (a − y) ⊙ σ′(zᴸ) with σ′ = σ(1 − σ) (BP1), ∂C/∂b = δ (BP3).
        Network network = Network.CreateGaussian([12, 5, 3], seed: 11);
        ImageSet data = Data(1);
        NetworkGradient gradient = Gradients.Compute(network, data, 0, 1);
        float[] a = network.FeedForward(data.GetImage(0));
        for (int j = 0; j < 3; j++)
        {
            double y = j == data.GetLabel(0) ? 1 : 0;
            Assert.Equal((a[j] - y) * a[j] * (1 - a[j]), gradient.Layers[1].Errors[j], 1e-6);
        }

        Assert.Same(gradient.Layers[1].Biases, gradient.Layers[1].Errors);
        Assert.Equal(Math.Sqrt(gradient.Layers[1].Biases.Sum(b => (double)b * b)), gradient.Layers[1].BiasNorm, 12);
    }

    [Fact]
    public void Measuring_changes_no_weight()
    {
        Network network = Network.CreateGaussian([12, 8, 3], seed: 7);
        Network before = network.Clone();
        _ = Gradients.Compute(network, Data(30), 0, 30);
        _ = GradientCheck.Run(network, Data(5), 0, 5, 10, seed: 1);
        for (int l = 0; l < 2; l++)
        {
            Assert.Equal(before.Layers[l].Weights, network.Layers[l].Weights);
            Assert.Equal(before.Layers[l].Biases, network.Layers[l].Biases);
        }
    }

    [Fact]
    public void More_samples_than_one_pass_holds_are_summed_over_several_passes()
    {
        Network network = Network.CreateGaussian([12, 8, 3], seed: 7);
        ImageSet data = Data(2500);
        NetworkGradient all = Gradients.Compute(network, data, 0, 2500);
        Assert.Equal(2500, all.Samples);
        Assert.True(all.Layers[0].BiasNorm > 0);
        Assert.Equal(2, Gradients.LayerSpeeds(Network.CreateGaussian([12, 8, 6, 3], seed: 1), data, 1000).Length);
    }

    [Theory]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(9, 2)]
    [InlineData(int.MaxValue, 2)]
    public void A_range_outside_the_set_is_refused_naming_the_set_s_size(int start, int count)
    {
        var error = Assert.Throws<NndlException>(() => Gradients.Compute(Network.CreateGaussian([12, 3], seed: 1), Data(10), start, count));
        Assert.Equal("SampleRangeInvalid", error.ErrorId);
        Assert.Contains("holds 10", error.Message);
    }

    [Fact]
    public void Monitoring_the_speed_of_learning_changes_no_bit_of_training()
    {
        ImageSet data = Data(300, classes: 3);
        Network watched = Network.Create([12, 8, 6, 3], new NetworkDesign { Cost = CostKind.CrossEntropy }, seed: 4);
        Network plain = watched.Clone();
        var options = new SgdOptions { Epochs = 3, MiniBatchSize = 10, LearningRate = 0.5f, Seed = 9 };
        List<EpochResult> withSpeed;
        using (var trainer = new SgdTrainer(watched, options with { Monitor = MonitorSeries.LayerSpeed }))
        {
            withSpeed = trainer.Train(data, data).ToList();
        }

        using (var trainer = new SgdTrainer(plain, options))
        {
            Assert.All(trainer.Train(data, data), epoch => Assert.Null(epoch.LayerSpeed));
        }

        for (int l = 0; l < 3; l++)
        {
            Assert.Equal(plain.Layers[l].Weights, watched.Layers[l].Weights);
            Assert.Equal(plain.Layers[l].Biases, watched.Layers[l].Biases);
        }

        Assert.All(withSpeed, epoch => Assert.Equal(2, epoch.LayerSpeed!.Count));
        Assert.Equal(Gradients.LayerSpeeds(watched, data), withSpeed[^1].LayerSpeed);
    }
}
