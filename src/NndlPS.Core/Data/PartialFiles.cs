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
    public static string For(string target) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");

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
