namespace NndlPS.Core.Kernels;

/// <summary>
/// Runs the matrix kernels on several cores by splitting the rows of the result between threads. The kernels
/// compute every element by the same operations whichever row range it falls in, so the result is identical,
/// bit for bit, for any number of threads. Small products run on the calling thread alone: waking a helper
/// costs microseconds, more than a mini-batch of the book's network takes.
/// <para>The helpers are dedicated threads owned by this object (one trainer, one set of helpers; nothing is
/// shared between trainers), fed through fields rather than closures so a call allocates nothing.</para>
/// </summary>
internal sealed class ParallelKernels : IDisposable
{
    /// <summary>Multiply-adds below which a second thread does not pay for its wake-up.</summary>
    internal const long MinimumWorkPerThread = 1_500_000;

    private const int RowAlignment = 4; // the kernels' row block, so a split never cuts a block

    private readonly Thread[] _helpers;
    private readonly SemaphoreSlim[] _start;
    private readonly int[] _sleeping; // 1 while a helper sleeps on its semaphore
    private readonly int[] _tickets;  // bumped once per product a helper takes part in
    private readonly int[] _claimed;  // per share: 1 once a thread has taken it
    private int _remaining;
    private readonly int[] _rowSplits;
    private Job _job;
    private Exception? _helperFailure;
    private volatile bool _disposed;
    private bool _helpersStarted;

    /// <summary>About 50–100 µs of spinning: longer than the gap between two products of a mini-batch.</summary>
    private const int SpinsBeforeSleeping = 2_000;

