using System.Buffers;
using System.Runtime.InteropServices;

namespace NndlPS.Core.Tests;

/// <summary>
/// Chapter 6's expanded training data (<see cref="ImageShifts"/>): every pixel of every shifted copy on small
/// hand-made images, written out by hand for the book's shift and against an independent reference for the rest.
/// </summary>
public class ImageShiftsTests
{
    // Two 3x4 images; pixel (r, c) of image i is 10 * (i + 1) + 4r + c + 1, so no pixel is 0 and each is unique.
    private const int Rows = 3;
    private const int Columns = 4;

    private static readonly byte[] Pixels =
    [
        11, 12, 13, 14,
        15, 16, 17, 18,
        19, 20, 21, 22,

        21, 22, 23, 24,
        25, 26, 27, 28,
        29, 30, 31, 32,
    ];

    private static readonly byte[] Labels = [7, 3];

    private static ImageSet ByteSet() => new("Training", Pixels, Labels, Rows, Columns, classCount: 10);

    private static ImageSet FloatSet() =>
        new("Training", Pixels.Select(p => p / 100f).ToArray(), Labels, Rows, Columns, classCount: 10);

    [Fact]
    public void Each_image_is_followed_by_its_shifts_down_up_right_and_left_as_expand_mnist_py_makes_them()
    {
        ImageSet expanded = ImageShifts.Expand(ByteSet());

        Assert.Equal(10, expanded.Count);
        Assert.Equal(Rows, expanded.ImageRows);
        Assert.Equal(Columns, expanded.ImageColumns);
        float[][] image0 =
        [
            [11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22], // the original
            [0, 0, 0, 0, 11, 12, 13, 14, 15, 16, 17, 18],     // down: row 0 is new, row 2 falls off
            [15, 16, 17, 18, 19, 20, 21, 22, 0, 0, 0, 0],     // up
            [0, 11, 12, 13, 0, 15, 16, 17, 0, 19, 20, 21],    // right: column 0 is new
            [12, 13, 14, 0, 16, 17, 18, 0, 20, 21, 22, 0],    // left
        ];
        for (int copy = 0; copy < ImageShifts.CopiesPerImage; copy++)
        {
            Assert.Equal(image0[copy].Select(p => p / ImageSet.PixelMaximum), expanded.GetImage(copy));
            Assert.Equal(image0[copy].Select(p => p == 0 ? 0f : (p + 10) / ImageSet.PixelMaximum), expanded.GetImage(5 + copy));
        }
    }

    [Fact]
    public void Labels_are_copied_to_every_shift()
    {
        ImageSet expanded = ImageShifts.Expand(ByteSet());

        Assert.Equal([7, 7, 7, 7, 7, 3, 3, 3, 3, 3], Enumerable.Range(0, expanded.Count).Select(expanded.GetLabel));
        Assert.Equal(ByteSet().ClassNames, expanded.ClassNames);
        Assert.Equal("Training", expanded.Name);
    }

