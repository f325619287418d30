namespace NndlPS.Core;

/// <summary>
/// The temporary files downloads and exports write before renaming them into place. A process killed mid-write
/// leaves one behind; the next download or export into the folder deletes those no live writer can still own.
/// </summary>
internal static class PartialFiles
{
    /// <summary>
    /// A live writer touches its file at least once per stall timeout (Import-Mnist's -TimeoutSec is at most an
    /// hour), so a file untouched for twice that belongs to a process that is gone.
    /// </summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(2);

    /// <summary>A hidden, unique temporary name beside <paramref name="target"/>.</summary>
    public static string For(string target) => Path.Combine(Path.GetDirectoryName(target)!, NameFor(Path.GetFileName(target)));

    /// <summary>
    /// <c>.name.(32 hex).partial</c>, 42 bytes longer than the name; for a name within 42 bytes of the file system's
    /// limit, <c>.(16 hex of the name's SHA-256).(32 hex).partial</c> instead, so every legal name can be written.
    /// </summary>
    public static string NameFor(string fileName)
    {
        string unique = $"{Guid.NewGuid():N}.partial";
        string readable = $".{fileName}.{unique}";
        if (FilePath.LengthOf(readable) <= FilePath.MaxNameLength)
        {
            return readable;
        }

        string hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileName)), 0, 8).ToLowerInvariant();
        return $".{hash}.{unique}";
    }

    /// <summary>Deletes the stale temporary files in <paramref name="folder"/>; returns how many.</summary>
    public static int DeleteStale(string folder, Action<string>? log = null)
    {
        int deleted = 0;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.partial"))
        {
            try
            {
                if (DateTime.UtcNow - File.GetLastWriteTimeUtc(file) > StaleAfter)
                {
                    File.Delete(file);
                    log?.Invoke($"Deleted {file}, left by an interrupted download or export");
                    deleted++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Someone else's, or already gone: leaving it is harmless.
            }
        }

        return deleted;
    }
}
