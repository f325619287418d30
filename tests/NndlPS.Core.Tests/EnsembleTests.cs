namespace NndlPS.Core.Tests;

/// <summary>
/// Chapter 6's ensemble: the plurality vote and its tie rule on hand-set outputs and hand-set networks whose answers
/// are known, the refusals, and the vote checked against a recount by a naive loop over each network's own answers.
/// </summary>
public class EnsembleTests
{
    private static readonly NetworkDesign Sigmoid = new();

    /// <summary>A one-layer network whose outputs are σ(<paramref name="biases"/>) whatever the input: its answer is fixed.</summary>
    private static Network Constant(int inputs, params float[] biases) =>
        Network.FromParameters([inputs, biases.Length], [biases.Select(_ => new float[inputs]).ToArray()], [biases], Sigmoid);

    /// <summary>A one-layer network that answers its brightest input, shifted by <paramref name="shift"/> classes.</summary>
    private static Network Brightest(int size, int shift = 0)
    {
        float[][] rows = Enumerable.Range(0, size).Select(neuron =>
        {
            var row = new float[size];
            row[(neuron - shift + size) % size] = 10;
            return row;
        }).ToArray();
        return Network.FromParameters([size, size], [rows], [Enumerable.Repeat(-5f, size).ToArray()], Sigmoid);
    }

    /// <summary>Images of <paramref name="size"/> pixels, one bright: image i's bright pixel and label are i mod size.</summary>
    private static ImageSet OneBright(int count, int size)
    {
        var pixels = new float[count * size];
        var labels = new byte[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = (byte)(i % size);
            pixels[(i * size) + (i % size)] = 1;
        }

        return new ImageSet("Bright", pixels, labels, 1, size, size);
    }

    private static int Vote(params float[][] members)
    {
        var vote = new PluralityVote(members[0].Length);
        foreach (float[] outputs in members)
        {
            vote.Cast(outputs);
        }

        return vote.Winner(out _);
    }

    [Fact]
    public void The_class_with_most_votes_wins_even_when_another_has_more_activation()
    {
        var vote = new PluralityVote(3);
        Assert.Equal(0, vote.Cast([0.51f, 0.49f, 0f]));
        Assert.Equal(0, vote.Cast([0.51f, 0.49f, 0f]));
        Assert.Equal(1, vote.Cast([0f, 1f, 0f]));
        Assert.Equal(0, vote.Winner(out bool tied)); // class 1's summed activation (1.98) is larger, but has one vote
        Assert.False(tied);
        Assert.Equal([2, 1, 0], vote.Votes);
        Assert.Equal(3, vote.Voters);
    }

    [Fact]
    public void A_tie_goes_to_the_class_the_networks_together_are_surest_of_whichever_came_first()
    {
        float[] unsureOf0 = [0.6f, 0.5f, 0f], sureOf1 = [0f, 0.95f, 0f];
        Assert.Equal(1, Vote(unsureOf0, sureOf1));
        Assert.Equal(1, Vote(sureOf1, unsureOf0));
        var vote = new PluralityVote(3);
        vote.Cast(unsureOf0);
        vote.Cast(sureOf1);
        vote.Winner(out bool tied);
        Assert.True(tied);
    }

    [Fact]
    public void A_tie_of_equal_sums_goes_to_the_lowest_class_not_to_the_first_network()
    {
        Assert.Equal(0, Vote([0.25f, 0.75f], [0.75f, 0.25f]));
        Assert.Equal(0, Vote([0.75f, 0.25f], [0.25f, 0.75f]));
        // Three ways, equal sums: 0.5 + 0.25 + 0.25 for each of classes 1, 2 and 3.
        Assert.Equal(1, Vote([0, 0.5f, 0.25f, 0.25f], [0, 0.25f, 0.5f, 0.25f], [0, 0.25f, 0.25f, 0.5f]));
    }

