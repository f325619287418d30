using Sylvan.Data.Csv;

namespace NndlPS.Core;

/// <summary>
/// Reads images from CSV in the common Kaggle layout: one image per row, <c>label,pixel0,…,pixel783</c>, pixel
/// values 0..255, with or without a header row. Images are taken to be square (784 pixels → 28×28).
/// </summary>
internal static class CsvImageReader
{
    /// <summary>
    /// The longest row read, in characters: a 28×28 image is at most about 3,200 ("255," per pixel), so this takes
    /// images of up to about 16,000 pixels (126×126). It bounds what one line without an end makes us buffer, and the
    /// fields of one row: the CSV reader's time per row grows faster than its field count (100,000 fields take
    /// about 10 s on this machine, 600,000 over 5 minutes), so a longer bound would let one row stall an import.
    /// </summary>
    public const int MaxRowCharacters = 1 << 16;

    public static ImageSet Read(string path, string setName, IReadOnlyList<string> classNames)
    {
        DataFile.RequireRegular(path);
        // With a byte-order mark the CSV reader decodes UTF-16 itself; without one, its NULs would read as labels of ' 1 '.
        byte[] start = TextEncoding.Start(path);
        if (!TextEncoding.HasByteOrderMark(start) && TextEncoding.WideEncodingOf(start) is string encoding)
        {
            throw Invalid(path, 1, $"the file is text in {encoding}, which this reader cannot tell apart. {TextEncoding.Advice}");
        }

        var labels = new List<byte>();
        var pixels = new List<byte>();
        int pixelCount = -1;
        long row = 0;
        string? header = null;
        try
        {
            using CsvDataReader csv = CsvDataReader.Create(path, new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',', MaxBufferSize = MaxRowCharacters });
            while (csv.Read())
            {
                row++;
                if (csv.RowFieldCount <= 1 && string.IsNullOrWhiteSpace(csv.GetString(0)))
                {
                    continue; // a blank line, e.g. the last one an editor adds: pandas and Python's csv.DictReader skip it too
                }

                // A header row such as "label,pixel0,pixel1,…": its first field is no number at all. A label that is a
                // number but too large for one ("99999999999") is a bad label, reported as such below, not a header.
                if (row == 1 && !double.TryParse(csv.GetString(0), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    header = csv.GetString(0);
                    continue;
                }

                if (pixelCount < 0)
                {
                    pixelCount = csv.RowFieldCount - 1;
                    int side = (int)Math.Round(Math.Sqrt(pixelCount));
                    if (pixelCount < 1 || side * side != pixelCount)
                    {
                        throw Invalid(path, row, $"it has {pixelCount} pixel columns after the label; a square image needs a square number (784 for 28x28)");
                    }
                }
                else if (csv.RowFieldCount - 1 != pixelCount)
                {
                    throw Invalid(path, row, $"it has {csv.RowFieldCount - 1} pixels where the rows before it have {pixelCount}");
                }

                int label = ReadInt(csv, 0, path, row);
                if (label < 0 || label >= classNames.Count)
                {
                    throw new NndlException("MnistLabelOutOfRange", NndlErrorKind.InvalidData,
                        $"Row {row} of '{path}' has label {label}, but this dataset's labels are 0 to {classNames.Count - 1}.", path);
                }

                if ((long)pixels.Count + pixelCount > Array.MaxLength)
                {
                    // Checked in 64 bits: one array holds the set's pixels, and List<byte> would fail with a bare OutOfMemoryException.
                    throw Invalid(path, row, $"the file holds more pixels than one image set can ({Array.MaxLength:N0}, some {Array.MaxLength / pixelCount:N0} images of this size); split it into several files");
                }

                labels.Add((byte)label);
                for (int p = 1; p <= pixelCount; p++)
                {
                    int value = ReadInt(csv, p, path, row);
                    if (value is < 0 or > 255)
                    {
                        throw Invalid(path, row, $"pixel {p - 1} is {value}, outside 0..255");
                    }

                    pixels.Add((byte)value);
                }
            }
        }
        catch (CsvRecordTooLargeException)
        {
            throw Invalid(path, row + 1, $"it is longer than {MaxRowCharacters:N0} characters, the most this reader takes for one image; a CSV of images has one image per line");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFile.AccessDenied(path, ex);
        }
        catch (IOException ex)
        {
            throw new NndlException("CsvReadFailed", NndlErrorKind.InvalidData, $"The CSV file '{path}' could not be read: {ex.Message}", path, ex);
        }
        catch (CsvFormatException ex)
        {
            throw Invalid(path, row + 1, ex.Message.TrimEnd('.')); // thrown while reading the row after the last one counted
        }

        if (labels.Count == 0)
        {
            throw Invalid(path, row, header is null ? "it holds no images"
                : $"it holds no images, only a first row taken as a header ('{(header.Length > 40 ? header[..40] + "…" : header)}'); images are rows of numbers separated by commas");
        }

        int side2 = (int)Math.Round(Math.Sqrt(pixelCount));
        return new ImageSet(setName, pixels.ToArray(), labels.ToArray(), side2, side2, classNames.Count, classNames);
    }

    private static int ReadInt(CsvDataReader csv, int column, string path, long row)
    {
        try
        {
            return csv.GetInt32(column);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            throw Invalid(path, row, $"column {column} is '{csv.GetString(column)}', not a whole number");
        }
    }

    private static NndlException Invalid(string path, long row, string why) =>
        new("CsvInvalid", NndlErrorKind.InvalidData,
            $"Row {row} of the CSV file '{path}' is not a labelled image: {why}. The expected layout is 'label,pixel0,…,pixel783' with values 0..255.", path);
}
