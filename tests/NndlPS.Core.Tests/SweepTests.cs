namespace NndlPS.Core.Tests;

/// <summary>Sweeps: the grid's enumeration and shards, results equal to serial runs, cancellation, lanes that drop out.</summary>
public class SweepTests
{
    private static MnistDataset Quadrants(int training = 300) => new("Quadrants", TrainingTests.QuadrantImages(training, 1),
        TrainingTests.QuadrantImages(60, 2), TrainingTests.QuadrantImages(100, 3), "generated");

    private static SweepPlan Plan(int epochs = 3, params int[] seeds) => SweepPlan.Create(
        [
            new("LearningRate", [0.5f, 3f]),
            new("Sizes", [new[] { 16, 8, 4 }, new[] { 16, 5, 4 }]),
            new("MiniBatchSize", [10, 7]),
        ],
        seeds.Length == 0 ? [1, 2] : seeds, new SgdOptions { Epochs = epochs }, new NetworkDesign(), 16, 4);

    private static ISweepLane[] LocalLanes(MnistDataset data, int count) =>
        Enumerable.Range(0, count).Select(_ => (ISweepLane)new LocalSweepLane(data)).ToArray();

    /// <summary>The run trained alone, as New-Network -Seed s then Invoke-SgdTraining -Seed s do (all cores).</summary>
    private static (Network Network, int?[] Correct) Serial(MnistDataset data, SweepRunSpec run)
    {
        Network network = Network.Create(run.Sizes, run.Design, run.Seed);
        using var trainer = new SgdTrainer(network, run.Options with { Seed = run.Seed });
        int?[] correct = trainer.Train(data).Select(e => e.Correct).ToArray();
        return (network, correct);
    }

    [Fact]
    public void Runs_are_enumerated_in_the_catalogue_order_whatever_order_the_grid_was_typed_in()
    {
        IReadOnlyList<SweepRunSpec> runs = Plan(seeds: [1, 2]).Runs;
        Assert.Equal(16, runs.Count);
        Assert.Equal(Enumerable.Range(0, 16), runs.Select(r => r.Index));
        // Sizes slowest, then MiniBatchSize, then LearningRate, the seed fastest.
        Assert.Equal(["Sizes", "MiniBatchSize", "LearningRate"], runs[0].Settings.Select(s => s.Key));
        Assert.Equal("Run 0: Sizes 16,8,4, MiniBatchSize 10, LearningRate 0.5, Seed 1", runs[0].ToString());
        Assert.Equal("Run 1: Sizes 16,8,4, MiniBatchSize 10, LearningRate 0.5, Seed 2", runs[1].ToString());
        Assert.Equal("Run 2: Sizes 16,8,4, MiniBatchSize 10, LearningRate 3, Seed 1", runs[2].ToString());
        Assert.Equal("Run 4: Sizes 16,8,4, MiniBatchSize 7, LearningRate 0.5, Seed 1", runs[4].ToString());
        Assert.Equal("Run 8: Sizes 16,5,4, MiniBatchSize 10, LearningRate 0.5, Seed 1", runs[8].ToString());
        Assert.Equal(7, runs[6].Options.MiniBatchSize);
        Assert.Equal(3f, runs[6].Options.LearningRate);
        Assert.Equal([16, 8, 4], runs[6].Sizes);
        Assert.Equal(3, runs[6].Options.Epochs); // from the baseline
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(17)]
    public void Shards_partition_the_runs(int count)
    {
        SweepPlan plan = Plan(seeds: [1, 2]);
        var seen = new List<int>();
        for (int shard = 0; shard < count; shard++)
        {
            IReadOnlyList<SweepRunSpec> runs = plan.Shard(shard, count);
            Assert.All(runs, run => Assert.Equal(shard, run.Index % count));
            seen.AddRange(runs.Select(run => run.Index));
        }

        Assert.Equal(Enumerable.Range(0, plan.Runs.Count), seen.Order()); // every run in exactly one shard
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(-1, 2)]
    [InlineData(0, 0)]
    public void A_shard_that_does_not_exist_is_refused(int index, int count)
    {
        var ex = Assert.Throws<NndlException>(() => Plan().Shard(index, count));
        Assert.Equal("SweepShardInvalid", ex.ErrorId);
    }

