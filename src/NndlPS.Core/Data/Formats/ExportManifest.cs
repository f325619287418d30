using System.Security.Cryptography;

namespace NndlPS.Core;

/// <summary>
/// The checksum file Export-Mnist writes beside the four files it exports, in <c>sha256sum</c>'s format (so
/// <c>sha256sum -c</c> checks it too). It tells an import which files form the set, whatever else the folder holds,
/// and lets it refuse a mix of two exports, which is what an export interrupted halfway through its renames leaves.
/// </summary>
internal static class ExportManifest
{
    public const string FileName = "nndlps-export.sha256";

    /// <summary>
    /// The split travels with the export, as a comment line (<c>sha256sum -c</c> skips lines starting with '#'),
    /// so <c>Import-Mnist -Path</c> with no -ValidationSize gives back the exported sets whatever their sizes.
    /// </summary>
    private const string ValidationSizeComment = "# validation-size: ";

    /// <summary>The SHA-256 of a file's bytes as written, in lower-case hex.</summary>
    public static string HashFile(string path)
    {
        using FileStream file = DataFile.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
    }

    /// <summary>The manifest's lines for <paramref name="files"/> (name → path of the bytes to hash).</summary>
    public static string Format(IEnumerable<(string Name, string Path)> files, int validationSize) =>
        $"{ValidationSizeComment}{validationSize}\n" + string.Concat(files.Select(file => $"{HashFile(file.Path)}  {file.Name}\n"));

    /// <summary>
    /// The set the manifest in <paramref name="folder"/> names, as full paths in <see cref="MnistFiles.All"/> order,
    /// each checked against its checksum, with the validation size it was exported with (null in a manifest from
    /// before the split was recorded); null when the folder has no manifest.
    /// </summary>
    /// <exception cref="NndlException">ExportSetMismatch: the manifest is unreadable, or a file is missing or differs.</exception>
    public static (string[] Files, int? ValidationSize)? ReadVerifiedSet(string folder)
    {
        string manifest = Path.Combine(folder, FileName);
        if (!File.Exists(manifest))
        {
            return null;
        }

        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        int? validationSize = null;
        string[] lines;
        try
        {
            DataFile.RequireRegular(manifest);
            lines = File.ReadAllLines(manifest);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFile.AccessDenied(manifest, ex);
        }
        catch (IOException ex)
        {
            throw new NndlException("DataFileUnreadable", NndlErrorKind.InvalidData, $"The file '{manifest}' could not be read: {ex.Message}", manifest, ex);
        }

        foreach (string line in lines)
        {
            if (line.StartsWith(ValidationSizeComment, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(ValidationSizeComment.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
            {
                validationSize = size;
                continue;
            }

            string[] parts = line.Split("  ", 2);
            if (parts.Length == 2 && parts[0].Length == 64)
            {
                listed[parts[1]] = parts[0];
            }
        }

        var set = new string[MnistFiles.All.Count];
        for (int i = 0; i < set.Length; i++)
        {
            string name = MnistFiles.All[i] + ".gz";
            string path = Path.Combine(folder, name);
            if (!listed.TryGetValue(name, out string? expected) || !File.Exists(path) || HashFile(path) != expected)
            {
                throw new NndlException("ExportSetMismatch", NndlErrorKind.InvalidData,
                    $"The files in '{folder}' are not the set its {FileName} describes: '{name}' is {(File.Exists(path) ? "different" : "missing")}. " +
                    "An export was interrupted, or a file was replaced since. Export the dataset again (Export-Mnist -Force), " +
                    $"or delete {FileName} to read the folder's files as they are.", path);
            }

            set[i] = path;
        }

        return (set, validationSize);
    }
}
