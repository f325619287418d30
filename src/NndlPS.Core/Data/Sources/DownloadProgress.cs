namespace NndlPS.Core;

/// <summary>How far one file's download has got; <see cref="TotalBytes"/> is null when the server does not say.</summary>
public readonly record struct DownloadProgress(string FileName, Uri Source, long BytesReceived, long? TotalBytes)
{
    public int? Percent => TotalBytes is > 0 ? (int)(100 * BytesReceived / TotalBytes.Value) : null;
}
