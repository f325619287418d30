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

    /// <summary>
    /// On Unix a writer holds its temporary file open with FileShare.None, which .NET implements as an exclusive
    /// flock(2); the kernel drops it when the process dies, even by SIGKILL. A file nobody holds and nobody has touched
    /// for this long is an orphan. Not zero: Export-Mnist closes each of its files before renaming the set (its
    /// manifest hashes them), and a download closes its file just before the rename; both take seconds, not minutes.
    /// </summary>
    public static readonly TimeSpan OrphanAfter = TimeSpan.FromMinutes(10);

    /// <summary>Deletes the stale temporary files in <paramref name="folder"/>; returns how many.</summary>
    public static int DeleteStale(string folder, Action<string>? log = null)
    {
        int deleted = 0;
        foreach (string file in Directory.EnumerateFiles(folder, ".*.partial"))
        {
            try
            {
                TimeSpan age = DateTime.UtcNow - File.GetLastWriteTimeUtc(file);
                if (age > StaleAfter || (age > OrphanAfter && !OperatingSystem.IsWindows() && !IsHeld(file)))
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

    /// <summary>Whether a live process holds <paramref name="file"/> open for writing (its exclusive lock refuses ours).</summary>
    private static bool IsHeld(string file)
    {
        try
        {
            using var probe = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.None);
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
