using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

/// <summary>
/// The three matrix products of backpropagation, each split between cores: which kernel a product runs and how its
/// result is cut into shares (<see cref="BlockShare"/>, also for a convolutional layer's weight gradient, which
/// ConvPoolPass shares out with its steps). The shares are handed out by a <see cref="WorkerPool"/>, whose protocol is
/// documented there. Every product uses one vocabulary, from the callers down to the kernels: the result C is
/// <c>rows × columns</c>, and <c>inner</c> is the dimension summed over.
/// <para>The kernels compute every element by the same operations whichever share it falls in, so results are
/// identical, bit for bit, for any number of threads. Small products run on the calling thread alone: handing a
/// share to a helper costs microseconds, more than a mini-batch of the book's network takes.</para>
/// <para>One instance serves one caller at a time (a trainer and its evaluator take turns on one) with helpers of its own; it is fed through
/// fields rather than closures, so a product allocates nothing.</para>
/// </summary>
internal sealed class ParallelKernels : IShareWork, IDisposable
{
    /// <summary>
    /// Multiply-adds below which a second thread does not pay for handing it a share. At 1.5 million, chapter 6's
    /// first weight gradient at mini-batch 10 (2.9 million) ran on one thread: 0.40 s of an epoch; split, 0.21 s
    /// (<c>bench/NndlPS.Bench --conv-phases</c>, 2 AVX2 cores). A share of a million is about 20 µs of a core, a hand-off
    /// to a spinning helper a few.
    /// </summary>
    internal const long MinimumWorkPerThread = 1_000_000;

    // Splits fall on multiples of 4, the tallest register block (4×4 on AVX-512, 4-row strided blocks), so no block is
    // cut there; the 2×3 dot blocks restart at each share's edge. Either way each element is computed alone (R6),
    // so where a split falls changes speed, never a bit.
    private const int BlockRows = 4;

    private readonly WorkerPool _pool;
    private readonly int[] _splits; // share s covers [_splits[s], _splits[s + 1]) of the split dimension
    private Product _product;

    public ParallelKernels(int threads)
    {
        _pool = new WorkerPool(threads);
        _splits = new int[threads + 1];
    }

    public int Threads => _pool.Threads;

    /// <summary>The pool, for tests that drive its protocol step by step.</summary>
    internal WorkerPool Pool => _pool;

    /// <summary>
    /// C[rows×columns] = A[rows×inner] · B[columns×inner]ᵀ + bias: the forward pass z = w·a + b for a mini-batch
    /// (A the inputs, one sample per row; B the weights w, y×x).
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public void MultiplyByTransposed(float[] a, float[] b, float[] c, int rows, int columns, int inner, float[]? bias)
    {
        // Split by output neurons when there are at least as many as samples (training): each thread then reads
        // the rows of w it updates itself in the step that follows, instead of pulling them from the other core.
        // Split by samples otherwise (evaluation's large chunks of a small layer).
        bool byColumns = columns >= rows;
        _product = new Product
        {
            Kernel = Kernel.MultiplyByTransposed, SplitByColumns = byColumns,
            A = a, B = b, C = c, Bias = bias, Rows = rows, Columns = columns, Inner = inner,
        };
        Run(byColumns ? columns : rows, (long)rows * columns * inner);
    }

    /// <summary>
    /// C[rows×columns] = A[rows×inner] · B[inner×columns]: backpropagation's δˡ⁻¹ ← δˡ · wˡ (BP2). With
    /// <paramref name="columnsPerSample"/> &gt; 0 the columns are the samples' (a convolutional layer's w · columns),
    /// and the shares cut them by samples as <see cref="SampleShare"/> does.
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    public void Multiply(float[] a, float[] b, float[] c, int rows, int columns, int inner, int columnsPerSample = 0) =>
        MultiplyStrided(a, aRowStride: inner, aInnerStride: 1, b, c, rows, columns, inner, alpha: 1f, beta: 0f, columnsPerSample);

    /// <summary>
    /// C[rows×columns] = α · A[inner×rows]ᵀ · B[inner×columns] + β · C. With A the errors δ of a mini-batch and B
    /// the previous layer's activations, this is ∂C/∂w summed over the batch (BP4, α = 1, β = 0); with α = −η/m and
    /// β = 1 − ηλ/n it is the whole gradient-descent step on w, weight decay included.
    /// </summary>
    /// <remarks>With <paramref name="columnsPerSample"/> &gt; 0, cut by samples as <see cref="Multiply"/> is.</remarks>
    [MethodImpl(HotPath.Compile)]
    public void MultiplyTransposedBy(float[] a, float[] b, float[] c, int rows, int columns, int inner, float alpha, float beta,
        int columnsPerSample = 0) =>
        MultiplyStrided(a, aRowStride: 1, aInnerStride: rows, b, c, rows, columns, inner, alpha, beta, columnsPerSample);

    /// <summary>
    /// Samples [m·share/shares, m·(share+1)/shares) of m: the one rule by which a batch is cut by samples, for the
    /// convolutional layers' per-sample steps (ConvPoolPass) and for products cut by samples (columnsPerSample, which
    /// the bench's phase profile times step by step).
    /// </summary>
    public static (int From, int To) SampleShare(int m, int share, int shares) => EvenShare(m, share, shares);

    /// <summary>Share <paramref name="share"/> of [0, <paramref name="length"/>) cut into <paramref name="shares"/> as even as whole items allow.</summary>
    public static (int From, int To) EvenShare(int length, int share, int shares) =>
        ((int)((long)length * share / shares), (int)((long)length * (share + 1) / shares));

