using System.IO.Compression;

namespace NndlPS.Core;

/// <summary>
/// Decompresses a whole .gz file and holds it to what the format promises, which <see cref="GZipStream"/> alone
/// does not:
/// <list type="bullet">
/// <item>The file must be one or more whole gzip members and nothing else. RFC 1952 allows several members one after
/// another (what <c>cat a.gz b.gz</c> makes), and GZipStream decodes them, zlib checking each member's CRC-32 and
/// length against its trailer. But GZipStream reports a normal end when the file stops inside a member (so that
/// trailer is never checked) and ignores bytes after the last member. So the stream GZipStream reads is the file
/// followed by <see cref="Sentinel"/>, a whole gzip member of our own: it decodes to <see cref="Marker"/> only when
/// the file ended exactly at the end of a member. A cut member swallows the sentinel as its own data or trailer
/// (zlib then reports a data error, or the marker never appears), and bytes after the last member stop GZipStream
/// before the sentinel is read as a member. The marker is held back from the reader and checked at the end.</item>
/// <item>The expansion is bounded: real dataset files compress at most about 5 to 1 (MNIST's images: 47 MB in 9.9 MB),
/// so a file may expand to <see cref="MaxExpansionRatio"/> times its size, and always to
/// <see cref="MinimumAllowance"/>. A small file built to expand to gigabytes stops there, with
/// <c>GzipTooLarge</c>, before it can exhaust memory, however many members it has.</item>
/// </list>
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    public const int MaxExpansionRatio = 64;
    public const long MinimumAllowance = 16L << 20;

    private const string TrailerMessage =
        "its gzip trailer (CRC-32 and length) is missing or does not match its contents: the file is cut short, has extra bytes after its end, or is damaged";

    private static readonly byte[] Marker = "NndlPS: gzip end"u8.ToArray();
    private static readonly byte[] Sentinel = GzipOf(Marker);

    private readonly FileStream _file;
    private readonly FileThenSentinel _source;
    private readonly GZipStream _gzip;
    private readonly string _path;
    private readonly long _allowance;

    // Decompressed bytes not yet given to the reader: the last Marker.Length of them may be the marker.
    private readonly byte[] _held = new byte[(1 << 16) + 16];
    private int _heldCount;
    private bool _ended;
    private long _decompressed;

    public CheckedGzipStream(FileStream file, string path)
    {
        _file = file;
        _path = path;
        _source = new FileThenSentinel(file);
        _gzip = new GZipStream(_source, CompressionMode.Decompress, leaveOpen: true);
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
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_heldCount <= Marker.Length)
        {
            if (_ended)
            {
                VerifyEnd();
                return 0;
            }

            int n = ReadGzip(_held.AsSpan(_heldCount));
            _ended = n == 0;
            _heldCount += n;
        }

        int given = Math.Min(buffer.Length, _heldCount - Marker.Length);
        _held.AsSpan(0, given).CopyTo(buffer);
        _held.AsSpan(given, _heldCount - given).CopyTo(_held);
        _heldCount -= given;
        _decompressed += given;
        if (_decompressed > _allowance)
        {
            throw new NndlException("GzipTooLarge", NndlErrorKind.InvalidData,
                $"The file '{_path}' expands to more than {_allowance:N0} bytes, the bound for a .gz of {_file.Length:N0} bytes " +
                $"({MaxExpansionRatio} times its size, or {MinimumAllowance >> 20} MiB if that is more); real dataset files compress about 5 to 1. " +
                "It is damaged or built to exhaust memory: delete it and fetch the original.", _path);
        }

        return given;
    }

    private int ReadGzip(Span<byte> buffer)
    {
        try
        {
            return _gzip.Read(buffer);
        }
        catch (InvalidDataException) when (_source.SentinelReached)
        {
            throw new InvalidDataException(TrailerMessage); // a cut member read our sentinel as its own bytes
        }
    }

    /// <summary>The file's members are whole exactly when the sentinel decoded, as the last bytes, to the marker.</summary>
    private void VerifyEnd()
    {
        // An empty file would otherwise be just our sentinel, which decodes to the marker.
        if (_source.FileBytesRead == 0 || _heldCount != Marker.Length || !_held.AsSpan(0, _heldCount).SequenceEqual(Marker))
        {
            throw new InvalidDataException(TrailerMessage);
        }
    }

    private static byte[] GzipOf(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
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

    /// <summary>The file's bytes from its start, then <see cref="Sentinel"/>'s.</summary>
    private sealed class FileThenSentinel(FileStream file) : Stream
    {
        private int _sentinelRead;

        /// <summary>True once a byte of the sentinel has been handed to GZipStream: the file's own bytes are all read.</summary>
        public bool SentinelReached { get; private set; }

        /// <summary>How many of the file's own bytes were handed on.</summary>
        public long FileBytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!SentinelReached)
            {
                int n = file.Read(buffer);
                FileBytesRead += n;
                if (n > 0 || buffer.IsEmpty)
                {
                    return n;
                }

                SentinelReached = true;
            }

            int rest = Math.Min(buffer.Length, Sentinel.Length - _sentinelRead);
            Sentinel.AsSpan(_sentinelRead, rest).CopyTo(buffer);
            _sentinelRead += rest;
            return rest;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
