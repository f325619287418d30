namespace NndlPS.Core;

/// <summary>
/// Everything needed to find, download and verify one MNIST-shaped dataset: its four IDX files, their published
/// checksums, its mirrors (tried in order), the folders a system package installs it in, and its class names.
/// </summary>
public sealed class DatasetDescriptor
{
    public DatasetDescriptor(string displayName, string folderName, IReadOnlyList<string> classNames, IReadOnlyList<Uri> mirrors,
        IReadOnlyDictionary<string, string> gzMd5, IReadOnlyList<string>? systemFolders = null)
    {
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

    /// <summary>Read-only folders where a system package puts the files (e.g. Debian's dataset-fashion-mnist).</summary>
    public IReadOnlyList<string> SystemFolders { get; }

    /// <summary>The same dataset fetched from other mirrors (a local copy, a company proxy, a test server).</summary>
    public DatasetDescriptor WithMirrors(IReadOnlyList<Uri> mirrors) =>
        new(DisplayName, FolderName, ClassNames, mirrors, GzMd5, SystemFolders);

    public override string ToString() => DisplayName;
}
