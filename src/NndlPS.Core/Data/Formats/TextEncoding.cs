namespace NndlPS.Core;

/// <summary>
/// Recognises text that is not UTF-8 at its first bytes, so a reader can name the encoding rather than report
/// "0xFF is an invalid start of a value" or a label of ' 1 '. Windows PowerShell 5's <c>Out-File</c> and <c>&gt;</c>
/// write UTF-16 with a byte-order mark; other tools write it without one, which shows as NUL bytes between ASCII.
/// </summary>
internal static class TextEncoding
{
    /// <summary>The wide encoding <paramref name="start"/> (a file's first bytes) is in, or null for UTF-8 or ASCII.</summary>
    public static string? WideEncodingOf(ReadOnlySpan<byte> start) => start switch
    {
        [0xFF, 0xFE, 0, 0, ..] => "UTF-32 (little-endian, with a byte-order mark)",
        [0, 0, 0xFE, 0xFF, ..] => "UTF-32 (big-endian, with a byte-order mark)",
        [0xFF, 0xFE, ..] => "UTF-16 (little-endian, with a byte-order mark, as Windows PowerShell 5's Out-File and > write)",
        [0xFE, 0xFF, ..] => "UTF-16 (big-endian, with a byte-order mark)",
        [not 0, 0, ..] or [0, not 0, ..] => "UTF-16 or UTF-32 without a byte-order mark",
        _ => null,
    };

    /// <summary>Whether <paramref name="start"/> opens with a UTF-16 or UTF-32 byte-order mark, which .NET's text readers decode.</summary>
    public static bool HasByteOrderMark(ReadOnlySpan<byte> start) => start is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..] or [0, 0, 0xFE, 0xFF, ..];

    /// <summary>The first bytes of a file, enough for <see cref="WideEncodingOf"/>.</summary>
    public static byte[] Start(string path)
    {
        using FileStream file = DataFile.OpenRead(path);
        var start = new byte[4];
        return start[..file.ReadAtLeast(start, start.Length, throwOnEndOfStream: false)];
    }

    /// <summary>How to convert, in the user's terms.</summary>
    public const string Advice = "Save it as UTF-8, e.g. Get-Content old -Encoding unicode | Set-Content new -Encoding utf8.";
}