    [Fact]
    public void A_single_output_neuron_votes_whether_it_fires_and_its_doubt_counts_for_class_0()
    {
        // 0.6 fires (class 1), 0.3 does not (class 0): class 1 sums 0.9, class 0 sums 0.4 + 0.7 = 1.1.
        Assert.Equal(0, Vote([0.6f], [0.3f]));
        // 0.9 and 0.2: class 1 sums 1.1, class 0 sums 0.1 + 0.8 = 0.9.
        Assert.Equal(1, Vote([0.2f], [0.9f]));
        var vote = new PluralityVote(1);
        Assert.Equal(2, vote.ClassCount);
        Assert.Equal(1, vote.Cast([0.5f])); // fires at ½, as Prediction.Answer says
    }

    [Fact]
    public void One_voter_is_never_tied_and_no_voter_is_no_vote()
    {
        var vote = new PluralityVote(4);
        Assert.Throws<InvalidOperationException>(() => vote.Winner(out _));
        vote.Cast([0.1f, 0.2f, 0.9f, 0.3f]);
        Assert.Equal(2, vote.Winner(out bool tied));
        Assert.False(tied);
        vote.Clear();
        Assert.Equal(0, vote.Voters);
        Assert.Throws<ArgumentException>(() => vote.Cast([0.1f, 0.2f]));
    }

    [Fact]
    public void Two_right_networks_outvote_a_wrong_one_and_each_is_counted_as_it_is_alone()
    {
        ImageSet data = OneBright(1001, 4);
        Network right = Brightest(4), alsoRight = Brightest(4), alwaysThree = Constant(4, -3, -3, -3, 3);
        using var ensemble = new Ensemble([right, alwaysThree, alsoRight]);
        EnsembleResult result = ensemble.Evaluate(data);

        Assert.Equal(data.Count, result.Correct);
        Assert.Equal(data.Count, result.Total);
        Assert.Equal(0, result.Ties);
        Assert.Equal(250, result.Unanimous); // the images labelled 3: 1001 images, labels 0..3 in turn
        Assert.Equal(3, result.Members.Count);
        Assert.Equal(250, result.Members[1].Correct);
        for (int i = 0; i < 3; i++)
        {
            EvaluationResult alone = Evaluator.Evaluate(ensemble.Members[i], data);
            Assert.Equal(alone.Correct, result.Members[i].Correct);
            AssertSameCounts(alone.Confusion!, result.Members[i].Confusion!);
        }

        Prediction first = ensemble.Predict(data).First();
        Assert.Equal(0, first.Predicted);
        Assert.Equal(2, first.Votes);
        Assert.Equal([2, 0, 0, 1], first.VoteCounts!);
        Assert.Equal([0, 3, 0], first.MemberAnswers!);
        Assert.True(first.IsCorrect);
    }

    [Fact]
    public void Tied_networks_are_decided_by_their_summed_outputs_through_the_whole_ensemble()
    {
        ImageSet data = OneBright(37, 3);
        Network unsureOf0 = Constant(3, 1, 0, -3), sureOf1 = Constant(3, -3, 3, -3);
        foreach (Network[] order in new[] { new[] { unsureOf0, sureOf1 }, [sureOf1, unsureOf0] })
        {
            using var ensemble = new Ensemble(order);
            EnsembleResult result = ensemble.Evaluate(data);
            Assert.Equal(data.Count, result.Ties);
            Assert.Equal(Enumerable.Range(0, data.Count).Count(i => data.GetLabel(i) == 1), result.Correct);
            Assert.All(ensemble.Predict(data), p => Assert.Equal(1, p.Predicted));
        }

        // Equal sums, σ(−1) + σ(1) each: the lowest class, although the first network answered 1.
        using var even = new Ensemble([Constant(3, -1, 1, -5), Constant(3, 1, -1, -5)]);
        Assert.All(even.Predict(data), p => Assert.Equal(0, p.Predicted));
        Assert.Equal([1, 0], even.Predict(data).First().MemberAnswers!);
    }

