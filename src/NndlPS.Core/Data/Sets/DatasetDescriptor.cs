namespace NndlPS.Core;

/// <summary>
/// Everything needed to find, download and verify one MNIST-shaped dataset: its four IDX files, their published
/// checksums, its mirrors (tried in order), the folders a system package installs it in, and its class names.
/// </summary>
public sealed class DatasetDescriptor
{
    public DatasetDescriptor(string displayName, string folderName, IReadOnlyList<string> classNames, IReadOnlyList<Uri> mirrors,
        IReadOnlyDictionary<string, string> gzMd5, IReadOnlyList<string>? systemFolders = null,
        IReadOnlyDictionary<string, PublishedContents>? contents = null, string? testLabelsSha256 = null)
    {
        TestLabelsSha256 = testLabelsSha256;
        Contents = contents ?? new Dictionary<string, PublishedContents>();
        DisplayName = displayName;
        FolderName = folderName;
        ClassNames = classNames;
        Mirrors = mirrors;
        GzMd5 = gzMd5;
        SystemFolders = systemFolders ?? [];
    }

    /// <summary>How the dataset is called, e.g. "Fashion-MNIST".</summary>
    public string DisplayName { get; }

    /// <summary>The folder name under a data root, e.g. "fashion-mnist".</summary>
    public string FolderName { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Base addresses; each file is fetched as mirror + canonical name + ".gz".</summary>
    public IReadOnlyList<Uri> Mirrors { get; }

    /// <summary>MD5 of each file's .gz as the dataset's authors publish it, keyed by canonical name.</summary>
    public IReadOnlyDictionary<string, string> GzMd5 { get; }

    /// <summary>
    /// The length and SHA-256 of each file's decompressed contents, keyed by canonical name, where they are known
    /// (MNIST): the cache is verified against them on every load.
    /// </summary>
    public IReadOnlyDictionary<string, PublishedContents> Contents { get; }

    /// <summary>
    /// The SHA-256 of its published test labels' decompressed contents (10,008 bytes), where known: what tells its files
    /// from another set's in a folder of any name (<see cref="DatasetCatalog.ByContents(IReadOnlyList{string})"/>), as their names and sizes cannot.
    /// </summary>
    public string? TestLabelsSha256 { get; }

    /// <summary>Read-only folders where a system package puts the files (e.g. Debian's dataset-fashion-mnist).</summary>
    public IReadOnlyList<string> SystemFolders { get; }

    /// <summary>
    /// The same dataset fetched from other mirrors (a company proxy, a test server). Each must be an absolute http or
    /// https address; one without a trailing slash is taken as a folder all the same, so its last segment is kept.
    /// </summary>
    /// <exception cref="NndlException">MirrorInvalid: a mirror is relative or not http(s).</exception>
    public DatasetDescriptor WithMirrors(IReadOnlyList<Uri> mirrors) =>
        new(DisplayName, FolderName, ClassNames, mirrors.Select(AsMirror).ToArray(), GzMd5, SystemFolders, Contents, TestLabelsSha256);

    private static Uri AsMirror(Uri mirror)
    {
        if (!mirror.IsAbsoluteUri || (mirror.Scheme != Uri.UriSchemeHttp && mirror.Scheme != Uri.UriSchemeHttps))
        {
            throw new NndlException("MirrorInvalid", NndlErrorKind.InvalidArgument,
                $"The mirror '{mirror.OriginalString}' is not an http:// or https:// address. A mirror is the web address of a folder " +
                "that holds the four .gz files; for files already on this machine, pass their folder with -Path instead.", mirror.OriginalString);
        }

        // new Uri(base, "file.gz") replaces the last segment of a base without a trailing slash: keep it.
        return mirror.AbsolutePath.EndsWith('/') ? mirror : new UriBuilder(mirror) { Path = mirror.AbsolutePath + "/" }.Uri;
    }

    public override string ToString() => DisplayName;
}

/// <summary>What a published dataset file decompresses to: its length and the SHA-256 of those bytes.</summary>
public sealed record PublishedContents(long Length, string Sha256);
