namespace NndlPS.Core.Kernels;

/// <summary>The points of <see cref="WorkerPool"/>'s protocol where a test can delay a thread.</summary>
internal enum WorkerPoolStep
{
    /// <summary>Caller: _remaining set, product not yet published.</summary>
    CallerCountedShares,

    /// <summary>Caller: product published, helpers not yet woken.</summary>
    CallerPublishedProduct,

    /// <summary>Caller: share 0 done, before taking over unclaimed shares.</summary>
    CallerRanOwnShare,

    /// <summary>Helper: read a new product, not yet claimed its share.</summary>
    HelperSawProduct,

    /// <summary>Helper: about to re-check for a product before sleeping.</summary>
    HelperGoingToSleep,

    /// <summary>Any thread: claimed a share, not yet run it.</summary>
    Claimed,

    /// <summary>Any thread: ran a share (and recorded any failure), not yet decremented the count.</summary>
    RanShare,
}
