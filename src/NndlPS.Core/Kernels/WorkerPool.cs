using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

/// <summary>
/// A fixed set of helper threads that run the shares of one product at a time for a single owner thread (the
/// caller). What a product is and how it is split is the dispatcher's business (<see cref="ParallelKernels"/>);
/// this class only guarantees how shares are handed out and collected.
/// <code>
/// THE PROTOCOL
/// Roles     One caller (the thread that owns this pool; it alone calls Run and Dispose) and helpers 1..H.
///           Helper h is the preferred runner of share h; share 0 is always the caller's.
/// Product   Each Run is one product, numbered 1, 2, 3, … by the caller. A product of S shares has shares 0..S-1.
/// Fields    who writes                             what it means
///   _work, _failure := null  caller, before publishing    the product's work; its first failure
///   _remaining      caller sets S-1 before publishing;   shares 1..S-1 not yet finished
///                   the runner of a share decrements
///   _published      caller, one atomic write             (product number, S) as one 64-bit word
///   _claimedFor[s]  CAS by whoever runs share s          the last product whose share s was claimed
///   _failure        CAS by the runner of a failing share the first failure, written BEFORE its decrement
///   _sleeping[h]    helper h                             1 while h may be blocked on _wake[h]
/// Steps     Caller: write _work, _failure, _remaining; publish (product, S) with a full fence; wake every
///           sleeping helper h &lt; S; run share 0; claim and run every share 1..S-1 no helper has claimed yet
///           (a helper that is asleep or descheduled never makes the product slower than one core); wait
///           until _remaining = 0; throw the first failure, if any.
///           Helper h: wait until _published changes (spin for SpinBudget, then sleep); if h &lt; S, claim share h
///           for that product and run it; repeat.
///           Claim: CAS _claimedFor[s] from a value below the product to the product. It fails if the share was
///           already claimed for this product — or for a later one, so a helper that read an old product and was
///           descheduled can never run a share of a product it did not read.
/// Invariants
///   I1 Each share runs exactly once per product: the CAS lets one thread claim (s, p), and the caller cannot
///      finish p until every share 1..S-1 has been claimed and decremented.
///   I2 A claim belongs to one product: a successful claim of (s, p) means p is still running (p cannot finish
///      while s is unclaimed), so the _work and splits read after it are p's, never p+1's.
///   I3 _remaining reaches 0 exactly once per product and never goes below 0: it is set before any claim of p can
///      exist, and only successful claims of p decrement it.
///   I4 Every failure reaches the caller: it is recorded before the decrement the caller waits for, and _failure
///      is cleared only by the caller, before the next product is published.
///   I5 No lost wake-up: helper writes _sleeping = 1 then reads _published; the caller writes _published then
///      reads _sleeping; both with full fences, so at least one sees the other (a spare Release only makes a later
///      wait return at once, and the helper re-checks).
///   I6 Dispose never hangs: it runs on the caller, so no product is in flight; it sets _disposed and releases
///      every helper's semaphore unconditionally (a helper checks _disposed after setting _sleeping), then joins
///      each helper with a bound.
/// </code>
/// Tests delay every step of this protocol in turn through <see cref="TestHook"/> (WorkerPoolTests).
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    /// <summary>Shares per product: the low 16 bits of <see cref="_published"/> hold the count.</summary>
    internal const int MaximumShares = (1 << 16) - 1;

    /// <summary>
    /// How long an idle helper watches for the next product before it sleeps, by the clock (a count of spins
    /// means a different time on every CPU). Measured on this 2-core VM while other work ran (a probe timing the gap
    /// between shared products of SgdTrainer, and a SemaphoreSlim wake-up): inside an epoch of [784,100,10] at
    /// mini-batch 100 the gap is 27 µs median, under 230 µs for 90%; between the evaluation chunks of the book's
    /// network 95–130 µs median, under 190 µs for 90%; waking a sleeping thread takes 13 µs median but 1.3 ms at
    /// the 90th percentile on a busy machine. So a helper spins through the gaps of a burst (where the core would
    /// idle anyway) and sleeps at its end. What it costs: after the last product of a burst (an epoch's training,
    /// an evaluation) each helper burns at most this long of a core, once; inside a burst, per product, only the
    /// gap itself. The old count-based budget spun 1.0–1.4 ms after every product.
    /// </summary>
    internal static readonly TimeSpan SpinBudget = TimeSpan.FromMicroseconds(300);

    private static readonly TimeSpan JoinBound = TimeSpan.FromSeconds(10);

    private readonly Thread?[] _helpers;      // index h - 1 for helper h
    private readonly SemaphoreSlim[] _wake;   // index h - 1
    private readonly int[] _sleeping;         // index h - 1
    private readonly long[] _claimedFor;      // index s, shares 1..H
    private long _published;                  // (product << 16) | shares
    private long _product;                    // the caller's counter; only the caller touches it
    private int _remaining;
    private Exception? _failure;
    private IShareWork? _work;
    private volatile bool _disposed;

    /// <param name="threads">The caller plus helpers: threads − 1 helper threads, started on the first shared product.</param>
    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(threads, MaximumShares);
        Threads = threads;
        _helpers = new Thread?[threads - 1];
        _wake = new SemaphoreSlim[threads - 1];
        _sleeping = new int[threads - 1];
        _claimedFor = new long[threads];
        for (int h = 0; h < _wake.Length; h++)
        {
            _wake[h] = new SemaphoreSlim(0);
        }
    }

    /// <summary>The caller plus its helpers: the most shares a product can have.</summary>
    public int Threads { get; }

    /// <summary>
    /// Test only: called at each step of the protocol with the step and the share it concerns, so a test can delay
    /// any thread at any point and force the interleavings a busy machine produces by chance. Null in production.
    /// </summary>
    internal Action<WorkerPoolStep, int>? TestHook { get; set; }

    /// <summary>
    /// Runs shares 0..<paramref name="shares"/>−1 of <paramref name="work"/>, the caller taking share 0 and any
    /// share no helper has started, and returns when all have finished. Throws an <see cref="AggregateException"/>
    /// holding the first failure of any share, after every share has finished (they use the caller's buffers).
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public void Run(int shares, IShareWork work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shares);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shares, Threads);
        if (shares == 1)
        {
            work.RunShare(0);
            return;
        }

        StartHelpersOnce();
        long product = ++_product;
        _work = work;
        _failure = null;
        Volatile.Write(ref _remaining, shares - 1);
        Hook(WorkerPoolStep.CallerCountedShares, 0);

        // The claims of this product open here; the exchange is a full fence (I5).
        Interlocked.Exchange(ref _published, (product << 16) | (uint)shares);
        Hook(WorkerPoolStep.CallerPublishedProduct, 0);
        for (int helper = 1; helper < shares; helper++)
        {
            if (Volatile.Read(ref _sleeping[helper - 1]) != 0)
            {
                _wake[helper - 1].Release();
            }
        }

        Exception? mine = null;
        try
        {
            work.RunShare(0);
        }
        catch (Exception ex)
        {
            mine = ex;
        }

        Hook(WorkerPoolStep.CallerRanOwnShare, 0);
        for (int share = 1; share < shares; share++)
        {
            TryRunShare(share, product);
        }

        // The helpers' shares are about as long as the caller's, so this is a short spin; SpinWait yields the
        // core after a few rounds, which lets a descheduled helper on a busy machine finish its share.
        var spin = default(SpinWait);
        while (Volatile.Read(ref _remaining) > 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        _work = null;
        if ((mine ?? Volatile.Read(ref _failure)) is Exception failure)
        {
            throw new AggregateException("A matrix kernel failed.", failure);
        }
    }

    /// <summary>Claims share <paramref name="share"/> for <paramref name="product"/> and runs it, unless it is taken.</summary>
    [MethodImpl(HotPath.Compile)]
    private void TryRunShare(int share, long product)
    {
        long last = Volatile.Read(ref _claimedFor[share]);
        if (last >= product || Interlocked.CompareExchange(ref _claimedFor[share], product, last) != last)
        {
            return;
        }

        Hook(WorkerPoolStep.Claimed, share);
        try
        {
            _work!.RunShare(share);
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _failure, ex, null); // before the decrement (I4)
        }

        Hook(WorkerPoolStep.RanShare, share);
        Interlocked.Decrement(ref _remaining);
    }

    private void HelperLoop(int helper)
    {
        long seen = 0;
        while (true)
        {
            long word = WaitForProduct(helper, seen);
            if (_disposed)
            {
                return;
            }

            seen = word;
            Hook(WorkerPoolStep.HelperSawProduct, helper);
            long product = word >> 16;
            int shares = (int)(word & 0xFFFF);
            if (helper < shares)
            {
                TryRunShare(helper, product);
            }
        }
    }

    /// <summary>Returns the published word once it differs from <paramref name="seen"/> (or on Dispose).</summary>
    private long WaitForProduct(int helper, long seen)
    {
        long word;
        long started = Stopwatch.GetTimestamp();
        while (true)
        {
            for (int i = 0; i < 32; i++)
            {
                word = Volatile.Read(ref _published);
                if (word != seen || _disposed)
                {
                    return word;
                }

                Thread.SpinWait(4);
            }

            if (Stopwatch.GetElapsedTime(started) > SpinBudget)
            {
                break;
            }
        }

        while (true)
        {
            Interlocked.Exchange(ref _sleeping[helper - 1], 1); // full fence (I5)
            Hook(WorkerPoolStep.HelperGoingToSleep, helper);
            word = Volatile.Read(ref _published);
            if (word == seen && !_disposed)
            {
                _wake[helper - 1].Wait();
            }

            Volatile.Write(ref _sleeping[helper - 1], 0);
            word = Volatile.Read(ref _published);
            if (word != seen || _disposed)
            {
                return word;
            }
        }
    }

    /// <summary>Helpers start on the first shared product, so a pool that never shares never creates threads.</summary>
    private void StartHelpersOnce()
    {
        if (_helpers.Length == 0 || _helpers[0] is not null)
        {
            return;
        }

        for (int h = 1; h <= _helpers.Length; h++)
        {
            int helper = h;
            var thread = new Thread(() => HelperLoop(helper)) { IsBackground = true, Name = $"NndlPS kernel helper {helper}" };
            _helpers[h - 1] = thread;
            thread.Start();
        }
    }

    private void Hook(WorkerPoolStep step, int share) => TestHook?.Invoke(step, share);

    /// <summary>Stops the helpers (I6). Call it from the owner thread, never during <see cref="Run"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Interlocked.MemoryBarrier();
        foreach (SemaphoreSlim wake in _wake)
        {
            wake.Release();
        }

        // Bounded: helpers are background threads, so one that a test hook holds up cannot keep the process alive.
        // The semaphores are not disposed: a helper may still be between its check and its wait, and a
        // SemaphoreSlim that never handed out a wait handle holds nothing to free.
        bool stopped = true;
        foreach (Thread? helper in _helpers)
        {
            stopped &= helper?.Join(JoinBound) ?? true;
        }

        HelpersStopped = stopped;
    }

    /// <summary>After <see cref="Dispose"/>: whether every helper thread has ended (tests check it).</summary>
    internal bool HelpersStopped { get; private set; }
}
