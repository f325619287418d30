using System.Text.Json;

namespace NndlPS.Core;

/// <summary>
/// JSON for <see cref="NetworkJsonReader"/>, read through a window of bounded size rather than held whole: a 1 GB
/// network file costs the network's arrays and this window, not a gigabyte of text beside them (an 87-million-parameter
/// file once needed 1.4 GB to import). Text that is already in memory (Import-Clixml, a remote result) is one final window.
/// <para>The protocol of <see cref="Utf8JsonReader"/> for partial data: a reader over the window returns false when
/// its next token is cut off by the window's end; <see cref="Refill"/> then keeps the bytes it did not consume, reads
/// more after them, and makes a new reader that resumes from the old one's state. Every read of the network reader
/// goes through one helper that does this, so a token never straddles two windows unseen.</para>
/// </summary>
internal sealed class JsonInput
{
    /// <summary>The window: 64 KiB, grown (to <see cref="MaxToken"/>) only for one token longer than that.</summary>
    private const int Window = 1 << 16;

    /// <summary>The longest single token accepted (a number, a key, a cost name): far beyond any a network has.</summary>
    private const int MaxToken = 1 << 20;

    private readonly Stream? _stream; // null: all the text is in _buffer
    private byte[] _buffer;
    private int _start, _end;         // the unread part of the window
    private long _offset;             // the stream position of _buffer[0]
    private long _left;               // bytes of the stream not yet read into the window
    private bool _final;
    private readonly long _maxJson;   // most bytes other than white space (NetworkLimits.MaxFileBytes)
    private long _json;               // bytes other than white space read into the window this pass

    private JsonInput(string name, long length, byte[] buffer, Stream? stream, long maxJson)
    {
        Name = name;
        Length = length;
        _buffer = buffer;
        _stream = stream;
        _maxJson = maxJson;
    }

    /// <summary>Names the input in errors: the file's path, or what the text was.</summary>
    public string Name { get; }

    /// <summary>Bytes in all; a stream is read to this length and no further, however it grows meanwhile.</summary>
    public long Length { get; }

    /// <summary>
    /// Bytes other than white space read so far in this pass: once a pass has read the whole network, an upper bound on
    /// the numbers it can hold. (White space inside a string counts as white space here; a string is at most
    /// <see cref="MaxToken"/>, so that undercount is small and the file's whole size is bounded apart.)
    /// </summary>
    public long JsonBytes => _json;

    public static JsonInput OfBytes(byte[] json, string name, long maxJson = NetworkLimits.MaxFileBytes) => new(name, json.Length, json, null, maxJson);

    /// <summary>A seekable stream, read from its start to its present length; <paramref name="window"/> bytes at a time
    /// (tests make it tiny so that every token straddles windows somewhere).</summary>
    public static JsonInput OfStream(Stream stream, string name, int window = Window, long maxJson = NetworkLimits.MaxFileBytes) =>
        new(name, stream.Length, new byte[window], stream, maxJson);

    public override string ToString() => Name;

    public static implicit operator string(JsonInput input) => input.Name;

    /// <summary>Goes back to the first byte (each pass of the reader starts there) and returns the first bytes.</summary>
    public ReadOnlySpan<byte> Rewind()
    {
        _offset = 0;
        _start = 0;
        _json = 0;
        if (_stream is null)
        {
            _end = _buffer.Length;
            _final = true;
            CountJson(_buffer);
        }
        else
        {
            _stream.Position = 0;
            _left = Length;
            _end = 0;
            _final = false;
            Fill();
        }

        return _buffer.AsSpan(0, _end);
    }

    /// <summary>Skips <paramref name="count"/> bytes at the start (a byte-order mark).</summary>
    public void Skip(int count) => _start += count;

    /// <summary>A reader over the window, starting a new pass.</summary>
    public Utf8JsonReader Reader(JsonReaderOptions options) => new(_buffer.AsSpan(_start, _end - _start), _final, new JsonReaderState(options));

