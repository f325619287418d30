namespace NndlPS.Core.Tests;

/// <summary>
/// The gradient check's bounds that can only be seen by measuring: how soon it stops when cancelled, and what it holds
/// while it runs. Alone, after the parallel tests (<see cref="MeasuredAloneCollection"/>), so the clock and the heap
/// measure the check and not the machine's other tests.
/// </summary>
[Collection(MeasuredAloneCollection.Name)]
public class GradientCheckMeasuredTests
{
    [Fact]
    public void Cancelling_a_check_stops_within_a_pass_over_an_image_not_a_derivative()
    {
        // One pass of the reference over 4,000 images through 100 filters of 5x5 is some 6e9 multiply-adds, seconds of
        // work that Ctrl+C waited out (the reference looked at the token between parameters only, and its first pass, at
        // θ, not at all). It now looks before every image: stopped well within the bound, which the old code overran.
        Network network = Network.Create(new ImageShape(1, 28, 28), [new ConvPoolLayerDesign(100, 5, 2, ActivationKind.Sigmoid), new SoftmaxLayerDesign(3)], seed: 1);
        ImageSet data = GradientsTests.BorderedData(4000, 1, 28, 28, 3, seed: 2);
        NetworkGradient backprop = Gradients.Compute(network, data, 0, 4000);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => GradientCheck.Compare(network, backprop, data, 0, 4000, 1, seed: 1,
            GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, cancel.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"stopped after {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public void The_check_holds_no_copy_of_its_images()
    {
        // -First 60000 on 'ConvPool 1@1x1, pool 1x1 relu + Softmax 10' (under the cost bound) took the process from 184 to
        // 755 MB: every image in double precision (376 MB) and an int per pooled value per image for pools of one (188 MB).
        // Measured here mid-check, at the moment it is cancelled. What it may hold: a ReLU's branch per unit per image,
        // a bool (30,000 x 784, 24 MB once the first pass is through). The bound was 20 MB, which held only while the
        // pass was not through at the cancel: after the other gradient tests had warmed the JIT it was, and 21-27 MB
        // failed the test, before and after the change that stopped the reference copying the weights.
        Network network = Network.Create(new ImageShape(1, 28, 28), [new ConvPoolLayerDesign(1, 1, 1, ActivationKind.ReLU), new SoftmaxLayerDesign(3)], seed: 1);
        ImageSet data = GradientsTests.BorderedData(30_000, 1, 28, 28, 3, seed: 2);
        NetworkGradient backprop = Gradients.Compute(network, data, 0, 1);
        long before = GC.GetTotalMemory(forceFullCollection: true), during = 0;
        using var cancel = new CancellationTokenSource();
        cancel.Token.Register(() => during = GC.GetTotalMemory(forceFullCollection: true));
        cancel.CancelAfter(TimeSpan.FromMilliseconds(500));
        Assert.ThrowsAny<OperationCanceledException>(() => GradientCheck.Compare(network, backprop, data, 0, 30_000, 1, seed: 1,
            GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, cancel.Token));
        Assert.True(during - before < 40_000_000, $"{(during - before) / 1e6:0} MB held during the check");
    }

    [Fact]
    public void The_check_holds_no_copy_of_a_layer_it_checks_a_few_parameters_of()
    {
        // 16 million weights, 2 of them checked. The check shuffled an int for every weight to pick them (4 bytes a
        // weight) and copied every weight in double precision (8 more): 1.2 GB for a layer of 100 million.
        Network network = Network.Create([4000, 4000, 3], new NetworkDesign(), seed: 1);
        ImageSet data = GradientsTests.BorderedData(2, 1, 40, 100, 3, seed: 2);
        NetworkGradient backprop = Gradients.Compute(network, data, 0, 2);
        long before = GC.GetAllocatedBytesForCurrentThread();
        IReadOnlyList<GradientCheckResult> results = GradientCheck.Compare(network, backprop, data, 0, 2, 2, seed: 1,
            GradientCheck.DefaultEpsilon, GradientCheck.DefaultTolerance, CancellationToken.None);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(2, results.Count);
        Assert.True(allocated < 8_000_000, $"{allocated / 1e6:0} MB allocated by the check of a layer of {4000 * 4000 * 4 / 1e6:0} MB");
    }
}

/// <summary>Tests that measure time or the heap run here, one at a time and after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAloneCollection
{
    public const string Name = "Measured alone";
}
