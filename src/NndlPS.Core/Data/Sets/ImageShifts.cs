using System.Globalization;

namespace NndlPS.Core;

/// <summary>
/// Chapter 6's expanded training data, as the book's <c>expand_mnist.py</c> makes it: every training image, followed
/// by four copies of it shifted by one pixel, the rows or columns shifted in filled with 0 (white). On MNIST's 50,000
/// training images that is 250,000, and the book's network3.py learns from them to 99.37%. For an image x of R rows
/// and C columns, the copy shifted by (dr, dc) is
/// <code>
///   x′[r, c] = x[r − dr, c − dc]   when 0 ≤ r − dr &lt; R and 0 ≤ c − dc &lt; C,   else 0
/// </code>
/// which is expand_mnist.py's <c>np.roll(image, d, axis)</c> followed by zeroing the row or column that rolled
/// round. The copies follow the original in expand_mnist.py's order: down (dr = +d, its <c>(1, 0)</c>), up (−d),
/// right (dc = +d, its <c>(1, 1)</c>), left (−d). expand_mnist.py then shuffles the 250,000 once; here they stay
/// in that order, since the trainer shuffles the training set every epoch anyway (network.py's SGD does too).
/// Byte pixels stay bytes (MNIST: 196 MB), float pixels stay floats (the book's pickle: 784 MB).
/// </summary>
public static class ImageShifts
{
    /// <summary>The original and its four shifts.</summary>
    public const int CopiesPerImage = 5;

    /// <summary>The book's shift: one pixel.</summary>
    public const int BookDistance = 1;

    /// <summary>
    /// The most memory an expanded set may take. MNIST expanded takes 196 MB as bytes and 784 MB as floats; beyond
    /// this, a set expanded again and again is far more likely than a wish (each expansion multiplies it by five).
    /// </summary>
    public const long MaxBytes = 2L << 30;

    /// <summary>How often a long expansion looks at the cancellation token, in images.</summary>
    private const int ImagesBetweenChecks = 4096;

    /// <summary>The row and column steps of each shift, in expand_mnist.py's order: down, up, right, left.</summary>
    private static readonly (int Rows, int Columns)[] Directions = [(1, 0), (-1, 0), (0, 1), (0, -1)];

    /// <summary>
    /// A new dataset whose Training set is <paramref name="data"/>'s expanded by <see cref="Expand(ImageSet, int, CancellationToken)"/>;
    /// its Validation and Test sets are the very same objects, never expanded: they measure the network on images
    /// as they come.
    /// </summary>
    /// <exception cref="NndlException">ShiftDistanceOutOfRange, ExpandedDataTooLarge.</exception>
    public static MnistDataset Expand(MnistDataset data, int distance = BookDistance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ImageSet training = Expand(data.Training, distance, cancellationToken);
        string name = distance == BookDistance ? $"{data.Name} expanded" : $"{data.Name} expanded by {distance} px";
        return new MnistDataset(name, training, data.Validation, data.Test, data.Source);
    }

    /// <summary>
    /// <paramref name="images"/> expanded: for image i, the original at 5i, then its shifts by
    /// <paramref name="distance"/> pixels down, up, right and left at 5i + 1 … 5i + 4, each with image i's label.
    /// </summary>
    /// <exception cref="NndlException">
    /// ShiftDistanceOutOfRange: <paramref name="distance"/> is below 1, or not below both the rows and the columns.
    /// ExpandedDataTooLarge: the result would take more than <see cref="MaxBytes"/> or one array (checked before allocating).
    /// </exception>
    public static ImageSet Expand(ImageSet images, int distance = BookDistance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        RequireDistance(images, distance);
        int count = RequireFit(images);

        byte[] labels = new byte[count];
        ReadOnlySpan<byte> sourceLabels = images.Labels;
        for (int i = 0; i < images.Count; i++)
        {
            labels.AsSpan(i * CopiesPerImage, CopiesPerImage).Fill(sourceLabels[i]);
        }

        // Every element of the result is written below (the copy, or 0 where a shift moved pixels out), so the
        // array need not be cleared first.
        if (images.StoresFloats)
        {
            float[] pixels = GC.AllocateUninitializedArray<float>(count * images.InputSize);
            ExpandPixels(images.FloatPixels.Span, pixels, images, distance, cancellationToken);
            return new ImageSet(images.Name, pixels, labels, images.ImageRows, images.ImageColumns, images.ClassCount, images.ClassNames);
        }

        byte[] bytes = GC.AllocateUninitializedArray<byte>(count * images.InputSize);
        ExpandPixels(images.BytePixels.Span, bytes, images, distance, cancellationToken);
        return new ImageSet(images.Name, bytes, labels, images.ImageRows, images.ImageColumns, images.ClassCount, images.ClassNames);
    }

