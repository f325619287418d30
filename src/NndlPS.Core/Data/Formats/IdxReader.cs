using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NndlPS.Core;

/// <summary>
/// Reads IDX files (the format MNIST is distributed in), raw or gzip-compressed. The header is checked
/// against the data actually present before anything large is allocated, so a file that claims billions
/// of items fails with a clear error instead of an OutOfMemoryException.
/// </summary>
public static class IdxReader
{
    private const int MaxDimensions = 8;

    /// <summary>Reads a whole IDX file. Compression is recognised by the gzip magic bytes, not the file name.</summary>
    /// <exception cref="NndlException">The file is missing, is not IDX, or is truncated.</exception>
    public static IdxArray Read(string path) => Read(path, published: null);

    /// <summary>
    /// Reads a whole IDX file; when it decompresses to exactly the <paramref name="published"/> length, it is taken to
    /// be that file and its SHA-256 must match (a flipped byte in a cached file is caught, not loaded as a wrong label).
    /// </summary>
    public static IdxArray Read(string path, PublishedContents? published)
    {
        if (!File.Exists(path))
        {
            throw new NndlException("IdxFileNotFound", NndlErrorKind.NotFound,
                $"The IDX file '{path}' does not exist. Check the path, or run Import-Mnist without -Path to download MNIST into the cache.", path);
        }

        try
        {
            using FileStream file = DataFile.OpenRead(path);
            if (!CheckedGzipStream.IsGzip(file))
            {
                return Verify(ReadFrom(file, path, bytesAvailable: file.Length), published);
            }

            using var gzip = new CheckedGzipStream(file, path);
            return Verify(ReadFrom(gzip, path, bytesAvailable: null), published);
        }
        catch (InvalidDataException ex)
        {
            throw new NndlException("GzipInvalid", NndlErrorKind.InvalidData,
                $"The file '{path}' starts like a gzip file but cannot be decompressed ({ex.Message}). " +
                "It is probably damaged: delete it and fetch it again.", path, ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFile.AccessDenied(path, ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new NndlException("IdxReadFailed", NndlErrorKind.InvalidData,
                $"The file '{path}' could not be read: {ex.Message}", path, ex);
        }
    }

    private static IdxArray Verify(IdxArray array, PublishedContents? published)
    {
        if (published is null || array.ContentLength != published.Length)
        {
            return array;
        }

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[4 + (4 * array.Dimensions.Count)];
        header.Clear();
        header[2] = (byte)array.ElementType;
        header[3] = (byte)array.Dimensions.Count;
        for (int d = 0; d < array.Dimensions.Count; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(header.Slice(4 + (4 * d)), array.Dimensions[d]);
        }

        sha.AppendData(header);
        sha.AppendData(array.Data);
        string actual = Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
        if (actual != published.Sha256)
        {
            throw new NndlException("DatasetChecksumMismatch", NndlErrorKind.InvalidData,
                $"The cached file '{array.Source}' has the length of the published file but not its contents (SHA-256 {actual}, " +
                $"published {published.Sha256}): it is damaged. Delete it and run Import-Mnist again to download it afresh.", array.Source);
        }

        return array;
    }

    private static IdxArray ReadFrom(Stream stream, string path, long? bytesAvailable)
    {
        Span<byte> magic = stackalloc byte[4];
        if (ReadFully(stream, magic) < 4 || magic[0] != 0 || magic[1] != 0)
        {
            throw HeaderInvalid(path, "it does not start with the IDX magic number (two zero bytes, a type byte, a dimension count)");
        }

        if (!Enum.IsDefined((IdxElementType)magic[2]))
        {
            throw HeaderInvalid(path, $"its element type byte 0x{magic[2]:X2} is not one IDX defines (0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E)");
        }

        var elementType = (IdxElementType)magic[2];
        int rank = magic[3];
        if (rank is < 1 or > MaxDimensions)
        {
            throw HeaderInvalid(path, $"it declares {rank} dimensions (expected 1 to {MaxDimensions})");
        }

        Span<byte> dimensionBytes = stackalloc byte[4 * rank];
        if (ReadFully(stream, dimensionBytes) < dimensionBytes.Length)
        {
            throw Truncated(path, "its header ends before all dimensions are given");
        }

        var dimensions = new int[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++)
        {
            uint size = BinaryPrimitives.ReadUInt32BigEndian(dimensionBytes.Slice(4 * d));
            if (size > int.MaxValue)
            {
                throw HeaderInvalid(path, $"dimension {d} claims {size} entries");
            }

            dimensions[d] = (int)size;
            elements = elements * size;
            if (elements > Array.MaxLength)
            {
                throw new NndlException("IdxTooLarge", NndlErrorKind.InvalidData,
                    $"The IDX file '{path}' claims dimensions {string.Join("×", dimensions.Take(d + 1))}… whose product exceeds what one array can hold. The header is corrupt or the file is not a dataset this module reads.", path);
            }
        }

        long dataBytes = elements * ElementSize(elementType);
        if (dataBytes > Array.MaxLength)
        {
            throw new NndlException("IdxTooLarge", NndlErrorKind.InvalidData,
                $"The IDX file '{path}' claims {dataBytes:N0} bytes of data, more than one array can hold.", path);
        }

        long headerBytes = 4 + (4L * rank);
        if (bytesAvailable is long total)
        {
            long present = total - headerBytes;
            if (present < dataBytes)
            {
                throw Truncated(path, $"its header [{string.Join("×", dimensions)}] needs {dataBytes:N0} bytes of data but the file holds only {present:N0}");
            }

            if (present > dataBytes)
            {
                throw new NndlException("IdxTrailingData", NndlErrorKind.InvalidData,
                    $"The IDX file '{path}' holds {present - dataBytes:N0} bytes more than its header [{string.Join("×", dimensions)}] describes; it is not a valid IDX file.", path);
            }

            var data = new byte[dataBytes];
            ReadFully(stream, data);
            return new IdxArray(path, elementType, dimensions, data);
        }

        // Compressed: the decompressed size is unknown until the end, so the buffer grows only as real data
        // arrives, and CheckedGzipStream bounds how far a small file may expand: an honest header of a huge array
        // in a small .gz (a gzip bomb) stops at that bound instead of taking gigabytes.
        byte[] buffer = ReadGrowing(stream, dataBytes, out long read);
        if (read < dataBytes)
        {
            throw Truncated(path, $"its header [{string.Join("×", dimensions)}] needs {dataBytes:N0} bytes of data but it decompresses to only {read:N0}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw new NndlException("IdxTrailingData", NndlErrorKind.InvalidData,
                $"The IDX file '{path}' decompresses to more data than its header [{string.Join("×", dimensions)}] describes; it is not a valid IDX file.", path);
        }

        return new IdxArray(path, elementType, dimensions, buffer);
    }

    internal static int ElementSize(IdxElementType type) => type switch
    {
        IdxElementType.UnsignedByte or IdxElementType.SignedByte => 1,
        IdxElementType.Int16 => 2,
        IdxElementType.Int32 or IdxElementType.Float32 => 4,
        IdxElementType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    private static byte[] ReadGrowing(Stream stream, long needed, out long read)
    {
        var buffer = new byte[Math.Min(needed, 1 << 20)];
        read = 0;
        while (read < needed)
        {
            if (read == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(needed, (long)buffer.Length * 2));
            }

            int n = stream.Read(buffer, (int)read, buffer.Length - (int)read);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return buffer;
    }

    private static int ReadFully(Stream stream, Span<byte> target)
    {
        int total = 0;
        while (total < target.Length)
        {
            int n = stream.Read(target.Slice(total));
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total;
    }

    private static NndlException HeaderInvalid(string path, string why) =>
        new("IdxHeaderInvalid", NndlErrorKind.InvalidData,
            $"The file '{path}' is not an IDX file: {why}. Point -Path at the MNIST files (e.g. train-images-idx3-ubyte or its .gz).", path);

    private static NndlException Truncated(string path, string why) =>
        new("IdxTruncated", NndlErrorKind.InvalidData,
            $"The IDX file '{path}' is truncated: {why}. Delete it and fetch it again (Import-Mnist without -Path downloads MNIST).", path);
}
