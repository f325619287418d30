using System.Buffers.Binary;
using System.IO.Compression;

namespace NndlPS.Core;

/// <summary>
/// Decompresses a whole .gz file and holds it to what the format promises, which <see cref="GZipStream"/> alone
/// does not:
/// <list type="bullet">
/// <item>The file must end exactly with the gzip trailer of the data. GZipStream reports a normal end when the file
/// stops before its trailer (so the CRC-32 is never checked) and ignores bytes after it. At the end of the data, the
/// last four bytes of the file must be the trailer's ISIZE, the decompressed length modulo 2³²: a cut trailer or
/// extra bytes put other bytes there (a one in 2³² chance of a match), and when the trailer is really there zlib has
/// already checked its CRC-32. Files of several gzip members, which no dataset mirror serves, are refused as well.</item>
/// <item>The expansion is bounded: real dataset files compress at most about 5 to 1 (MNIST's images: 47 MB in 9.9 MB),
/// so a file may expand to <see cref="MaxExpansionRatio"/> times its size, and always to
/// <see cref="MinimumAllowance"/>. A small file built to expand to gigabytes stops there, with
/// <c>GzipTooLarge</c>, before it can exhaust memory.</item>
/// </list>
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    public const int MaxExpansionRatio = 64;
    public const long MinimumAllowance = 16L << 20;

    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly string _path;
    private readonly long _allowance;
    private long _decompressed;
    private bool _verified;

    public CheckedGzipStream(FileStream file, string path)
    {
        _file = file;
        _path = path;
        _gzip = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true);
        _allowance = Math.Max(MinimumAllowance, file.Length > long.MaxValue / MaxExpansionRatio ? long.MaxValue : file.Length * MaxExpansionRatio);
    }

    /// <summary>True when the stream starts with the gzip magic bytes; the position is left at the start.</summary>
    public static bool IsGzip(FileStream file)
    {
        bool gzip = file.Length >= 2 && file.ReadByte() == 0x1f && file.ReadByte() == 0x8b;
        file.Position = 0;
        return gzip;
    }

    public long BytesDecompressed => _decompressed;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = _gzip.Read(buffer);
        if (n == 0)
        {
            VerifyTrailer();
            return 0;
        }

        _decompressed += n;
        if (_decompressed > _allowance)
        {
            throw new NndlException("GzipTooLarge", NndlErrorKind.InvalidData,
                $"The file '{_path}' expands to more than {_allowance:N0} bytes, the bound for a .gz of {_file.Length:N0} bytes " +
                $"({MaxExpansionRatio} times its size, or {MinimumAllowance >> 20} MiB if that is more); real dataset files compress about 5 to 1. " +
                "It is damaged or built to exhaust memory: delete it and fetch the original.", _path);
        }

        return n;
    }

    private void VerifyTrailer()
    {
        if (_verified)
        {
            return;
        }

        Span<byte> isize = stackalloc byte[4];
        long length = _file.Length;
        if (length < 18 || RandomAccess.Read(_file.SafeFileHandle, isize, length - 4) != 4 ||
            BinaryPrimitives.ReadUInt32LittleEndian(isize) != (uint)_decompressed)
        {
            throw new InvalidDataException(
                "its gzip trailer (CRC-32 and length) is missing or does not match its contents: the file is cut short, has extra bytes after its end, or is damaged");
        }

        _verified = true;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _decompressed; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
        }

        base.Dispose(disposing);
    }
}