    /// <summary>
    /// Writes into every element of <paramref name="target"/> (<paramref name="rows"/> × <paramref name="columns"/>,
    /// row-major) the image <paramref name="source"/> shifted <paramref name="down"/> rows down and
    /// <paramref name="right"/> columns right (negative: up, left), with 0 where nothing was shifted in.
    /// </summary>
    internal static void Shift<T>(ReadOnlySpan<T> source, Span<T> target, int rows, int columns, int down, int right)
        where T : unmanaged
    {
        int kept = columns - Math.Abs(right);     // the columns of a row that stay in the image
        int from = Math.Max(0, -right);           // where they start in the source row
        int to = Math.Max(0, right);              // and in the target row
        for (int r = 0; r < rows; r++)
        {
            Span<T> targetRow = target.Slice(r * columns, columns);
            int sourceRow = r - down;
            if (sourceRow < 0 || sourceRow >= rows || kept <= 0)
            {
                targetRow.Clear();
                continue;
            }

            source.Slice((sourceRow * columns) + from, kept).CopyTo(targetRow.Slice(to, kept));
            targetRow.Slice(0, to).Clear();
            targetRow.Slice(to + kept).Clear();
        }
    }

    private static void ExpandPixels<T>(ReadOnlySpan<T> source, Span<T> target, ImageSet images, int distance, CancellationToken cancellationToken)
        where T : unmanaged
    {
        int size = images.InputSize;
        for (int i = 0; i < images.Count; i++)
        {
            if (i % ImagesBetweenChecks == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            ReadOnlySpan<T> image = source.Slice(i * size, size);
            int first = i * CopiesPerImage * size;
            image.CopyTo(target.Slice(first, size));
            for (int s = 0; s < Directions.Length; s++)
            {
                Span<T> copy = target.Slice(first + ((s + 1) * size), size);
                Shift(image, copy, images.ImageRows, images.ImageColumns, Directions[s].Rows * distance, Directions[s].Columns * distance);
            }
        }
    }

    private static void RequireDistance(ImageSet images, int distance)
    {
        int smaller = Math.Min(images.ImageRows, images.ImageColumns);
        if (distance >= 1 && distance < smaller)
        {
            return;
        }

        string image = $"{images.ImageRows}x{images.ImageColumns}";
        string fix = smaller > 1
            ? $"Give -Distance from 1 to {smaller - 1} (the book shifts by 1)."
            : $"Images of {image} cannot be shifted both across and down; expand images of at least 2x2.";
        throw new NndlException("ShiftDistanceOutOfRange", NndlErrorKind.InvalidArgument,
            $"A shift of {distance} pixel{(distance == 1 ? "" : "s")} does not fit images of {image}: it must be at least 1 and less than their " +
            $"{smaller} {(images.ImageRows <= images.ImageColumns ? "rows" : "columns")}, or a shifted copy would be blank. {fix}",
            distance.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The number of images of the result, once it is known to fit: every size in 64 bits, before any allocation.</summary>
    private static int RequireFit(ImageSet images)
    {
        long count = (long)images.Count * CopiesPerImage;
        long elements = count * images.InputSize;
        int elementSize = images.StoresFloats ? sizeof(float) : sizeof(byte);
        long bytes = elements * elementSize;
        if (elements <= Array.MaxLength && bytes <= MaxBytes)
        {
            return (int)count;
        }

        long fits = Math.Min(Array.MaxLength, MaxBytes / elementSize) / ((long)images.InputSize * CopiesPerImage);
        throw new NndlException("ExpandedDataTooLarge", NndlErrorKind.InvalidArgument,
            $"Expanding {images.Count:N0} images of {images.ImageRows}x{images.ImageColumns} gives {count:N0} images, " +
            $"{bytes:N0} bytes ({bytes / (double)(1 << 30):N2} GiB) of {(images.StoresFloats ? "float" : "byte")} pixels: more than the bound of " +
            $"{MaxBytes >> 30} GiB, or than one array holds. Expand at most {fits:N0} images, e.g. Import-Mnist -First {fits}, and expand a dataset once.",
            images.Count.ToString(CultureInfo.InvariantCulture));
    }
}