    [MethodImpl(HotPath.Compile)]
    private void MultiplyStrided(float[] a, int aRowStride, int aInnerStride, float[] b, float[] c,
        int rows, int columns, int inner, float alpha, float beta, int columnsPerSample)
    {
        _product = new Product
        {
            Kernel = Kernel.MultiplyStrided, A = a, ARowStride = aRowStride, AInnerStride = aInnerStride, B = b, C = c,
            Rows = rows, Columns = columns, Inner = inner, Alpha = alpha, Beta = beta, SplitByColumns = columnsPerSample > 0,
        };
        if (columnsPerSample > 0)
        {
            RunBySamples(columns / columnsPerSample, columnsPerSample, (long)rows * columns * inner);
        }
        else
        {
            Run(rows, (long)rows * columns * inner);
        }
    }

    /// <summary>Cuts the columns of m samples into <see cref="SampleShare"/>s and runs them.</summary>
    [MethodImpl(HotPath.Compile)]
    private void RunBySamples(int m, int columnsPerSample, long multiplyAdds)
    {
        // As many shares as the layer's other steps cut the batch into, so each thread reads what it wrote; a product
        // too small to pay for a handoff runs on the caller alone.
        int shares = multiplyAdds < MinimumWorkPerThread ? 1 : Math.Min(Threads, m);
        for (int s = 0; s <= shares; s++)
        {
            _splits[s] = (s == shares ? m : SampleShare(m, s, shares).From) * columnsPerSample;
        }

        _pool.Run(shares, this);
    }

    /// <summary>
    /// Runs <paramref name="work"/>'s shares 0 … <paramref name="shares"/> − 1 on this instance's threads (the
    /// convolutional layers' data movement, shared by samples; the pool's protocol is <see cref="WorkerPool"/>'s).
    /// </summary>
    public void RunShares(int shares, IShareWork work) => _pool.Run(Math.Clamp(shares, 1, Threads), work);

    /// <summary>Cuts [0, length) of the split dimension into equal shares of whole blocks and runs them.</summary>
    [MethodImpl(HotPath.Compile)]
    private void Run(int length, long multiplyAdds)
    {
        int shares = SharesFor(length, multiplyAdds);
        for (int s = 0; s < shares; s++)
        {
            _splits[s] = BlockShare(length, s, shares).From;
        }

        _splits[shares] = length;
        _pool.Run(shares, this);
    }

    /// <summary>
    /// How many shares a product of <paramref name="multiplyAdds"/> split along <paramref name="length"/> takes: one
    /// per <see cref="MinimumWorkPerThread"/>, at most one per thread and per block of <see cref="BlockRows"/> (for work of
    /// several products each cut alike, the longest one's length: a share may find a shorter one empty).
    /// </summary>
    [MethodImpl(HotPath.Compile)]
    internal int SharesFor(int length, long multiplyAdds)
    {
        long shares = Math.Clamp(multiplyAdds / MinimumWorkPerThread, 1, Threads);
        return (int)Math.Max(1, Math.Min(shares, ((long)length + BlockRows - 1) / BlockRows));
    }

    /// <summary>Share <paramref name="share"/> of [0, <paramref name="length"/>) cut into <paramref name="shares"/> of whole blocks: the one rule for a product's split.</summary>
    internal static (int From, int To) BlockShare(int length, int share, int shares)
    {
        long blocks = ((long)length + BlockRows - 1) / BlockRows;
        return ((int)Math.Min(length, blocks * share / shares * BlockRows), (int)Math.Min(length, blocks * (share + 1) / shares * BlockRows));
    }

    /// <summary>Runs share <paramref name="share"/> of the current product (called by the pool, on any of its threads).</summary>
    [MethodImpl(HotPath.Compile)]
    public void RunShare(int share)
    {
        ref readonly Product p = ref _product;
        int from = _splits[share], to = _splits[share + 1];
        if (p.Kernel == Kernel.MultiplyByTransposed)
        {
            (int rowFrom, int rowTo, int columnFrom, int columnTo) = p.SplitByColumns ? (0, p.Rows, from, to) : (from, to, 0, p.Columns);
            MatrixKernels.MultiplyByTransposed(p.A, p.B, p.C, p.Rows, p.Columns, p.Inner, p.Bias,
                rowFrom, rowTo, columnFrom, columnTo);
        }
        else
        {
            (int rowFrom, int rowTo, int columnFrom, int columnTo) = p.SplitByColumns ? (0, p.Rows, from, to) : (from, to, 0, p.Columns);
            MatrixKernels.MultiplyStrided(p.A, p.ARowStride, p.AInnerStride, p.B, p.C, p.Rows, p.Columns, p.Inner,
                p.Alpha, p.Beta, rowFrom, rowTo, columnFrom: columnFrom, columnTo: columnTo);
        }
    }

    public void Dispose() => _pool.Dispose();

    private enum Kernel
    {
        MultiplyByTransposed,
        MultiplyStrided,
    }

    /// <summary>One product's arguments, as arrays (spans cannot cross threads).</summary>
    private struct Product
    {
        public Kernel Kernel;
        public bool SplitByColumns;
        public float[] A, B, C;
        public float[]? Bias;
        public int Rows, Columns, Inner, ARowStride, AInnerStride;
        public float Alpha, Beta;
    }
}
