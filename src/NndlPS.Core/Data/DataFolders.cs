namespace NndlPS.Core;

/// <summary>Where datasets live on this machine when the user does not say.</summary>
public static class DataFolders
{
    /// <summary>Environment variable that overrides the cache folder (useful for CI and for shared machines).</summary>
    public const string EnvironmentVariable = "NNDLPS_DATA";

    /// <summary>
    /// The folder for dataset <paramref name="name"/>: <c>$NNDLPS_DATA/name</c> if set; otherwise the platform's
    /// per-user cache: <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> on Linux, <c>~/Library/Caches</c> on macOS,
    /// <c>%LOCALAPPDATA%</c> on Windows, each followed by <c>nndlps/name</c>.
    /// </summary>
    public static string ForDataset(string name)
    {
        string? overridden = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Path.Combine(overridden, name);
        }

        return Path.Combine(UserCacheRoot(), "nndlps", name);
    }

    private static string UserCacheRoot()
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }

        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsMacOS())
        {
            return Path.Combine(home, "Library", "Caches");
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        return string.IsNullOrWhiteSpace(xdg) ? Path.Combine(home, ".cache") : xdg;
    }
}