    [Theory]
    [InlineData("LearningRat", "SweepGridKeyUnknown", "LearningRate")]
    [InlineData("Seed", "SweepGridKeyUnknown", "-Seed")]
    [InlineData("Threads", "SweepGridKeyUnknown", "ThrottleLimit")]
    public void Unknown_grid_keys_are_refused_with_the_keys_there_are(string key, string errorId, string hint)
    {
        var ex = Assert.Throws<NndlException>(() => SweepPlan.Create([new(key, [1])], [1], new SgdOptions(), new NetworkDesign(), 16, 4));
        Assert.Equal(errorId, ex.ErrorId);
        Assert.Contains(hint, ex.Message);
    }

    [Theory]
    [InlineData("784,30,10", new[] { 784, 30, 10 })]
    [InlineData("784-100-10", new[] { 784, 100, 10 })]
    [InlineData(" 16, 8 ,4 ", new[] { 16, 8, 4 })]
    public void Sizes_written_as_text_are_parsed(string text, int[] expected) => Assert.Equal(expected, SweepSetting.ParseSizes(text));

    [Theory]
    [InlineData("784,thirty,10")]
    [InlineData("784,,10")]
    [InlineData("784;30;10")]
    [InlineData("1e3,10")]
    public void Sizes_text_that_is_not_sizes_is_refused(string text) =>
        Assert.Equal("SweepGridValueInvalid", Assert.Throws<NndlException>(() => SweepSetting.ParseSizes(text)).ErrorId);

    [Fact]
    public void A_null_or_unconverted_grid_value_is_refused_not_trained_as_zero()
    {
        var nullValue = Assert.Throws<NndlException>(() => SweepPlan.Create([new("LearningRate", [1f, null!])], [1], new SgdOptions(), new NetworkDesign(), 16, 4));
        Assert.Equal(("SweepGridValueInvalid", "LearningRate"), (nullValue.ErrorId, nullValue.Target));
        Assert.Contains("$null", nullValue.Message);
        var text = Assert.Throws<NndlException>(() => SweepPlan.Create([new("Sizes", ["784,30,10"])], [1], new SgdOptions(), new NetworkDesign(), 16, 4));
        Assert.Equal("SweepGridValueInvalid", text.ErrorId);
    }