    [Fact]
    public void A_votes_outputs_are_the_networks_mean_and_its_votes_are_counted()
    {
        Network a = Constant(2, 2, -1, 0), b = Constant(2, -2, 1, 3), c = Constant(2, 0, 4, -1);
        using var ensemble = new Ensemble([a, b, c]);
        Prediction vote = ensemble.Predict([1f, 0f]);
        float[][] outputs = [a.FeedForward([1f, 0f]), b.FeedForward([1f, 0f]), c.FeedForward([1f, 0f])];
        Assert.Equal(Enumerable.Range(0, 3).Select(j => (float)(outputs.Sum(o => (double)o[j]) / 3)), vote.Outputs);
        Assert.Equal([0, 2, 1], vote.MemberAnswers!);
        Assert.Equal([1, 1, 1], vote.VoteCounts!);
        Assert.Equal(1, vote.Predicted); // three ways tied: σ(−1) + σ(1) + σ(4) is the largest sum
        Assert.Equal(1, vote.Votes);
        Assert.Null(vote.Label);
        Assert.Equal("(1, 0) -> 1 (1 of 3 votes)", vote.ToString());
    }

    [Fact]
    public void One_network_is_the_same_as_the_evaluator()
    {
        ImageSet test = TrainingTests.QuadrantImages(1234, 2); // not a multiple of the evaluation chunk
        Network network = Network.CreateGaussian([16, 6, 4], seed: 9);
        EvaluationResult alone = Evaluator.Evaluate(network, test);
        using var ensemble = new Ensemble([network]);
        EnsembleResult result = ensemble.Evaluate(test);
        Assert.Equal(alone.Correct, result.Correct);
        Assert.Equal(0, result.Ties);
        Assert.Equal(test.Count, result.Unanimous);
        AssertSameCounts(alone.Confusion!, result.Confusion);
        AssertSameCounts(alone.Confusion!, result.Members[0].Confusion!);

        using var evaluator = new Evaluator(network);
        foreach ((Prediction single, Prediction voted) in evaluator.Predict(test).Zip(ensemble.Predict(test)))
        {
            Assert.Equal(single.Predicted, voted.Predicted);
            Assert.Equal(single.Outputs, voted.Outputs); // the mean of one network's outputs is its outputs, bit for bit
            Assert.Equal(single.Index, voted.Index);
            Assert.Equal(1, voted.Votes);
        }
    }

    [Fact]
    public void The_vote_is_a_recount_of_each_networks_own_answers_by_the_rule()
    {
        ImageSet training = TrainingTests.QuadrantImages(600, 11), test = TrainingTests.QuadrantImages(777, 12);
        Network[] members = [Trained([16, 3, 4], 1), Trained([16, 5, 4], 2), Network.CreateGaussian([16, 4], seed: 3), Trained([16, 2, 4], 4)];
        using var ensemble = new Ensemble(members);
        EnsembleResult result = ensemble.Evaluate(test);

        int correct = 0, ties = 0;
        var confusion = new int[4, 4];
        for (int i = 0; i < test.Count; i++)
        {
            // The rule written out naively: the votes, then the summed outputs, then the lowest class.
            float[][] outputs = members.Select(m => m.FeedForward(test.GetImage(i))).ToArray();
            int[] counts = new int[4];
            foreach (float[] o in outputs)
            {
                counts[Array.IndexOf(o, o.Max())]++;
            }

            int[] tiedClasses = Enumerable.Range(0, 4).Where(c => counts[c] == counts.Max()).ToArray();
            int winner = tiedClasses.OrderByDescending(c => outputs.Sum(o => (double)o[c])).ThenBy(c => c).First();
            ties += tiedClasses.Length > 1 ? 1 : 0;
            correct += winner == test.GetLabel(i) ? 1 : 0;
            confusion[test.GetLabel(i), winner]++;
        }

        Assert.Equal(correct, result.Correct);
        Assert.Equal(ties, result.Ties);
        Assert.True(ties > 0, "four networks, some weak: some images should be ties");
        Assert.Equal(test.Count, result.Confusion.Classes.Sum(c => c.Total));
        for (int actual = 0; actual < 4; actual++)
        {
            for (int predicted = 0; predicted < 4; predicted++)
            {
                Assert.Equal(confusion[actual, predicted], result.Confusion[actual, predicted]);
            }
        }

        for (int m = 0; m < members.Length; m++)
        {
            Assert.Equal(Evaluator.Evaluate(members[m], test).Correct, result.Members[m].Correct);
        }

        // The set's votes, a sample's and an input's agree.
        List<Prediction> votes = ensemble.Predict(test).ToList();
        Assert.Equal(result.Correct, votes.Count(p => p.IsCorrect == true));
        foreach (int i in new[] { 0, 499, 500, 776 })
        {
            Assert.Equal(votes[i].Predicted, ensemble.Predict(test.GetSample(i)).Predicted);
            Assert.Equal(votes[i].Predicted, ensemble.Predict(test.GetImage(i)).Predicted);
            Assert.Equal(votes[i].MemberAnswers, members.Select(m => m.Predict(test.GetImage(i))));
            Assert.Equal(test.GetLabel(i), ensemble.Predict(test.GetSample(i)).Label);
        }

        Network Trained(int[] sizes, int seed)
        {
            Network network = Network.CreateGaussian(sizes, seed);
            new SgdTrainer(network, new SgdOptions { Epochs = 1, MiniBatchSize = 10, LearningRate = 1f, Seed = seed }).Train(training).ToList();
            return network;
        }
    }

