using System.Collections.Concurrent;
using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>
/// The helper-thread protocol of <see cref="WorkerPool"/>, driven through its test hook so that each step can be
/// delayed in turn: the interleavings a busy machine produces by chance happen here every run. Each test runs
/// under its own timeout, so a protocol that hangs fails the test instead of the suite.
/// </summary>
public class WorkerPoolTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Records every share it runs as (product, share); the caller sets <see cref="Product"/> before each Run, so a
    /// share run with another product's data (a stale claim, I2) shows up as a wrong pair or a count of two.
    /// </summary>
    private sealed class RecordingWork(int threads) : IShareWork
    {
        public readonly ConcurrentDictionary<(long Product, int Share), int> Runs = new();
        public readonly long[] LastProductOfShare = new long[threads];
        public long Product;
        public readonly ConcurrentDictionary<int, int> RunsByHelpers = new();
        public int FailingShare = -1;
        public int SpinPerShare = 200;
        public int CallerShareSleepMilliseconds;

        public void RunShare(int share)
        {
            long product = Volatile.Read(ref Product);
            Runs.AddOrUpdate((product, share), 1, (_, count) => count + 1);
            if (Thread.CurrentThread.Name?.StartsWith("NndlPS kernel helper", StringComparison.Ordinal) == true)
            {
                RunsByHelpers.AddOrUpdate(share, 1, (_, count) => count + 1);
            }

            Thread.SpinWait(SpinPerShare);
            if (share == 0 && CallerShareSleepMilliseconds > 0)
            {
                Thread.Sleep(CallerShareSleepMilliseconds);
            }

            Volatile.Write(ref LastProductOfShare[share], product);
            if (share == FailingShare)
            {
                throw new InvalidOperationException($"share {share} of product {product} failed");
            }
        }

        /// <summary>I1 for one product, checked by the caller after Run returns.</summary>
        public void AssertEachShareRanOnce(long product, int shares)
        {
            for (int share = 0; share < shares; share++)
            {
                Assert.True(Runs.TryGetValue((product, share), out int count) && count == 1,
                    $"product {product}: share {share} ran {(Runs.TryGetValue((product, share), out int c) ? c : 0)} times");
                Assert.Equal(product, Volatile.Read(ref LastProductOfShare[share]));
            }
        }

        public int TotalRuns => Runs.Values.Sum();
    }

    private static void WithinTimeout(Action body)
    {
        var task = Task.Factory.StartNew(body, TaskCreationOptions.LongRunning);
        Assert.True(task.Wait(Timeout), $"The protocol hung: not done after {Timeout.TotalSeconds} s.");
        task.GetAwaiter().GetResult();
    }

    private static void RunProducts(WorkerPool pool, RecordingWork work, int products, Func<long, int> sharesOf)
    {
        int expectedRuns = 0;
        for (long product = 1; product <= products; product++)
        {
            int shares = sharesOf(product);
            Volatile.Write(ref work.Product, product);
            pool.Run(shares, work);
            work.AssertEachShareRanOnce(product, shares);
            expectedRuns += shares;
        }

        Assert.Equal(expectedRuns, work.TotalRuns);
    }

    public static TheoryData<string, int> EveryStepOnEveryThreadCount()
    {
        var data = new TheoryData<string, int>();
        foreach (WorkerPoolStep step in Enum.GetValues<WorkerPoolStep>())
        {
            foreach (int threads in new[] { 2, 3, 8 })
            {
                data.Add(step.ToString(), threads);
            }
        }

        return data;
    }

    /// <summary>
    /// Each step of the protocol, delayed in turn on every few products, with share counts that change from one
    /// product to the next (so helpers alternate between taking part and standing by, as in training).
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryStepOnEveryThreadCount))]
    public void Delaying_any_step_never_loses_or_repeats_a_share(string stepName, int threads)
    {
        WorkerPoolStep delayed = Enum.Parse<WorkerPoolStep>(stepName);
        WithinTimeout(() =>
        {
            using var pool = new WorkerPool(threads);
            var work = new RecordingWork(threads);
            int calls = 0;
            pool.TestHook = (step, _) =>
            {
                if (step == delayed && Interlocked.Increment(ref calls) % 3 == 1)
                {
                    Thread.Sleep(2);
                }
            };
            RunProducts(pool, work, products: 60, sharesOf: p => 2 + (int)(p % (threads - 1)));
        });
    }

    /// <summary>
    /// The hang the old protocol had: a helper reads product N and is descheduled; the caller runs that share
    /// itself, finishes N, starts N+1 and is descheduled while publishing it; the helper wakes with its stale view
    /// of N. Claims tied to a product number make the stale claim fail, so nothing runs twice and the count of
    /// N+1 cannot go wrong.
    /// </summary>
    [Fact]
    public void A_helper_descheduled_on_an_old_product_never_claims_a_share_of_the_next()
    {
        WithinTimeout(() =>
        {
            using var pool = new WorkerPool(2);
            var work = new RecordingWork(2);
            var helperHeld = new ManualResetEventSlim();
            var callerPublishing = new ManualResetEventSlim();
            int helperSightings = 0;
            pool.TestHook = (step, share) =>
            {
                if (step == WorkerPoolStep.HelperSawProduct && Interlocked.Increment(ref helperSightings) == 1)
                {
                    // Product 1 seen; hold the helper until the caller is in the middle of publishing product 2.
                    helperHeld.Set();
                    callerPublishing.Wait();
                }
                else if (step == WorkerPoolStep.CallerRanOwnShare && Volatile.Read(ref work.Product) == 1)
                {
                    // The caller takes over share 1 only once the helper has read product 1 and been held.
                    helperHeld.Wait();
                }
                else if (step == WorkerPoolStep.CallerCountedShares && Volatile.Read(ref work.Product) == 2)
                {
                    // Count of product 2 written, product not yet published: release the stale helper now.
                    callerPublishing.Set();
                    Thread.Sleep(20);
                }
            };

            Volatile.Write(ref work.Product, 1);
            pool.Run(2, work); // the helper is held, so the caller runs share 1 itself
            Assert.True(helperHeld.IsSet, "the helper should have seen product 1");
            work.AssertEachShareRanOnce(1, 2);

            Volatile.Write(ref work.Product, 2);
            pool.Run(2, work);
            work.AssertEachShareRanOnce(2, 2);

            Assert.Equal(4, work.TotalRuns);
        });
    }

    /// <summary>Thousands of products on far more threads than this machine has cores, with random delays.</summary>
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Thousands_of_products_on_more_threads_than_cores(int threads)
    {
        WithinTimeout(() =>
        {
            using var pool = new WorkerPool(threads);
            var work = new RecordingWork(threads) { SpinPerShare = 50 };
            var random = new ThreadLocal<Random>(() => new Random(Environment.CurrentManagedThreadId));
            pool.TestHook = (_, _) =>
            {
                int roll = random.Value!.Next(2000);
                if (roll == 0)
                {
                    Thread.Sleep(1);
                }
                else if (roll < 20)
                {
                    Thread.Yield();
                }
            };
            RunProducts(pool, work, products: 3000, sharesOf: p => 1 + (int)((p * 7) % threads));
        });
    }

    public static TheoryData<int, int> EveryFailingPosition()
    {
        var data = new TheoryData<int, int>();
        foreach (int shares in new[] { 2, 3, 4 })
        {
            for (int failing = 0; failing < shares; failing++)
            {
                data.Add(shares, failing);
            }
        }

        return data;
    }

    /// <summary>
    /// A share that fails on any position reaches the caller (I4) — also when its runner is delayed between
    /// recording the failure and counting the share done — and the next product starts clean.
    /// </summary>
    [Theory]
    [MemberData(nameof(EveryFailingPosition))]
    public void A_failing_share_on_any_position_always_reaches_the_caller(int shares, int failingShare)
    {
        WithinTimeout(() =>
        {
            using var pool = new WorkerPool(4);
            var work = new RecordingWork(4);
            pool.TestHook = (step, _) =>
            {
                if (step == WorkerPoolStep.RanShare)
                {
                    Thread.Sleep(1);
                }
            };

            for (long product = 1; product <= 40; product += 2)
            {
                work.FailingShare = failingShare;
                Volatile.Write(ref work.Product, product);
                var failure = Assert.Throws<AggregateException>(() => pool.Run(shares, work));
                var cause = Assert.IsType<InvalidOperationException>(failure.InnerException);
                Assert.Equal($"share {failingShare} of product {product} failed", cause.Message);
                work.AssertEachShareRanOnce(product, shares);

                work.FailingShare = -1;
                Volatile.Write(ref work.Product, product + 1);
                pool.Run(shares, work); // the failure does not leak into the next product
                work.AssertEachShareRanOnce(product + 1, shares);
            }
        });
    }

    [Fact]
    public void Dispose_never_hangs_whatever_the_helpers_are_doing()
    {
        WithinTimeout(() =>
        {
            // Never started: no helper threads exist.
            new WorkerPool(4).Dispose();

            // Helpers spinning right after a product.
            var spinning = new WorkerPool(4);
            spinning.Run(4, new RecordingWork(4));
            spinning.Dispose();
            Assert.True(spinning.HelpersStopped);

            // Helpers asleep: wait past the spin budget.
            var sleeping = new WorkerPool(4);
            sleeping.Run(4, new RecordingWork(4));
            Thread.Sleep(WorkerPool.SpinBudget * 20);
            sleeping.Dispose();
            Assert.True(sleeping.HelpersStopped);

            // After a failure, with a helper delayed as it goes to sleep.
            var failed = new WorkerPool(3);
            failed.TestHook = (step, _) =>
            {
                if (step == WorkerPoolStep.HelperGoingToSleep)
                {
                    Thread.Sleep(5);
                }
            };
            Assert.Throws<AggregateException>(() => failed.Run(3, new RecordingWork(3) { FailingShare = 2 }));
            failed.Dispose();
            failed.Dispose(); // twice is harmless
            Assert.True(failed.HelpersStopped);
            Assert.Throws<ObjectDisposedException>(() => failed.Run(2, new RecordingWork(3)));
        });
    }

    /// <summary>
    /// Helpers that went to sleep are woken for the next product (I5), with the step between "I am going to sleep"
    /// and the final check delayed so the caller publishes exactly then. The caller's own share is slow, so a woken
    /// helper has time to claim its share; a helper whose wake-up was lost would run none after its first sleep.
    /// </summary>
    [Fact]
    public void A_helper_going_to_sleep_as_a_product_is_published_still_takes_part()
    {
        WithinTimeout(() =>
        {
            using var pool = new WorkerPool(3);
            var work = new RecordingWork(3) { CallerShareSleepMilliseconds = 20 };
            pool.TestHook = (step, _) =>
            {
                if (step == WorkerPoolStep.HelperGoingToSleep)
                {
                    Thread.Sleep(3);
                }
            };

            const int products = 30;
            for (long product = 1; product <= products; product++)
            {
                Volatile.Write(ref work.Product, product);
                pool.Run(3, work);
                work.AssertEachShareRanOnce(product, 3);
                Thread.Sleep((int)(WorkerPool.SpinBudget.TotalMilliseconds * 3) + (int)(product % 5)); // helpers head for sleep
            }

            Assert.True(work.RunsByHelpers.TryGetValue(1, out int one) && one >= products / 3, $"helper 1 ran {one} of {products} shares");
            Assert.True(work.RunsByHelpers.TryGetValue(2, out int two) && two >= products / 3, $"helper 2 ran {two} of {products} shares");
        });
    }

    /// <summary>The real kernels under the same delays give the single-thread result bit for bit.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Delayed_helpers_do_not_change_a_product(int threads)
    {
        WithinTimeout(() =>
        {
            const int rows = 64, columns = 200, inner = 784;
            float[] a = MatrixKernelTests.Random(rows * inner, 1), b = MatrixKernelTests.Random(columns * inner, 2);
            float[] bias = MatrixKernelTests.Random(columns, 3);
            float[] expected = new float[rows * columns], actual = new float[rows * columns];
            using (var one = new ParallelKernels(1))
            {
                one.MultiplyByTransposed(a, b, expected, rows, columns, inner, bias);
            }

            using var kernels = new ParallelKernels(threads);
            var random = new Random(4);
            kernels.Pool.TestHook = (_, _) =>
            {
                lock (random)
                {
                    if (random.Next(4) == 0)
                    {
                        Thread.Sleep(1);
                    }
                }
            };
            for (int round = 0; round < 20; round++)
            {
                Array.Clear(actual);
                kernels.MultiplyByTransposed(a, b, actual, rows, columns, inner, bias);
                Assert.Equal(expected, actual);
            }
        });
    }
}
