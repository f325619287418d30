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

    /// <summary>Images of <paramref name="rows"/>×<paramref name="columns"/> with a white border of four pixels, as MNIST's digits have: windows there convolve to exactly 0.</summary>
    internal static ImageSet BorderedData(int count, int channels, int rows, int columns, int classes, int seed)
    {
        var random = new Random(seed);
        int size = channels * rows * columns;
        var images = new float[count * size];
        var labels = new byte[count];
        for (int s = 0; s < count; s++)
        {
            labels[s] = (byte)random.Next(classes);
            for (int c = 0; c < channels; c++)
            {
                for (int y = 4; y < rows - 4; y++)
                {
                    for (int x = 4; x < columns - 4; x++)
                    {
                        images[(s * size) + (((c * rows) + y) * columns) + x] = (float)random.NextDouble();
                    }
                }
            }
        }

        return new ImageSet("bordered", images, labels, channels * rows, columns, classes); // channels stacked, as a network reads C×H×W
    }

    public static TheoryData<string, string> ConvolutionalKinds() => new()
    {
        { "ReLU", "LogLikelihood" }, { "Sigmoid", "LogLikelihood" }, { "Tanh", "LogLikelihood" }, { "ReLU", "Quadratic" },
    };

    [Theory]
    [MemberData(nameof(ConvolutionalKinds))]
    public void Chapter_6s_layers_pass_the_check_convolutional_first_even_on_the_kinks_of_a_white_border(string activation, string cost)
    {
        // Two convolutional layers (the second three channels deep, odd sizes whose pools drop a row), a fully connected layer and a
        // softmax or sigmoid output. Biases start at 0, so every window of the white border puts a ReLU exactly on its
        // kink and four equal maxima in its pool: the check must differentiate backpropagation's branch, not half of each
        // (the ReLU networks' first biases were off by 0.78 and 1.17 when the reference let each side take its own branch).
        var kind = Enum.Parse<ActivationKind>(activation);
        LayerDesign output = cost == "Quadratic" ? new FullyConnectedLayerDesign(3, ActivationKind.Sigmoid) : new SoftmaxLayerDesign(3);
        Network network = Network.Create(new ImageShape(1, 13, 12),
            [new ConvPoolLayerDesign(3, 3, 2, kind), new ConvPoolLayerDesign(4, 2, 1, kind), new FullyConnectedLayerDesign(5, kind, 0.5f), output],
            seed: 3, Enum.Parse<CostKind>(cost));
        Assert.All(network.ConvolutionalLayers, layer => Assert.All(layer.Biases, b => Assert.Equal(0f, b)));
        ImageSet data = BorderedData(8, 1, 13, 12, 3, seed: 4);

        NetworkGradient gradient = Gradients.Compute(network, data, 0, 8);
        Assert.Equal(4, gradient.Layers.Count);
        Assert.True(gradient.Layers[0].Convolutional);
        Assert.Equal((9, 3), (gradient.Layers[0].InputSize, gradient.Layers[0].OutputSize)); // 3 filters of 1x3x3
        Assert.Equal((12, 4), (gradient.Layers[1].InputSize, gradient.Layers[1].OutputSize)); // 4 filters of 3x2x2
        Assert.False(gradient.Layers[2].Convolutional);
        Assert.StartsWith("gradient of the", gradient.ToString());
        Assert.Contains("1x13x12 [ConvPool 3@3x3", gradient.ToString());

        IReadOnlyList<GradientCheckResult> results = GradientCheck.Run(network, data, 0, 8, perLayer: 40, seed: 1);
        Assert.Equal(4, results.Count);
        Assert.All(results, result => Assert.True(result.MaxRelativeError < 1e-3, result.ToString()));
        Assert.Matches(@"^(w\[\d,\d,\d,\d\]|b\[\d\])$", results[0].WorstParameter);
    }

    [Fact]
    public void The_check_picks_the_parameters_a_shuffle_of_the_whole_layer_picked_for_the_same_seed()
    {
        // The pick once shuffled every index of the layer (Random.Shuffle) and took the first few; it now follows that
        // shuffle's first swaps in a dictionary and only draws the rest, so a seed checks the parameters it always did
        // and leaves the generator where the shuffle left it, for the biases and the next layer.
        foreach (int seed in new[] { 1, 2, 42, -7 })
        {
            foreach (int length in new[] { 0, 1, 2, 3, 7, 64, 1000 })
            {
                foreach (int count in new[] { 0, 1, length / 2, length - 1, length }.Where(c => c >= 0 && c <= length).Distinct())
                {
                    Random shuffled = new(seed), picked = new(seed);
                    int[] all = Enumerable.Range(0, length).ToArray();
                    shuffled.Shuffle(all);
                    Assert.Equal(all.Take(count).Order(), GradientCheck.Pick(picked, length, count));
                    Assert.Equal(shuffled.Next(), picked.Next());
                }
            }
        }
    }

    [Fact]
    public void The_check_gives_the_numbers_it_gave_when_it_copied_every_weight()
    {
        // Pinned before the reference stopped copying the layers into doubles: it reads the floats as they are and
        // substitutes the one parameter that moves, in the same order of operations, so not a bit changes.
        Network fc = Network.Create([12, 7, 3], new NetworkDesign { Activation = ActivationKind.ReLU, OutputActivation = ActivationKind.Softmax, Cost = CostKind.LogLikelihood }, seed: 3);
        Network conv = Network.Create(new ImageShape(1, 13, 12),
            [new ConvPoolLayerDesign(3, 3, 2, ActivationKind.ReLU), new ConvPoolLayerDesign(4, 2, 1, ActivationKind.Tanh), new FullyConnectedLayerDesign(5, ActivationKind.Sigmoid), new SoftmaxLayerDesign(3)], seed: 3);
        string[] results = GradientCheck.Run(fc, BorderedData(6, 1, 3, 4, 3, seed: 7), 0, 6, perLayer: 10, seed: 3)
            .Concat(GradientCheck.Run(conv, BorderedData(5, 1, 13, 12, 3, seed: 4), 0, 5, perLayer: 12, seed: 5))
            .Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{r.Layer} {r.WeightsChecked} {r.BiasesChecked} {r.WorstParameter} {r.MaxRelativeError:R} {r.Backpropagation:R} {r.Numerical:R}"))
            .ToArray();
        Assert.Equal(
        [
            "1 8 2 b[5] 8.256596511299146E-08 -0.07542494684457779 -0.07542495307211183",
            "2 8 2 b[0] 1.3213022362124604E-07 0.016901453956961632 0.016901456190154818",
            "1 9 3 b[0] 8.778889428824477E-06 0.00021690130233764648 0.00021690320650691317",
            "2 9 3 b[0] 3.750849005390628E-06 0.0018225681269541383 0.001822561290776292",
            "3 9 3 w[1,11] 5.944054692487006E-07 0.00047832689597271383 0.0004783266116525908",
            "4 9 3 w[2,4] 4.1133564812473254E-06 -0.0019395772833377123 -0.001939569305164923",
        ], results);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_network_holding_NaN_has_no_gradient_to_give_or_check(bool convolutional)
    {
        // A diverged network's gradient was NaN (a conv network's cost read 1,000,000, the log's floor), handed out
        // silently; and the check passed the NaN convolutional layer (error 0) and failed the next, blaming backpropagation.
        Network network = convolutional
            ? Network.Create(new ImageShape(1, 10, 10), [new ConvPoolLayerDesign(3, 3, 2, ActivationKind.ReLU), new SoftmaxLayerDesign(3)], seed: 5)
            : Network.CreateGaussian([100, 5, 3], seed: 5);
        (convolutional ? network.ConvolutionalLayers[0].Weights : network.Layers[0].Weights)[0] = float.NaN;
        ImageSet data = BorderedData(4, 1, 10, 10, 3, seed: 6);
        Assert.Equal("NetworkValueInvalid", Assert.Throws<NndlException>(() => Gradients.Compute(network, data, 0, 4)).ErrorId);
        NndlException check = Assert.Throws<NndlException>(() => GradientCheck.Run(network, data, 0, 4, 20, seed: 1));
        Assert.Equal("NetworkValueInvalid", check.ErrorId);
        Assert.Contains("gradient", check.Message);
        Assert.StartsWith(convolutional ? "Layer 0 of the network (a convolutional layer) holds" : "Layer 0 of the network holds", check.Message);
        if (convolutional)
        {
            // Layers of weights are counted as Export-NetworkImage -Layer counts them, the convolutional ones first.
            network.ConvolutionalLayers[0].Weights[0] = 0;
            network.Layers[0].Biases[0] = float.PositiveInfinity;
            Assert.StartsWith("Layer 1 of the network holds", Assert.Throws<NndlException>(() => Gradients.Compute(network, data, 0, 4)).Message);
        }
    }

    [Fact]
    public void The_cost_bound_counts_a_convolved_value_s_pooling_not_only_its_filter_s_multiply_adds()
    {
        // 100 filters of 1x1 pooled 28x28: counted as 1 multiply-add per convolved value, 4.4e9 in all, under the bound
        // (about 15 s), this check took 39 s: each convolved value also costs the loops around its one product and a
        // comparison in its pool, some eight multiply-adds' time. (Cancelled after 2 s if the bound lets it start.)
        Network network = Network.Create(new ImageShape(1, 28, 28), [new ConvPoolLayerDesign(100, 1, 28, ActivationKind.Sigmoid), new SoftmaxLayerDesign(3)], seed: 1);
        ImageSet data = BorderedData(40, 1, 28, 28, 3, seed: 2);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        NndlException refused = Assert.Throws<NndlException>(() => GradientCheck.Run(network, data, 0, 40, perLayer: 500, seed: 1, cancellationToken: cancel.Token));
        Assert.Equal("GradientCheckTooCostly", refused.ErrorId);
    }

    [Fact]
    public void A_wrong_convolutional_gradient_fails_the_check()
    {
        // The gradient of a network whose first filters differ, checked against this network's cost: only the
        // layers the difference reaches may pass, and the convolutional ones must not.
        Network network = Network.Create(new ImageShape(1, 10, 10),
            [new ConvPoolLayerDesign(3, 3, 2, ActivationKind.Tanh), new SoftmaxLayerDesign(3)], seed: 5);
        Network other = network.Clone();
        for (int i = 0; i < other.ConvolutionalLayers[0].Weights.Length; i++)
        {
            other.ConvolutionalLayers[0].Weights[i] *= -1;
        }

        ImageSet data = BorderedData(6, 1, 10, 10, 3, seed: 6);
        NetworkGradient wrong = Gradients.Compute(other, data, 0, 6);
        IReadOnlyList<GradientCheckResult> caught = GradientCheck.Compare(network, wrong, data, 0, 6, 20, seed: 2,
            GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, CancellationToken.None);
        Assert.False(caught[0].Passed, caught[0].ToString());
        Assert.All(GradientCheck.Compare(network, Gradients.Compute(network, data, 0, 6), data, 0, 6, 20, seed: 2,
            GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, CancellationToken.None), result => Assert.True(result.Passed, result.ToString()));
    }

    [Fact]
    public void A_convolutional_layer_s_gradient_over_n_images_is_the_mean_of_each_image_s()
    {
        // 1x1 filters over one channel, no pooling: the same gradient comes out of one pass of 6 images as the mean of
        // six passes of one (the per-sample steps, the sums over samples and the mean are each where they belong).
        Network network = Network.Create(new ImageShape(1, 6, 6),
            [new ConvPoolLayerDesign(2, 1, 1, ActivationKind.Sigmoid), new SoftmaxLayerDesign(3)], seed: 8);
        ImageSet data = BorderedData(6, 1, 6, 6, 3, seed: 9);
        NetworkGradient all = Gradients.Compute(network, data, 0, 6);
        var mean = new double[all.Layers[0].Weights.Length + all.Layers[0].Biases.Length];
        for (int s = 0; s < 6; s++)
        {
            NetworkGradient one = Gradients.Compute(network, data, s, 1);
            for (int i = 0; i < one.Layers[0].Weights.Length; i++)
            {
                mean[i] += one.Layers[0].Weights[i] / 6.0;
            }

            for (int j = 0; j < one.Layers[0].Biases.Length; j++)
            {
                mean[one.Layers[0].Weights.Length + j] += one.Layers[0].Biases[j] / 6.0;
            }
        }

        float[] expected = [.. all.Layers[0].Weights, .. all.Layers[0].Biases];
        for (int i = 0; i < mean.Length; i++)
        {
            Assert.Equal(mean[i], expected[i], 5e-6);
        }
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
