using System.Numerics;
using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

internal static partial class MatrixKernels
{
    /// <summary>
    /// sums[j] = Σᵣ a[r, j] over the rows of a[rows×columns] (BP3's Σₛ δ[s]), each column added in row order from
    /// row 0, so the result is bit for bit what adding the rows one after another gives.
    /// </summary>
    /// <remarks>
    /// Why not <c>TensorPrimitives.Add</c> row by row, as it was: that is one library call per sample and layer (20 per
    /// mini-batch of the book's network, on 30 and 10 floats), and the library's code for such short spans stays
    /// unoptimized through the first epoch (see <see cref="HotPath"/>): it made that epoch about 0.1 s slower.
    /// </remarks>
    [MethodImpl(HotPath.Compile)]
    public static void SumRows(ReadOnlySpan<float> a, int rows, int columns, Span<float> sums)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        RequireLength(a.Length, (long)rows * columns, nameof(a));
        RequireLength(sums.Length, columns, nameof(sums));
        int j = 0;
        for (; j <= columns - Vector<float>.Count; j += Vector<float>.Count)
        {
            var sum = new Vector<float>(a.Slice(j, Vector<float>.Count));
            for (int r = 1; r < rows; r++)
            {
                sum += new Vector<float>(a.Slice((r * columns) + j, Vector<float>.Count));
            }

            sum.CopyTo(sums.Slice(j, Vector<float>.Count));
        }

        for (; j < columns; j++)
        {
            float sum = a[j];
            for (int r = 1; r < rows; r++)
            {
                sum += a[(r * columns) + j];
            }

            sums[j] = sum;
        }
    }

    /// <summary>
    /// The index of the largest value of a row, as <c>TensorPrimitives.IndexOfMax</c> answers it: the first of equal
    /// largest values, +0 above −0, and the first NaN when there is one.
    /// </summary>
    /// <remarks>
    /// Evaluation asks this once per image of ten outputs; one library call per image was unoptimized code through the
    /// first epoch (see <see cref="HotPath"/>).
    /// </remarks>
    [MethodImpl(HotPath.Compile)]
    public static int IndexOfMax(ReadOnlySpan<float> row)
    {
        if (row.IsEmpty)
        {
            return -1;
        }

        int best = 0;
        float max = row[0];
        if (float.IsNaN(max))
        {
            return 0;
        }

        for (int i = 1; i < row.Length; i++)
        {
            float value = row[i];
            if (float.IsNaN(value))
            {
                return i;
            }

            if (value > max || (value == max && float.IsNegative(max) && !float.IsNegative(value)))
            {
                max = value;
                best = i;
            }
        }

        return best;
    }
}
