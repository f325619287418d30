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

    /// <summary>
    /// The set the export was made from travels with it too, by the name the catalog keeps its folder under
    /// (<c>fashion-mnist</c>), so an import names it rightly in a folder of any name: an export's test labels may be a
    /// few, not the published ones an import recognises a set by.
    /// </summary>
    private const string DatasetComment = "# dataset: ";

    /// <summary>The most bytes of a checksum file read: an export's is a few hundred.</summary>
    private const long MaxManifestBytes = 64 * 1024;

    /// <summary>The SHA-256 of a file's bytes as written, in lower-case hex.</summary>
    public static string HashFile(string path)
    {
        using FileStream file = DataFile.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file)).ToLowerInvariant();
    }

    /// <summary>
    /// The manifest's lines for <paramref name="files"/> (name → path of the bytes to hash), with the split and, when
    /// the set is one the catalog knows, its folder name <paramref name="dataset"/>.
    /// </summary>
    public static string Format(IEnumerable<(string Name, string Path)> files, int validationSize, string? dataset) =>
        $"{ValidationSizeComment}{validationSize}\n" + (dataset is null ? string.Empty : $"{DatasetComment}{dataset}\n")
        + string.Concat(files.Select(file => $"{HashFile(file.Path)}  {file.Name}\n"));

    /// <summary>
    /// What the export in <paramref name="folder"/> says of itself without reading its data: the sets its dataset lines
    /// name (none in a manifest from before they were recorded, or of a set of the user's own) and the files it lists,
    /// by name; null when the folder has no manifest.
    /// </summary>
    /// <exception cref="NndlException">The manifest cannot be read, or is larger than any export writes.</exception>
    public static (IReadOnlyList<string> Datasets, IReadOnlyDictionary<string, string> Files)? Describe(string folder)
    {
        string manifest = Path.Combine(folder, FileName);
        if (!File.Exists(manifest))
        {
            return null;
        }

        string[] lines = ReadLines(manifest);
        string[] datasets = lines.Where(line => line.StartsWith(DatasetComment, StringComparison.Ordinal))
            .Select(line => line[DatasetComment.Length..].Trim()).ToArray();
        return (datasets, Checksums(lines));
    }

    /// <summary>The checksum lines of a manifest: file name → SHA-256 (sha256sum's "hash, two spaces, name").</summary>
    private static Dictionary<string, string> Checksums(IEnumerable<string> lines)
    {
        var listed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in lines)
        {
            string[] parts = line.Split("  ", 2);
            if (parts.Length == 2 && parts[0].Length == 64)
            {
                listed[parts[1]] = parts[0];
            }
        }

        return listed;
    }

    /// <summary>
    /// Checks that file <paramref name="name"/> of the export in <paramref name="folder"/> is there with the SHA-256 the
    /// manifest lists for it (<paramref name="expected"/>, null when it lists none); else ExportSetMismatch.
    /// </summary>
    private static void RequireListed(string folder, string name, string? expected)
    {
        string path = Path.Combine(folder, name);
        if (expected is null || !File.Exists(path) || HashFile(path) != expected)
        {
            // A checksum file with no line for the file says nothing of the file: "different" would send the user to
            // look at data that may be untouched.
            string what = expected is null ? "not listed in it" : File.Exists(path) ? "different" : "missing";
            throw new NndlException("ExportSetMismatch", NndlErrorKind.InvalidData,
                $"The files in '{folder}' are not the set its {FileName} describes: '{name}' is {what}. " +
                "An export was interrupted, or a file was replaced since. Export the dataset again (Export-Mnist -Force), " +
                $"or delete {FileName} to read the folder's files as they are.", path);
        }
    }

    private static NndlException TooLarge(string manifest, long bytes) =>
        new("ExportSetMismatch", NndlErrorKind.InvalidData,
            $"'{manifest}' holds {bytes:N0} bytes or more; an export's checksum file holds a few hundred. Delete it to read the folder's files as they are, or export the dataset again (Export-Mnist -Force).", manifest);

    /// <summary>The manifest's lines, refused when it is not a regular file or larger than any export writes.</summary>
    private static string[] ReadLines(string manifest)
    {
        try
        {
            return ReadLinesOf(manifest);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFile.AccessDenied(manifest, ex);
        }
        catch (IOException ex)
        {
            throw new NndlException("DataFileUnreadable", NndlErrorKind.InvalidData, $"The file '{manifest}' could not be read: {ex.Message}", manifest, ex);
        }
    }

    private static string[] ReadLinesOf(string manifest)
    {
        using FileStream file = DataFile.OpenRead(manifest);
        if (file.Length > MaxManifestBytes)
        {
            throw TooLarge(manifest, file.Length);
        }

        // Read to the bound, not to the end: a file that grows after its length was taken is not read past it.
        var bytes = new byte[MaxManifestBytes + 1];
        int read = file.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read > MaxManifestBytes)
        {
            throw TooLarge(manifest, read);
        }

        // Lines end in LF (sha256sum's), CRLF (an editor on Windows) or a lone CR (an old Mac editor, a converter run
        // one way too far), mixed or not: ReadLine takes all three. A lone CR is not sha256sum's, but the names an
        // export lists hold none, so it can only end a line; reading it as part of a name made an export whose file
        // was never touched look changed.
        using var reader = new StreamReader(new MemoryStream(bytes, 0, read));
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return [.. lines];
    }

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

        int? validationSize = null;
        string[] lines = ReadLines(manifest);
        foreach (string line in lines)
        {
            if (line.StartsWith(ValidationSizeComment, StringComparison.Ordinal)
                && int.TryParse(line.AsSpan(ValidationSizeComment.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int size))
            {
                validationSize = size;
            }
        }

        Dictionary<string, string> listed = Checksums(lines);

        var set = new string[MnistFiles.All.Count];
        for (int i = 0; i < set.Length; i++)
        {
            string name = ExportedName(i);
            RequireListed(folder, name, listed.GetValueOrDefault(name));
            set[i] = Path.Combine(folder, name);
        }

        return (set, validationSize);
    }

    /// <summary>The name an export gives dataset file <paramref name="index"/> (of <see cref="MnistFiles.All"/>): gzipped.</summary>
    internal static string ExportedName(int index) => MnistFiles.All[index] + ".gz";

    /// <summary>Whether <paramref name="fileName"/> is one of the four names an export writes its files under.</summary>
    internal static bool IsExportedName(string fileName)
    {
        for (int i = 0; i < MnistFiles.All.Count; i++)
        {
            if (string.Equals(fileName, ExportedName(i), StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
