namespace NndlPS.Core;

/// <summary>Maps freshly read data into the process before training reads it.</summary>
/// <remarks>
/// Why: on virtual machines that shadow the guest's page tables (Firecracker with PVM, the kind CI and this project's
/// own machines run on), memory that the kernel filled by <c>read()</c> still faults on the process's first access of
/// each page. Measured on MNIST's 55 MB of pixels: the first pass over them 118–172 ms, the second 2 ms. Without this
/// pass the book's first epoch paid it, a few pages per mini-batch. Here the loader pays it once, where the user waits
/// for data anyway. Where read() leaves the pages mapped, the pass costs what the second pass costs here: 2 ms.
/// </remarks>
internal static class MemoryPages
{
    private const int PageSize = 4096;

    private static int _sink;

    /// <summary>Reads one byte of every page of <paramref name="data"/>.</summary>
    public static void Touch(ReadOnlySpan<byte> data)
    {
        int sum = 0;
        for (long i = 0; i < data.Length; i += PageSize) // long: an index near int.MaxValue plus a page overflows int
        {
            sum += data[(int)i];
        }

        // Keeps the reads: the JIT may drop loads whose values are never used.
        Volatile.Write(ref _sink, sum);
    }
}