    /// <summary>Replaces <paramref name="reader"/>, which ran out of window, with one over the next window.</summary>
    /// <exception cref="NndlException"><c>NetworkFileInvalid</c> for a token longer than <see cref="MaxToken"/>.</exception>
    public void Refill(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        int kept = _end - _start;
        if (kept == _buffer.Length)
        {
            if (_buffer.Length >= MaxToken)
            {
                throw new NndlException("NetworkFileInvalid", NndlErrorKind.InvalidData, $"'{Name}' is not a network file: it holds " +
                    (IsWhiteSpaceRun(_buffer.AsSpan(_start, kept))
                        ? $"a run of more than {MaxToken:N0} bytes of white space between two values (after byte {_offset + _start:N0}), which no writer of network files makes. " +
                          "If it was one, remove that white space or export the network again."
                        : $"a single value longer than {MaxToken:N0} bytes (at byte {_offset + _start:N0})."), Name);
            }

            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        Buffer.BlockCopy(_buffer, _start, _buffer, 0, kept);
        _offset += _start;
        _start = 0;
        _end = kept;
        Fill();
        reader = new Utf8JsonReader(_buffer.AsSpan(0, _end), _final, reader.CurrentState);
    }

    /// <summary>
    /// Whether what the reader left unconsumed is only white space around a separator: <see cref="Utf8JsonReader"/>
    /// gives back the separator when the value after it has not begun in the window, so a long run of white space there
    /// fills the window as one long value would, and needs its own words.
    /// </summary>
    private static bool IsWhiteSpaceRun(ReadOnlySpan<byte> unconsumed)
    {
        ReadOnlySpan<byte> whiteSpace = " \t\r\n"u8;
        ReadOnlySpan<byte> rest = unconsumed.TrimStart(whiteSpace);
        if (!rest.IsEmpty && (rest[0] == (byte)',' || rest[0] == (byte)':'))
        {
            rest = rest[1..];
        }

        return rest.IndexOfAnyExcept(whiteSpace) < 0;
    }

    /// <summary>
    /// The bytes after what <paramref name="reader"/> consumed, up to the window's end (where a literal it refused,
    /// such as NaN, stands).
    /// </summary>
    public ReadOnlySpan<byte> After(in Utf8JsonReader reader) => _buffer.AsSpan(_start + (int)reader.BytesConsumed, _end - _start - (int)reader.BytesConsumed);

    /// <summary>The stream position of the first byte after <paramref name="reader"/>'s that is not white space, or -1 at the end.</summary>
    public long NextNonWhiteSpace(ref Utf8JsonReader reader)
    {
        _start += (int)reader.BytesConsumed;
        reader = default;
        while (true)
        {
            int at = _buffer.AsSpan(_start, _end - _start).IndexOfAnyExcept(" \t\r\n"u8);
            if (at >= 0)
            {
                return _offset + _start + at;
            }

            if (_final)
            {
                return -1;
            }

            _offset += _end;
            _start = _end = 0;
            Fill();
        }
    }

    /// <summary>
    /// Counts the bytes of <paramref name="fresh"/> (just read, never counted before this pass) that are not JSON white
    /// space, and stops the read once they pass the bound (<see cref="NetworkLimits.MaxFileBytes"/>): white space is free.
    /// </summary>
    /// <exception cref="NndlException"><c>NetworkFileTooLarge</c>.</exception>
    private void CountJson(ReadOnlySpan<byte> fresh)
    {
        _json += fresh.Length - fresh.Count((byte)' ') - fresh.Count((byte)'\n') - fresh.Count((byte)'\r') - fresh.Count((byte)'\t');
        if (_json <= _maxJson)
        {
            return;
        }

        string what = _stream is null
            ? $"is {_json:N0} bytes of JSON besides white space, more than the {_maxJson:N0} a network may have here; it was not read."
            : $"holds more than the {_maxJson:N0} bytes of JSON besides white space that a network file may have here (passed within its first {_offset + _end + fresh.Length:N0} bytes); reading stopped there.";
        throw new NndlException("NetworkFileTooLarge", NndlErrorKind.InvalidData, $"'{Name}' {what} Check that it is a network file.", Name);
    }

    private void Fill()
    {
        while (_end < _buffer.Length && _left > 0)
        {
            int read = _stream!.Read(_buffer, _end, (int)Math.Min(_buffer.Length - _end, _left));
            if (read == 0)
            {
                break; // the file shrank since its length was taken: the reader reports a cut-off file
            }

            CountJson(_buffer.AsSpan(_end, read));
            _end += read;
            _left -= read;
        }

        _final = _left == 0 || _end < _buffer.Length;
    }
}