    public ParallelKernels(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threads);
        Threads = threads;
        _rowSplits = new int[threads + 1];
        _helpers = new Thread[threads - 1];
        _start = new SemaphoreSlim[threads - 1];
        _sleeping = new int[threads - 1];
        _tickets = new int[threads - 1];
        _claimed = new int[threads + 1];
        for (int h = 0; h < _helpers.Length; h++)
        {
            _start[h] = new SemaphoreSlim(0);
        }
    }

    /// <summary>Helpers start on the first product big enough to share, so small networks never create them.</summary>
    private void StartHelpers()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        for (int h = 0; h < _helpers.Length; h++)
        {
            int part = h + 1;
            _helpers[h] = new Thread(() => HelperLoop(part)) { IsBackground = true, Name = $"NndlPS kernel {part}" };
            _helpers[h].Start();
        }

        _helpersStarted = true;
    }

    public int Threads { get; }

    /// <summary>C[m×n] = A[m×k]·B[n×k]ᵀ + bias: the forward pass z = w·a + b for a mini-batch.</summary>
    public void MultiplyByTransposed(float[] a, float[] b, float[] c, int m, int n, int k, float[]? bias)
    {
        // Split by output neurons when there are at least as many as samples (training): each thread then reads
        // the rows of w it updates itself in the step that follows, instead of pulling them from the other core.
        // Split by samples otherwise (evaluation's large chunks of a small layer).
        bool byColumns = n >= m;
        _job = new Job { Kind = byColumns ? JobKind.DotColumns : JobKind.Dot, A = a, B = b, C = c, Bias = bias, M = m, N = n, K = k };
        Run(byColumns ? n : m, (long)m * n * k);
    }

    /// <summary>C[m×n] = A[m×k]·B[k×n] (row-major): backpropagation's δˡ⁻¹ ← δˡ · wˡ for a mini-batch.</summary>
    public void Multiply(float[] a, float[] b, float[] c, int m, int k, int n)
    {
        _job = new Job { Kind = JobKind.Strided, A = a, RowStride = k, InnerStride = 1, B = b, C = c, M = m, N = n, K = k, Alpha = 1f };
        Run(m, (long)m * n * k);
    }

    /// <summary>
    /// C[m×n] = α·A[k×m]ᵀ·B[k×n] (+ C when <paramref name="accumulate"/>). With A = the errors δ of a mini-batch and
    /// B = the previous layer's activations, this is ∂C/∂w summed over the batch; with α = −η/m and accumulate, it
    /// is the whole gradient-descent step on w.
    /// </summary>
    public void TransposedMultiply(float[] a, float[] b, float[] c, int k, int m, int n, float alpha, bool accumulate)
    {
        _job = new Job
        {
            Kind = JobKind.Strided, A = a, RowStride = 1, InnerStride = m, B = b, C = c, M = m, N = n, K = k,
            Alpha = alpha, Accumulate = accumulate,
        };
        Run(m, (long)m * n * k);
    }

    /// <summary>Splits [0, rows) — rows of the result, or columns for <see cref="JobKind.DotColumns"/> — into shares.</summary>
    private void Run(int rows, long work)
    {
        int parts = (int)Math.Clamp(work / MinimumWorkPerThread, 1, Threads);
        parts = Math.Min(parts, (rows + RowAlignment - 1) / RowAlignment);
        if (parts <= 1)
        {
            Execute(0, rows);
            return;
        }

        // Equal shares, each a whole number of row blocks; the caller's thread takes the first.
        int blocks = (rows + RowAlignment - 1) / RowAlignment;
        for (int p = 0; p <= parts; p++)
        {
            _rowSplits[p] = Math.Min(rows, (int)((long)blocks * p / parts) * RowAlignment);
        }

        if (!_helpersStarted)
        {
            StartHelpers();
        }

        _helperFailure = null;
        for (int p = 1; p < parts; p++)
        {
            _claimed[p] = 0;
        }

        Volatile.Write(ref _remaining, parts - 1);
        for (int h = 0; h < parts - 1; h++)
        {
            // A ticket per helper taking part, so each runs exactly once per product and helpers not needed stay
            // idle. Interlocked is a full fence on both sides: either the helper sees its new ticket, or we see
            // that it has gone to sleep and wake it — never neither (a lost wake-up would hang training).
            Interlocked.Increment(ref _tickets[h]);
            if (Volatile.Read(ref _sleeping[h]) != 0)
            {
                _start[h].Release();
            }
        }

        Exception? mine = null;
        try
        {
            Execute(_rowSplits[0], _rowSplits[1]);

            // A share whose helper has not started yet (asleep, or its core busy with other work) is done here:
            // on a machine whose cores are shared, waiting for a descheduled helper can cost more than the work.
            for (int p = 1; p < parts; p++)
            {
                TryRunShare(p);
            }
        }
        catch (Exception ex)
        {
            mine = ex;
        }

        // The helpers' shares are about as long as ours, so waiting for them is a short spin.
        var spin = default(SpinWait);
        while (Volatile.Read(ref _remaining) > 0)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        if ((mine ?? _helperFailure) is Exception failure)
        {
            throw new AggregateException("A matrix kernel failed.", failure);
        }
    }

    /// <summary>
    /// A helper spins briefly after each share, because the next product usually follows within microseconds
    /// and waking a sleeping thread costs more than that; after a while it sleeps on its semaphore.
    /// </summary>
    private void HelperLoop(int part)
    {
        int helper = part - 1;
        int seen = 0;
        while (true)
        {
            int spins = 0;
            while (Volatile.Read(ref _tickets[helper]) == seen && !_disposed)
            {
                if (++spins < SpinsBeforeSleeping)
                {
                    Thread.SpinWait(20);
                    continue;
                }

                Interlocked.Exchange(ref _sleeping[helper], 1);
                if (Volatile.Read(ref _tickets[helper]) == seen && !_disposed)
                {
                    _start[helper].Wait();
                }

                Volatile.Write(ref _sleeping[helper], 0);
                spins = 0;
            }

            if (_disposed)
            {
                return;
            }

            seen = Volatile.Read(ref _tickets[helper]);
            try
            {
                TryRunShare(part);
            }
            catch (Exception ex)
            {
                _helperFailure = ex;
            }
        }
    }

    /// <summary>Runs share <paramref name="part"/> unless another thread has claimed it: each share runs exactly once.</summary>
    private void TryRunShare(int part)
    {
        if (Interlocked.CompareExchange(ref _claimed[part], 1, 0) != 0)
        {
            return;
        }

        try
        {
            Execute(_rowSplits[part], _rowSplits[part + 1]);
        }
        finally
        {
            Interlocked.Decrement(ref _remaining);
        }
    }

    private void Execute(int rowFrom, int rowTo)
    {
        Job job = _job;
        if (job.Kind == JobKind.DotColumns)
        {
            MatrixKernels.MultiplyByTransposedColumns(job.A, job.B, job.C, job.M, job.N, job.K, job.Bias, rowFrom, rowTo);
        }
        else if (job.Kind == JobKind.Dot)
        {
            MatrixKernels.MultiplyByTransposedRows(job.A, job.B, job.C, job.M, job.N, job.K, job.Bias, rowFrom, rowTo);
        }
        else
        {
            MatrixKernels.MultiplyStridedRows(job.A, job.RowStride, job.InnerStride, job.B, job.C, job.M, job.K, job.N,
                job.Alpha, job.Accumulate, rowFrom, rowTo);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (SemaphoreSlim start in _start)
        {
            start.Release();
        }

        if (_helpersStarted)
        {
            foreach (Thread helper in _helpers)
            {
                helper.Join();
            }
        }

        foreach (SemaphoreSlim start in _start)
        {
            start.Dispose();
        }

    }

    private enum JobKind
    {
        Dot,
        DotColumns,
        Strided,
    }

    /// <summary>One kernel call's arguments, as arrays (spans cannot cross threads).</summary>
    private struct Job
    {
        public JobKind Kind;
        public float[] A, B, C;
        public float[]? Bias;
        public int M, N, K, RowStride, InnerStride;
        public float Alpha;
        public bool Accumulate;
    }
}