    [Theory]
    [InlineData(new[] { 3, 5 }, "Network 2 of 2, [3, 5], takes 3 inputs and has 5 outputs, but network 1, [3, 4], takes 3 inputs and has 4 outputs")]
    [InlineData(new[] { 2, 4 }, "Network 2 of 2, [2, 4], takes 2 inputs and has 4 outputs")]
    public void Networks_of_other_input_or_output_sizes_are_refused_naming_which(int[] other, string expected)
    {
        var ex = Assert.Throws<NndlException>(() => new Ensemble([new Network([3, 4]), new Network(other)]));
        Assert.Equal("EnsembleShapeMismatch", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains(expected, ex.Message);
        Assert.Contains("Leave network 2 out", ex.Message);
        using var hiddenDiffers = new Ensemble([new Network([3, 4]), new Network([3, 7, 4])]); // hidden layers may differ
        Assert.Equal(2, hiddenDiffers.Members.Count);
    }

    [Fact]
    public void A_convolutional_and_fully_connected_ensemble_walks_the_set_together_and_allocates_nothing_per_image()
    {
        // Evaluators of other chunk sizes (100 images for a convolutional network, 500 for the others): the vote must
        // still pair each image's answers, across every chunk edge (777 images).
        ImageSet test = TrainingTests.QuadrantImages(777, 12);
        Network[] members =
        [
            Network.Create(new ImageShape(1, 4, 4), [new ConvPoolLayerDesign(3, 3, 1, ActivationKind.ReLU), new SoftmaxLayerDesign(4)], seed: 5),
            Network.CreateGaussian([16, 5, 4], seed: 6),
            Network.Create(new ImageShape(1, 4, 4), [new ConvPoolLayerDesign(2, 2, 2, ActivationKind.Tanh), new FullyConnectedLayerDesign(3, ActivationKind.Sigmoid), new SoftmaxLayerDesign(4)], seed: 7),
        ];
        using var ensemble = new Ensemble(members, threads: 1);
        EnsembleResult result = ensemble.Evaluate(test);

        List<Prediction> votes = ensemble.Predict(test).ToList();
        Assert.Equal(votes.Count(p => p.IsCorrect == true), result.Correct);
        for (int m = 0; m < members.Length; m++)
        {
            EvaluationResult alone = Evaluator.Evaluate(members[m], test);
            Assert.Equal(alone.Correct, result.Members[m].Correct);
            AssertSameCounts(alone.Confusion!, result.Members[m].Confusion!);
            Assert.Equal(Enumerable.Range(0, test.Count).Select(i => members[m].Predict(test.GetImage(i))), votes.Select(v => v.MemberAnswers![m]));
        }

        // Once the evaluators exist, an evaluation allocates its confusion counts and results: a few kilobytes, never
        // an object per image per network (a Prediction each was 2,331 objects, over 200 KB, here).
        long before = GC.GetAllocatedBytesForCurrentThread();
        ensemble.Evaluate(test);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 16 * 1024, $"an ensemble's evaluation allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_convolutional_ensemble_of_other_class_counts_is_advised_in_layers_not_sizes()
    {
        LayerDesign conv = new ConvPoolLayerDesign(2, 5, 2, ActivationKind.ReLU);
        var ex = Assert.Throws<NndlException>(() => new Ensemble([
            Network.Create(new ImageShape(1, 28, 28), [conv, new SoftmaxLayerDesign(10)], seed: 1),
            Network.Create(new ImageShape(1, 28, 28), [conv, new SoftmaxLayerDesign(3)], seed: 2)]));
        Assert.Equal("EnsembleShapeMismatch", ex.ErrorId);
        Assert.Contains("New-Network -InputShape 1,28,28 -Layers", ex.Message);
        Assert.DoesNotContain("-Sizes", ex.Message);
    }

    // Hostile pass: a convolutional network of 1x14x56 and one of 1x28x28 both take 784 numbers, so they were let vote on
    // one raw input (Invoke-Network -InputObject), each reading it as another image: a vote over two different pictures.
    [Fact]
    public void Convolutional_networks_of_other_image_shapes_are_refused_though_their_input_sizes_match()
    {
        LayerDesign[] layers = [new ConvPoolLayerDesign(2, 5, 2, ActivationKind.ReLU), new SoftmaxLayerDesign(10)];
        Network square = Network.Create(new ImageShape(1, 28, 28), layers, seed: 1);
        Network wide = Network.Create(new ImageShape(1, 14, 56), layers, seed: 1);
        Assert.Equal(square.InputSize, wide.InputSize);

        var ex = Assert.Throws<NndlException>(() => new Ensemble([square, new Network([784, 10]), wide]));

        Assert.Equal("EnsembleShapeMismatch", ex.ErrorId);
        Assert.Contains("Network 3 of 3", ex.Message);
        Assert.Contains("1x14x56", ex.Message);
        Assert.Contains("1x28x28", ex.Message);
        // A fully connected network reads the same 784 numbers whatever shape it was made with; it votes beside either.
        using var mixed = new Ensemble([square, new Network([784, 10]), Network.Create(new ImageShape(1, 14, 56), [new SoftmaxLayerDesign(10)], seed: 1)]);
        using var same = new Ensemble([square, Network.Create(new ImageShape(1, 28, 28), layers, seed: 2)]);
        Assert.Equal(3, mixed.Members.Count);
    }

    [Fact]
    public void Networks_that_do_not_fit_the_data_are_refused_all_named()
    {
        using var ensemble = new Ensemble([new Network([3, 4]), new Network([3, 6, 4])]);
        ImageSet quadrants = TrainingTests.QuadrantImages(10, 1);
        var ex = Assert.Throws<NndlException>(() => ensemble.Evaluate(quadrants));
        Assert.Equal("NetworkShapeMismatch", ex.ErrorId);
        Assert.StartsWith("The 2 networks ([3, 4], [3, 6, 4]) do not fit the Quadrants data", ex.Message);
        Assert.Contains("each network needs 16 inputs and 4 outputs", ex.Message);
        Assert.Equal("NetworkShapeMismatch", Assert.Throws<NndlException>(() => ensemble.Predict(quadrants)).ErrorId); // eagerly, not when enumerated
        Assert.Equal("InputSizeMismatch", Assert.Throws<NndlException>(() => ensemble.Predict(new float[16])).ErrorId);
        Assert.Throws<ArgumentException>(() => new Ensemble([]));
    }

    [Fact]
    public void A_cancelled_evaluation_stops()
    {
        using var ensemble = new Ensemble([Brightest(4), Brightest(4, 1)]);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => ensemble.Evaluate(OneBright(2000, 4), cancelled.Token));
    }

    [Fact]
    public void A_network_answering_NaN_is_refused_as_it_is_alone()
    {
        Network broken = Brightest(4);
        broken.Layers[0].Biases[0] = float.NaN;
        using var ensemble = new Ensemble([Brightest(4), broken]);
        Assert.Equal("NetworkOutputNotFinite", Assert.Throws<NndlException>(() => ensemble.Evaluate(OneBright(10, 4))).ErrorId);
    }

    private static void AssertSameCounts(ConfusionMatrix expected, ConfusionMatrix actual)
    {
        Assert.Equal(expected.ClassCount, actual.ClassCount);
        for (int a = 0; a < expected.ClassCount; a++)
        {
            for (int p = 0; p < expected.ClassCount; p++)
            {
                Assert.Equal(expected[a, p], actual[a, p]);
            }
        }
    }
}
