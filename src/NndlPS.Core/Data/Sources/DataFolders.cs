namespace NndlPS.Core;

/// <summary>Where datasets live on this machine when the user does not say.</summary>
public static class DataFolders
{
    /// <summary>Environment variable naming a data folder of the user's choosing (shared machines, CI).</summary>
    public const string EnvironmentVariable = "NNDLPS_DATA";

    /// <summary>
    /// The folder downloads go to: <c>$NNDLPS_DATA/name</c> if that is set; otherwise the platform's per-user
    /// cache: <c>$XDG_CACHE_HOME</c> or <c>~/.cache</c> on Linux, <c>~/Library/Caches</c> on macOS,
    /// <c>%LOCALAPPDATA%</c> on Windows, each followed by <c>nndlps/name</c>.
    /// </summary>
    /// <param name="name">The dataset's folder name.</param>
    /// <param name="dataRoot">The variable's value resolved by the host (PowerShell resolves it against its current
    /// location, which is not the process's); null reads the variable here, resolved against the process's directory.</param>
    public static string ForDataset(string name, string? dataRoot = null) => EnvironmentFolder(name, dataRoot) ?? UserCacheFolder(name);

    /// <summary>Where to look for a dataset, in order, with what each place is: the variable's folder, the user cache, system folders.</summary>
    public static IReadOnlyList<(string Folder, string Kind)> Candidates(DatasetDescriptor dataset, string? dataRoot = null)
    {
        var candidates = new List<(string, string)>();
        if (EnvironmentFolder(dataset.FolderName, dataRoot) is string fromVariable)
        {
            candidates.Add((fromVariable, $"${EnvironmentVariable}"));
        }

        candidates.Add((UserCacheFolder(dataset.FolderName), "user cache"));
        candidates.AddRange(dataset.SystemFolders.Select(folder => (folder, "system dataset folder")));
        return candidates;
    }

    private static string? EnvironmentFolder(string name, string? dataRoot)
    {
        string? root = dataRoot ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(root) ? null : Path.Combine(Path.GetFullPath(root), name);
    }

    private static string UserCacheFolder(string name) => Path.Combine(UserCacheRoot(), "nndlps", name);

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