    [Fact]
    public void Byte_pixels_stay_bytes_and_float_pixels_stay_floats()
    {
        ImageSet bytes = ImageShifts.Expand(ByteSet());
        ImageSet floats = ImageShifts.Expand(FloatSet());

        Assert.False(bytes.StoresFloats);
        Assert.Equal(10 * Rows * Columns, bytes.BytePixels.Length);
        Assert.True(floats.StoresFloats);
        Assert.Equal(10 * Rows * Columns, floats.FloatPixels.Length);
        // The same shifts: the right shift of image 1 (index 8) holds image 1's pixels, column 0 zero.
        Assert.Equal([0f, 0.21f, 0.22f, 0.23f, 0f, 0.25f, 0.26f, 0.27f, 0f, 0.29f, 0.30f, 0.31f], floats.GetImage(8));
        Assert.Equal(Reference(FloatSet(), 2), Flatten(ImageShifts.Expand(FloatSet(), 2)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Every_pixel_matches_the_books_formula(int distance)
    {
        Assert.Equal(Reference(ByteSet(), distance), Flatten(ImageShifts.Expand(ByteSet(), distance)));
    }

    [Fact]
    public void A_shift_of_two_clears_two_rows_or_columns()
    {
        ImageSet expanded = ImageShifts.Expand(ByteSet(), distance: 2);

        float[] up = expanded.GetImage(2).Select(p => p * ImageSet.PixelMaximum).ToArray();
        float[] left = expanded.GetImage(4).Select(p => p * ImageSet.PixelMaximum).ToArray();
        Assert.Equal([19, 20, 21, 22, 0, 0, 0, 0, 0, 0, 0, 0], up.Select(p => MathF.Round(p)));
        Assert.Equal([13, 14, 0, 0, 17, 18, 0, 0, 21, 22, 0, 0], left.Select(p => MathF.Round(p)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(-2, 0)]
    [InlineData(0, 1)]
    [InlineData(0, -3)]
    [InlineData(1, -1)]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    public void A_shift_writes_every_pixel_of_its_target_even_over_old_values(int down, int right)
    {
        // The expansion's arrays are not cleared first, so the shift itself must write the zeros.
        byte[] image = Pixels[..(Rows * Columns)];
        byte[] target = Enumerable.Repeat((byte)0xAA, Rows * Columns).ToArray();

        ImageShifts.Shift<byte>(image, target, Rows, Columns, down, right);

        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                int fromRow = r - down, fromColumn = c - right;
                bool inside = fromRow is >= 0 and < Rows && fromColumn is >= 0 and < Columns;
                Assert.Equal(inside ? image[(fromRow * Columns) + fromColumn] : 0, target[(r * Columns) + c]);
            }
        }
    }

    [Fact]
    public void Any_image_size_is_shifted_including_a_slice_of_a_larger_set()
    {
        // 5x2 images, the second of three: a slice starts inside its parent's memory.
        byte[] pixels = Enumerable.Range(1, 30).Select(p => (byte)p).ToArray();
        ImageSet slice = new ImageSet("All", pixels, new byte[] { 1, 2, 3 }, 5, 2, classCount: 4).Slice("Training", 1, 1);

        ImageSet expanded = ImageShifts.Expand(slice);

        Assert.Equal(5, expanded.Count);
        Assert.Equal(Reference(slice, 1), Flatten(expanded));
        Assert.Equal([0f, 11, 0, 13, 0, 15, 0, 17, 0, 19], expanded.GetImage(3).Select(p => MathF.Round(p * ImageSet.PixelMaximum)));
    }

    [Fact]
    public void An_empty_set_expands_to_an_empty_set()
    {
        ImageSet empty = ByteSet().Slice("Training", 0, 0);

        Assert.Equal(0, ImageShifts.Expand(empty).Count);
    }

    [Fact]
    public void A_dataset_is_expanded_in_its_training_set_only()
    {
        ImageSet validation = ByteSet().Slice("Validation", 0, 1);
        ImageSet test = ByteSet().Slice("Test", 1, 1);
        var data = new MnistDataset("MNIST", ByteSet(), validation, test, "/data");

        MnistDataset expanded = ImageShifts.Expand(data);
        MnistDataset byTwo = ImageShifts.Expand(data, 2);

        Assert.Equal(10, expanded.Training.Count);
        Assert.Same(validation, expanded.Validation);
        Assert.Same(test, expanded.Test);
        Assert.Equal("MNIST expanded", expanded.Name);
        Assert.Equal("MNIST expanded by 2 px", byTwo.Name);
        Assert.Equal("/data", expanded.Source);
        Assert.StartsWith("MNIST expanded: 10 training, 1 validation, 1 test images", expanded.ToString());
        Assert.Equal(2, data.Training.Count); // the input is left as it was
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3)]  // the images' 3 rows
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public void A_distance_that_would_leave_a_copy_blank_is_refused(int distance)
    {
        var ex = Assert.Throws<NndlException>(() => ImageShifts.Expand(ByteSet(), distance));

        Assert.Equal("ShiftDistanceOutOfRange", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("Give -Distance from 1 to 2", ex.Message);
    }

    [Fact]
    public void Images_of_one_row_cannot_be_shifted()
    {
        var row = new ImageSet("Training", new byte[] { 1, 2, 3 }, new byte[] { 0 }, 1, 3, classCount: 2);

        var ex = Assert.Throws<NndlException>(() => ImageShifts.Expand(row));

        Assert.Equal("ShiftDistanceOutOfRange", ex.ErrorId);
        Assert.Contains("at least 2x2", ex.Message);
    }

    [Theory]
    [InlineData(false, 430_000_000L)] // bytes: 2.15e9 pixels pass one array (and 2 GiB)
    [InlineData(true, 107_400_000L)]  // floats: 537 million pixels pass 2 GiB
    public void A_result_over_the_bound_is_refused_before_anything_is_allocated(bool floats, long inputPixels)
    {
        // Pixels nobody touches: reserved, never written, so this test costs address space, not memory.
        int columns = 1000;
        int count = (int)(inputPixels / (columns * 100));
        long length = (long)count * 100 * columns;
        using var memory = new UntouchedMemory(length * (floats ? sizeof(float) : 1));
        byte[] labels = new byte[count];
        ImageSet set = floats
            ? new ImageSet("Training", memory.AsFloats((int)length), labels, 100, columns, classCount: 10)
            : new ImageSet("Training", memory.AsBytes((int)length), labels, 100, columns, classCount: 10);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<NndlException>(() => ImageShifts.Expand(set));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore < 1 << 20, "refused after allocating");
        Assert.Equal("ExpandedDataTooLarge", ex.ErrorId);
        Assert.Equal(NndlErrorKind.InvalidArgument, ex.Kind);
        Assert.Contains("more than the bound of 2 GiB", ex.Message);
        Assert.Contains("Import-Mnist -First", ex.Message);
    }

    [Fact]
    public void MNISTs_training_set_as_bytes_is_within_the_bound_and_as_floats_too()
    {
        Assert.True(50_000L * 784 * ImageShifts.CopiesPerImage <= ImageShifts.MaxBytes);
        Assert.True(50_000L * 784 * ImageShifts.CopiesPerImage * sizeof(float) <= ImageShifts.MaxBytes);
    }

    [Fact]
    public void A_cancelled_expansion_stops()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() => ImageShifts.Expand(ByteSet(), 1, cancelled.Token));
    }