    // LearningRate = 0.1, 0.1000000001 are one float, and the same value twice is one value: either made one run of
    // the two, silently.
    [Fact]
    public void Two_values_of_a_key_that_a_run_keeps_alike_are_refused_naming_both_as_given()
    {
        SweepSetting eta = SweepSetting.Get("LearningRate");
        var oneFloat = Assert.Throws<NndlException>(() => SweepPlan.Create([new("LearningRate", [eta.Keep(0.1), eta.Keep(0.1000000001)])], [1], new SgdOptions(), new NetworkDesign(), 16, 4));
        Assert.Equal(("SweepGridValueRepeated", NndlErrorKind.InvalidArgument, "LearningRate"), (oneFloat.ErrorId, oneFloat.Kind, oneFloat.Target));
        Assert.StartsWith("The grid's LearningRate gives 0.1 and 0.1000000001, which are one float as training keeps them (0.1), so they would train the same network", oneFloat.Message);

        var twice = Assert.Throws<NndlException>(() => SweepPlan.Create([new("Sizes", [new[] { 16, 8, 4 }, new[] { 16, 5, 4 }, new[] { 16, 8, 4 }])], [1], new SgdOptions(), new NetworkDesign(), 16, 4));
        Assert.Equal("SweepGridValueRepeated", twice.ErrorId);
        Assert.StartsWith("The grid's Sizes gives 16,8,4 twice", twice.Message);

        // Values that differ as floats are a run each, trained with their floats and shown as those.
        SweepPlan plan = SweepPlan.Create([new("LearningRate", [eta.Keep(0.1), eta.Keep(0.10000001)])], [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        Assert.Equal([0.1f, 0.10000001f], plan.Runs.Select(run => run.Options.LearningRate));
        Assert.Equal("Run 1: LearningRate 0.10000001, Seed 1", plan.Runs[1].ToString());
    }

    // A floor of 2.99999999 is 3 as a float, not below η 3: the run's refusal quoted the floats ("got 3"), a floor never
    // typed, where Invoke-SgdTraining quotes it as given.
    [Fact]
    public void A_runs_floor_not_below_eta_as_floats_is_quoted_as_given()
    {
        MnistDataset data = Quadrants();
        SweepSetting eta = SweepSetting.Get("LearningRate"), floor = SweepSetting.Get("MinimumLearningRate");
        KeyValuePair<string, IReadOnlyList<object>> halving = new("LearningRateSchedule", [LearningRateSchedule.HalveOnPlateau]);
        SweepPlan given = SweepPlan.Create([new("LearningRate", [eta.Keep(3.0)]), halving, new("MinimumLearningRate", [floor.Keep(0.01), floor.Keep(2.99999999)])],
            [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        var ex = Assert.Throws<NndlException>(() => SweepPlan.Validate(given.Runs, data.Training));
        Assert.Equal("InvalidMinimumLearningRate", ex.ErrorId);
        Assert.Equal("Run 1: LearningRate 3, LearningRateSchedule HalveOnPlateau, MinimumLearningRate 3, Seed 1: The minimum learning rate must be positive and below the learning rate 3, " +
            "as the floats training keeps; got 2.99999999 (3 as a float). Give a floor below η, e.g. η/100.", ex.Message);

        // η left out of the grid is the default, and said to be, as Invoke-SgdTraining says it.
        SweepPlan byDefault = SweepPlan.Create([halving, new("MinimumLearningRate", [floor.Keep(2.99999999)])], [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        Assert.Contains("below the learning rate 3 (the default η), as the floats training keeps; got 2.99999999 (3 as a float).",
            Assert.Throws<NndlException>(() => SweepPlan.Validate(byDefault.Runs, data.Training)).Message);
    }

    // An empty Training set (or an empty Validation set where a run stops early or halves η) failed every run alike,
    // each a non-terminating SweepRunFailed; an empty Test set was already refused before any run.
    [Fact]
    public void A_dataset_no_run_can_train_on_is_refused_before_any_run_starts()
    {
        MnistDataset data = Quadrants();
        ImageSet empty = data.Test.Slice("Empty", 0, 0);
        SweepPlan plain = SweepPlan.Create([new("LearningRate", [0.5f, 3f])], [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        SweepPlan stopping = SweepPlan.Create([new("EarlyStopping", [2])], [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        SweepPlan halving = SweepPlan.Create([new("LearningRateSchedule", [LearningRateSchedule.Constant, LearningRateSchedule.HalveOnPlateau])], [1],
            new SgdOptions(), new NetworkDesign(), 16, 4);

        var training = Assert.Throws<NndlException>(() => SweepPlan.RequireScorable(new MnistDataset("x", empty, data.Validation, data.Test, "generated"), plain.Runs));
        var validation = Assert.Throws<NndlException>(() => SweepPlan.RequireScorable(new MnistDataset("x", data.Training, empty, data.Test, "generated"), stopping.Runs));
        var halved = Assert.Throws<NndlException>(() => SweepPlan.RequireScorable(new MnistDataset("x", data.Training, empty, data.Test, "generated"), halving.Runs));
        var test = Assert.Throws<NndlException>(() => SweepPlan.RequireScorable(new MnistDataset("x", data.Training, data.Validation, empty, "generated"), plain.Runs));

        Assert.Equal("TrainingDataEmpty", training.ErrorId);
        Assert.Equal("ValidationDataRequired", validation.ErrorId);
        Assert.StartsWith("Run 0: EarlyStopping 2", validation.Message);
        Assert.DoesNotContain("-ValidationData", validation.Message); // a sweep has no such parameter
        Assert.Contains("Pipe a dataset whose Validation set is not empty", validation.Message);
        Assert.Equal("ValidationDataRequired", halved.ErrorId);
        Assert.StartsWith("Run 1: LearningRateSchedule HalveOnPlateau", halved.Message);
        Assert.Equal("EvaluationDataEmpty", test.ErrorId);
        // Runs that never read the validation set do not need one.
        SweepPlan.RequireScorable(new MnistDataset("x", data.Training, empty, data.Test, "generated"), plain.Runs);
    }

    [Fact]
    public void Bad_combinations_fail_before_any_run_starts_naming_the_run()
    {
        MnistDataset data = Quadrants();
        SweepPlan softmax = SweepPlan.Create([new("Activation", [ActivationKind.Sigmoid, ActivationKind.Softmax])], [1],
            new SgdOptions(), new NetworkDesign(), 16, 4);
        var ex = Assert.Throws<NndlException>(() => SweepPlan.Validate(softmax.Runs, data.Training));
        Assert.Equal("SoftmaxOnlyOnOutput", ex.ErrorId);
        Assert.StartsWith("Run 1: Activation Softmax", ex.Message);

        SweepPlan sizes = SweepPlan.Create([new("Sizes", [new[] { 16, 4 }, new[] { 784, 30, 10 }])], [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        Assert.Equal("NetworkShapeMismatch", Assert.Throws<NndlException>(() => SweepPlan.Validate(sizes.Runs, data.Training)).ErrorId);

        SweepPlan eta = SweepPlan.Create([new("LearningRate", [1f, -1f])], [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        Assert.Equal("InvalidLearningRate", Assert.Throws<NndlException>(() => SweepPlan.Validate(eta.Runs, data.Training)).ErrorId);

        // Comparing schedules crosses Patience with Constant too: those runs drop it and are trained once, not per value.
        SweepPlan patience = SweepPlan.Create([new("LearningRateSchedule", [LearningRateSchedule.HalveOnPlateau, LearningRateSchedule.Constant]), new("Patience", [2, 4])],
            [1], new SgdOptions(), new NetworkDesign(), 16, 4);
        SweepPlan.Validate(patience.Runs, data.Training);
        Assert.Equal(["Run 0: LearningRateSchedule HalveOnPlateau, Patience 2, Seed 1", "Run 1: LearningRateSchedule HalveOnPlateau, Patience 4, Seed 1", "Run 2: LearningRateSchedule Constant, Seed 1"],
            patience.Runs.Select(run => run.ToString()));
        Assert.Null(patience.Runs[2].Options.Patience);

        // Only when no run has the schedule does Patience do nothing, and the sweep is refused as Invoke-SgdTraining refuses it.
        var noEffect = Assert.Throws<NndlException>(() => SweepPlan.Create([new("Patience", [2, 4])], [1], new SgdOptions(), new NetworkDesign(), 16, 4));
        Assert.Equal("ParameterHasNoEffect", noEffect.ErrorId);
        Assert.Equal("Patience", noEffect.Target);
        Assert.Equal("ParameterHasNoEffect", Assert.Throws<NndlException>(() =>
            SweepPlan.Create([new("LearningRate", [1f, 3f])], [1], new SgdOptions { MinimumLearningRate = 0.01f }, new NetworkDesign(), 16, 4)).ErrorId);

        // Every run's sizes are bounded before any run starts, in 64 bits (these once wrapped around to a small count).
        SweepPlan huge = SweepPlan.Create([new("Sizes", [new[] { 16, 8, 4 }, new[] { 16, int.MaxValue, int.MaxValue, int.MaxValue, 4 }])], [1],
            new SgdOptions(), new NetworkDesign(), 16, 4);
        var tooLarge = Assert.Throws<NndlException>(() => SweepPlan.Validate(huge.Runs, data.Training));
        Assert.Equal("NetworkTooLarge", tooLarge.ErrorId);
        Assert.StartsWith("Run 1:", tooLarge.Message);
    }

    [Fact]
    public void A_sweep_on_several_threads_gives_each_run_bit_for_bit_what_it_gives_alone()
    {
        MnistDataset data = Quadrants();
        SweepPlan plan = Plan(epochs: 3, seeds: [1, 2]);
        var sweep = new SgdSweep(plan.Runs, LocalLanes(data, 3));
        List<SweepResult> results = sweep.Run().ToList();

        Assert.Equal(plan.Runs.Count, results.Count);
        Assert.Equal(Enumerable.Range(0, plan.Runs.Count), results.Select(r => r.Index).Order());
        Assert.Equal(0, sweep.LiveWorkers);
        foreach (SweepResult result in results)
        {
            Assert.Null(result.Error);
            (Network alone, int?[] correct) = Serial(data, result.Run);
            Assert.Equal(correct, result.EpochResults.Select(e => e.Correct));
            AssertSameParameters(alone, result.Network!);
            Assert.Equal(correct.Max() / 100.0, result.BestAccuracy);
            Assert.Equal(Array.IndexOf(correct, correct.Max()), result.BestEpoch);
            Assert.Equal(correct[^1] / 100.0, result.LastAccuracy);
        }

        // Something was learned, and the runs differ: the comparison above compares something.
        Assert.True(results.Max(r => r.BestAccuracy) > 0.9);
        Assert.True(results.Select(r => r.Network!.Layers[0].Weights[0]).Distinct().Count() > 1);
    }

    [Fact]
    public void Cancelling_stops_every_run_and_every_worker()
    {
        MnistDataset data = Quadrants(training: 20_000);
        SweepPlan plan = Plan(epochs: 1000, seeds: [1, 2]);
        var sweep = new SgdSweep(plan.Runs, LocalLanes(data, 2));
        using var cancel = new CancellationTokenSource();
        int running = 0;
        var progress = new Inline(p =>
        {
            running = Math.Max(running, p.Running);
            if (p.Running == 2)
            {
                cancel.Cancel(); // both lanes are in the middle of a run (1000 epochs each)
            }
        });

        var results = new List<SweepResult>();
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (SweepResult result in sweep.Run(progress, cancel.Token))
            {
                results.Add(result);
            }
        });
        Assert.Equal(2, running);
        Assert.Empty(results);
        Assert.Equal(0, sweep.LiveWorkers); // every lane's training ended before Run returned
    }

    [Fact]
    public void Abandoning_the_enumeration_stops_every_worker()
    {
        MnistDataset data = Quadrants();
        var sweep = new SgdSweep(Plan(epochs: 200, seeds: [1, 2]).Runs, LocalLanes(data, 2));
        SweepResult first = sweep.Run().First();
        Assert.NotNull(first.Network);
        Assert.Equal(0, sweep.LiveWorkers);
    }

    [Fact]
    public void A_lane_that_drops_out_has_its_run_retried_on_another_and_says_so()
    {
        MnistDataset data = Quadrants();
        SweepPlan plan = Plan(epochs: 2, seeds: [1]);
        var dropping = new DroppingLane(new LocalSweepLane(data), failOnCall: 2);
        var sweep = new SgdSweep(plan.Runs, [dropping, new LocalSweepLane(data)]);
        var notices = new List<string>();
        List<SweepResult> results = sweep.Run(new Inline(p => { if (p.Notice is string n) { notices.Add(n); } })).ToList();

        Assert.Equal(plan.Runs.Count, results.Count);
        Assert.Equal(Enumerable.Range(0, plan.Runs.Count), results.Select(r => r.Index).Order());
        Assert.Equal(2, dropping.Calls);
        string notice = Assert.Single(notices);
        Assert.Contains("dropping lane dropped out (connection reset)", notice);
        Assert.Contains($"run {dropping.LostRun} goes back", notice);
        SweepResult retried = results.Single(r => r.Index == dropping.LostRun);
        Assert.Equal(Environment.MachineName, retried.RanOn);
        AssertSameParameters(Serial(data, retried.Run).Network, retried.Network!);
    }

    [Fact]
    public void When_every_lane_drops_out_the_sweep_fails_saying_so()
    {
        MnistDataset data = Quadrants();
        SweepPlan plan = Plan(epochs: 1, seeds: [1]);
        var sweep = new SgdSweep(plan.Runs, [new DroppingLane(new LocalSweepLane(data), failOnCall: 2), new DroppingLane(new LocalSweepLane(data), failOnCall: 1)]);
        var ex = Assert.Throws<NndlException>(() => sweep.Run().ToList());
        Assert.Equal("SweepLanesLost", ex.ErrorId);
        Assert.Equal(0, sweep.LiveWorkers);
    }

    [Fact]
    public void A_run_that_fails_is_reported_and_the_others_go_on()
    {
        MnistDataset data = Quadrants();
        SweepPlan plan = Plan(epochs: 1, seeds: [1]);
        var sweep = new SgdSweep(plan.Runs, [new FailingLane(new LocalSweepLane(data), failIndex: 3)]);
        List<SweepResult> results = sweep.Run().ToList();
        Assert.Equal(plan.Runs.Count, results.Count);
        SweepResult failed = Assert.Single(results, r => r.Error is not null);
        Assert.Equal(3, failed.Index);
        Assert.Null(failed.Network);
        Assert.All(results.Where(r => r.Index != 3), r => Assert.NotNull(r.Network));
    }

    public enum SweepEnding { Finished, RunFailed, LaneLost, Cancelled, Abandoned }

    /// <summary>What a lane sets up (a remote session's data) is released once, after its last run, before Run returns: however the sweep ends.</summary>
    [Theory]
    [InlineData(SweepEnding.Finished)]
    [InlineData(SweepEnding.RunFailed)]
    [InlineData(SweepEnding.LaneLost)]
    [InlineData(SweepEnding.Cancelled)]
    [InlineData(SweepEnding.Abandoned)]
    public void Every_lane_is_released_once_however_the_sweep_ends(SweepEnding ending)
    {
        MnistDataset data = Quadrants();
        SweepPlan plan = Plan(epochs: ending == SweepEnding.Cancelled ? 1000 : 1, seeds: [1]);
        ISweepLane Inner() => ending switch
        {
            SweepEnding.RunFailed => new FailingLane(new LocalSweepLane(data), failIndex: 3),
            SweepEnding.LaneLost => new DroppingLane(new LocalSweepLane(data), failOnCall: 2),
            _ => new LocalSweepLane(data),
        };
        var lanes = new[] { new ReleasingLane(Inner()), new ReleasingLane(Inner()) };
        var sweep = new SgdSweep(plan.Runs, lanes);
        using var cancel = new CancellationTokenSource();
        var progress = new Inline(p =>
        {
            if (ending == SweepEnding.Cancelled && p.Running == 2)
            {
                cancel.Cancel();
            }
        });

        Action run = ending switch
        {
            SweepEnding.Cancelled => () => Assert.ThrowsAny<OperationCanceledException>(() => sweep.Run(progress, cancel.Token).ToList()),
            SweepEnding.Abandoned => () => sweep.Run().First(),
            SweepEnding.LaneLost => () => Assert.Equal("SweepLanesLost", Assert.Throws<NndlException>(() => sweep.Run().ToList()).ErrorId),
            _ => () => sweep.Run().ToList(),
        };
        run();

        Assert.All(lanes, lane =>
        {
            Assert.Equal(1, lane.Releases);
            Assert.False(lane.TrainedAfterRelease);
        });
    }

    [Fact]
    public void A_lane_that_cannot_release_says_so_and_the_sweep_still_ends()
    {
        MnistDataset data = Quadrants();
        SweepPlan plan = Plan(epochs: 1, seeds: [1]);
        var sweep = new SgdSweep(plan.Runs, [new ReleasingLane(new LocalSweepLane(data), failRelease: true)]);
        var notices = new List<string>();
        List<SweepResult> results = sweep.Run(new Inline(p => { if (p.Notice is string n) { notices.Add(n); } })).ToList();
        Assert.Equal(plan.Runs.Count, results.Count);
        Assert.Contains("could not release what the sweep left there: the session did not answer", Assert.Single(notices));
    }

    private sealed class ReleasingLane(ISweepLane inner, bool failRelease = false) : ISweepLane
    {
        public int Releases;
        public bool TrainedAfterRelease;

        public string Name => inner.Name;

        public SweepOutcome Train(SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            TrainedAfterRelease |= Volatile.Read(ref Releases) > 0;
            return inner.Train(run, progress, cancellationToken);
        }

        public void Release()
        {
            Interlocked.Increment(ref Releases);
            if (failRelease)
            {
                throw new TimeoutException("the session did not answer");
            }
        }
    }

    [Fact]
    public void Runs_and_outcomes_cross_as_text_bit_for_bit()
    {
        MnistDataset data = Quadrants();
        SweepRunSpec run = SweepPlan.Create(
            [new("Sizes", [new[] { 16, 6, 4 }]), new("Activation", [ActivationKind.Tanh]), new("OutputActivation", [ActivationKind.Softmax]),
             new("Cost", [CostKind.LogLikelihood]), new("Initialization", [WeightInitialization.ScaledGaussian]), new("Lambda", [0.5f]),
             new("Momentum", [0.5f]), new("Monitor", [MonitorSeries.TrainingCost | MonitorSeries.EvaluationCost])],
            [9], new SgdOptions { Epochs = 2, LearningRate = 0.1f }, new NetworkDesign(), 16, 4).Runs[0];

        SweepRunSpec back = SweepTransfer.ReadRun(SweepTransfer.WriteRun(run));
        Assert.Equal((run.Index, run.Seed, run.Design, run.Options), (back.Index, back.Seed, back.Design, back.Options));
        Assert.Equal(run.Sizes, back.Sizes);
        Assert.Equal(MonitorSeries.TrainingCost | MonitorSeries.EvaluationCost, back.Options.Monitor);

        SweepOutcome outcome = SweepTraining.Train(data, back, null, default);
        SweepOutcome arrived = SweepTransfer.ReadOutcome(SweepTransfer.WriteOutcome(outcome));
        Assert.Equal(outcome.Epochs, arrived.Epochs);
        Assert.Equal(outcome.Seconds, arrived.Seconds);
        AssertSameParameters(outcome.Network, arrived.Network);
        Assert.Equal(outcome.Network.ToString(), arrived.Network.ToString());
        Assert.Equal(2, arrived.Network.EpochsTrained);
        Assert.Equal(Evaluator.Evaluate(outcome.Network, data.Test).Correct, Evaluator.Evaluate(arrived.Network, data.Test).Correct);

        Assert.Equal("SweepTransferInvalid", Assert.Throws<NndlException>(() => SweepTransfer.ReadOutcome("{\"Epochs\": 3}")).ErrorId);
    }

    private static LayerDesign[] SmallConvLayers(int filters, float dropout = 0) =>
        [new ConvPoolLayerDesign(filters, 3, 2, ActivationKind.ReLU), new FullyConnectedLayerDesign(5, ActivationKind.Tanh, dropout), new SoftmaxLayerDesign(4)];

    [Fact]
    public void Chapter_six_layer_lists_are_swept_trained_as_New_Network_makes_them_and_cross_as_text()
    {
        MnistDataset data = Quadrants();
        var shape = new ImageShape(1, 4, 4);
        SweepPlan plan = SweepPlan.Create(
            [new("LearningRate", [0.1f]), new("Layers", [SmallConvLayers(2), SmallConvLayers(3, dropout: 0.5f)]), new("Cost", [CostKind.LogLikelihood])],
            [4, 5], new SgdOptions { Epochs = 2 }, new NetworkDesign(), 16, 4, shape);
        Assert.Equal(4, plan.Runs.Count);
        // Layers vary right after Sizes would: slowest, before Cost and LearningRate.
        Assert.Equal("Layers=ConvPool 2@3x3, pool 2x2 relu + FullyConnected 5 tanh + Softmax 4; Cost=LogLikelihood; LearningRate=0.1",
            string.Join("; ", plan.Runs[0].Settings.Select(setting => $"{setting.Key}={SweepPlan.Format(setting.Value)}")));
        Assert.Equal(CostKind.LogLikelihood, plan.Runs[2].LayersCost);
        SweepPlan.Validate(plan.Runs, data.Training);

        SweepRunSpec run = plan.Runs[3];
        SweepRunSpec back = SweepTransfer.ReadRun(SweepTransfer.WriteRun(run));
        Assert.Equal(run.NetworkText, back.NetworkText);
        Assert.Equal((run.InputShape, run.LayersCost, run.Seed), (back.InputShape, back.LayersCost, back.Seed));

        // The sweep's training is New-Network -InputShape -Layers -Seed, then the trainer, bit for bit, on either side.
        SweepOutcome here = SweepTraining.Train(data, run, null, default), there = SweepTraining.Train(data, back, null, default);
        Network alone = Network.Create(shape, SmallConvLayers(3, dropout: 0.5f), 5, CostKind.LogLikelihood);
        using (var trainer = new SgdTrainer(alone, run.TrainerOptions))
        {
            Assert.Equal(trainer.Train(data).Select(epoch => epoch.Correct), here.Epochs.Select(epoch => epoch.Correct));
        }

        Assert.Equal(alone.ConvolutionalLayers[0].Weights, here.Network.ConvolutionalLayers[0].Weights);
        Assert.Equal(here.Network.ConvolutionalLayers[0].Weights, there.Network.ConvolutionalLayers[0].Weights);
        Network arrived = SweepTransfer.ReadOutcome(SweepTransfer.WriteOutcome(here)).Network;
        Assert.Equal(here.Network.Architecture, arrived.Architecture);
        Assert.Equal(here.Network.ConvolutionalLayers[0].Biases, arrived.ConvolutionalLayers[0].Biases);
    }

    [Fact]
    public void Layer_lists_are_refused_with_sizes_or_the_sizes_design_keys_and_checked_before_any_run()
    {
        var shape = new ImageShape(1, 4, 4);
        foreach (string key in new[] { "Sizes", "Activation", "Initialization" })
        {
            object value = key switch { "Sizes" => new[] { 16, 4 }, "Activation" => ActivationKind.ReLU, _ => WeightInitialization.FanIn };
            var ex = Assert.Throws<NndlException>(() => SweepPlan.Create([new("Layers", [SmallConvLayers(2)]), new(key, [value])], [1], new SgdOptions(), new NetworkDesign(), 16, 4, shape));
            Assert.Equal("SweepGridKeyConflict", ex.ErrorId);
            Assert.Contains(key, ex.Message);
        }

        // A filter larger than the 4x4 image: the whole sweep fails at once, naming the run.
        LayerDesign[] tooLarge = [new ConvPoolLayerDesign(2, 5, 1, ActivationKind.ReLU), new SoftmaxLayerDesign(4)];
        SweepPlan plan = SweepPlan.Create([new("Layers", [SmallConvLayers(2), tooLarge])], [1], new SgdOptions(), new NetworkDesign(), 16, 4, shape);
        var shapeError = Assert.Throws<NndlException>(() => SweepPlan.Validate(plan.Runs, Quadrants().Training));
        Assert.Equal("LayerShapeMismatch", shapeError.ErrorId);
        Assert.StartsWith("Run 1:", shapeError.Message);

        // Damaged text from the other side of a session is refused as such, never trained.
        string good = SweepTransfer.WriteRun(plan.Runs[0]);
        foreach (string damaged in new[] { good.Replace("\"ConvPool\"", "\"Pool\""), good.Replace("\"Filters\":2", "\"Filters\":-2"), good.Replace("\"InputShape\":[1,4,4]", "\"InputShape\":[1,4]") })
        {
            Assert.NotEqual(good, damaged);
            Assert.Equal("SweepTransferInvalid", Assert.Throws<NndlException>(() => SweepTransfer.ReadRun(damaged)).ErrorId);
        }
    }

    [Fact]
    public void A_transferred_run_with_both_sizes_and_layers_is_refused_not_trained_as_its_layers()
    {
        // Which network such a run means is a guess; ReadRun took the layers and dropped the sizes unsaid.
        var shape = new ImageShape(1, 4, 4);
        SweepRunSpec layers = SweepPlan.Create([new("Layers", [SmallConvLayers(2)])], [1], new SgdOptions(), new NetworkDesign(), 16, 4, shape).Runs[0];
        string written = SweepTransfer.WriteRun(layers);
        Assert.DoesNotContain("\"Sizes\"", written); // a layers run is sent without the sizes it does not use
        Assert.Equal(layers.NetworkText, SweepTransfer.ReadRun(written).NetworkText);

        string both = written.Replace("{\"Index\":0,", "{\"Index\":0,\"Sizes\":[16,6,4],", StringComparison.Ordinal);
        Assert.NotEqual(written, both);
        var ex = Assert.Throws<NndlException>(() => SweepTransfer.ReadRun(both));
        Assert.Equal("SweepTransferInvalid", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidData, ex.Kind);
        Assert.Contains("both its sizes (16,6,4) and its layers", ex.Message);

        // Sizes from the wire are quoted cut short: a hostile run of a million sizes made a message of megabytes.
        string many = written.Replace("{\"Index\":0,", "{\"Index\":0,\"Sizes\":[" + string.Join(",", Enumerable.Range(1, 100_000)) + "],", StringComparison.Ordinal);
        string message = Assert.Throws<NndlException>(() => SweepTransfer.ReadRun(many)).Message;
        Assert.Contains($"both its sizes (1,2,3,4,5,6,7,8,… ({100_000:N0} sizes)) and its layers", message);
        Assert.InRange(message.Length, 1, 600);

        // Neither is refused as before.
        string neither = written.Replace(written[written.IndexOf(",\"Layers\"", StringComparison.Ordinal)..written.IndexOf(",\"InputShape\"", StringComparison.Ordinal)], "", StringComparison.Ordinal);
        Assert.Contains("without its sizes", Assert.Throws<NndlException>(() => SweepTransfer.ReadRun(neither)).Message);
    }

    private static void AssertSameParameters(Network expected, Network actual)
    {
        Assert.Equal(expected.Sizes, actual.Sizes);
        for (int l = 0; l < expected.Layers.Count; l++)
        {
            Assert.Equal(expected.Layers[l].Weights, actual.Layers[l].Weights);
            Assert.Equal(expected.Layers[l].Biases, actual.Layers[l].Biases);
            Assert.Equal(expected.Layers[l].Activation.Kind, actual.Layers[l].Activation.Kind);
        }

        Assert.Equal(expected.Cost.Kind, actual.Cost.Kind);
    }

    private sealed class Inline(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }

    /// <summary>A lane whose connection breaks on its n-th run (that run is lost, not failed).</summary>
    private sealed class DroppingLane(ISweepLane inner, int failOnCall) : ISweepLane
    {
        public int Calls { get; private set; }

        public int LostRun { get; private set; } = -1;

        public string Name => "dropping lane";

        public SweepOutcome Train(SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken)
        {
            if (++Calls == failOnCall)
            {
                LostRun = run.Index;
                throw new SweepLaneLostException("connection reset");
            }

            return inner.Train(run, progress, cancellationToken);
        }
    }

    private sealed class FailingLane(ISweepLane inner, int failIndex) : ISweepLane
    {
        public string Name => inner.Name;

        public SweepOutcome Train(SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken) =>
            run.Index == failIndex ? throw new InvalidOperationException("out of memory, say") : inner.Train(run, progress, cancellationToken);
    }
}