    /// <summary>The expanded pixels as the book's formula gives them, written without <see cref="ImageShifts"/>.</summary>
    private static float[] Reference(ImageSet set, int d)
    {
        (int Down, int Right)[] shifts = [(0, 0), (d, 0), (-d, 0), (0, d), (0, -d)];
        var result = new List<float>();
        for (int i = 0; i < set.Count; i++)
        {
            float[] image = set.GetImage(i);
            foreach ((int down, int right) in shifts)
            {
                for (int r = 0; r < set.ImageRows; r++)
                {
                    for (int c = 0; c < set.ImageColumns; c++)
                    {
                        int fr = r - down, fc = c - right;
                        result.Add(fr >= 0 && fr < set.ImageRows && fc >= 0 && fc < set.ImageColumns ? image[(fr * set.ImageColumns) + fc] : 0f);
                    }
                }
            }
        }

        return [.. result];
    }

    private static float[] Flatten(ImageSet set) => Enumerable.Range(0, set.Count).SelectMany(set.GetImage).ToArray();

    /// <summary>Native memory that is reserved but never written, so the operating system gives it no pages.</summary>
    private sealed unsafe class UntouchedMemory(long bytes) : IDisposable
    {
        private readonly void* _start = NativeMemory.Alloc((nuint)bytes);

        public ReadOnlyMemory<byte> AsBytes(int length) => new Manager<byte>(_start, length).Memory;

        public ReadOnlyMemory<float> AsFloats(int length) => new Manager<float>(_start, length).Memory;

        public void Dispose() => NativeMemory.Free(_start);

        private sealed class Manager<T>(void* start, int length) : MemoryManager<T>
            where T : unmanaged
        {
            public override Span<T> GetSpan() => new(start, length);

            public override MemoryHandle Pin(int elementIndex = 0) => new((T*)start + elementIndex);

            public override void Unpin()
            {
            }

            protected override void Dispose(bool disposing)
            {
            }
        }
    }
}
