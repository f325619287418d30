using System.Text;

namespace NndlPS.Core;

/// <summary>
/// What every path a user gives a file-taking cmdlet must be before the file system sees it, in one place so every
/// cmdlet says the same thing: no NUL character (.NET throws a bare ArgumentException for it), and names the file
/// system can hold. For a file we write, that includes the temporary name it is written under first
/// (<see cref="PartialFiles.NameFor"/>), so a legal name never fails halfway with "path too long".
/// </summary>
public static class FilePath
{
    /// <summary>Longest name of one file or folder: 255 bytes of UTF-8 on Linux and macOS, 255 UTF-16 units on Windows.</summary>
    public const int MaxNameLength = 255;

    /// <summary>Longest whole path: PATH_MAX, counting its closing NUL (Linux 4096, macOS 1024). Windows takes long paths.</summary>
    private static readonly int MaxPathLength = OperatingSystem.IsWindows() ? int.MaxValue : OperatingSystem.IsLinux() ? 4095 : 1023;

    /// <summary>The length the file system counts for a name or a path.</summary>
    public static int LengthOf(string name) => OperatingSystem.IsWindows() ? name.Length : Encoding.UTF8.GetByteCount(name);

    /// <summary>Refuses a path the file system could not take; returns it made absolute.</summary>
    /// <param name="path">The path as given (for a cmdlet, already the provider path).</param>
    /// <param name="forWriting">It names a file we write under a temporary name first: that name must fit too.</param>
    /// <exception cref="NndlException"><c>PathInvalid</c> for a NUL character; <c>PathTooLong</c> for a name or path beyond the file system's limit.</exception>
    public static string Require(string path, bool forWriting = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains('\0'))
        {
            throw new NndlException("PathInvalid", NndlErrorKind.InvalidArgument,
                $"The path '{path.Replace('\0', '?')}' holds a NUL character (shown as ?), which no file name may hold. " +
                "Check how the path was built (a `0 in a string, or bytes read as text).", path.Replace('\0', '?'));
        }

        string full = Path.GetFullPath(path);
        foreach (string name in full.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (LengthOf(name) > MaxNameLength)
            {
                throw TooLong(full, $"the name '{Shorten(name)}' is {LengthOf(name)} bytes long; a file system takes at most {MaxNameLength}");
            }
        }

        int length = LengthOf(full);
        if (forWriting)
        {
            // Written first as the temporary file beside it, whose name may be longer than the file's own.
            length = Math.Max(length, LengthOf(Path.GetDirectoryName(full) ?? "") + 1 + LengthOf(PartialFiles.NameFor(Path.GetFileName(full))));
        }

        if (length > MaxPathLength)
        {
            throw TooLong(full, $"the path is {length} bytes long{(forWriting ? " with the temporary name it is written under" : "")}; this system takes at most {MaxPathLength}");
        }

        return full;
    }

    private static string Shorten(string name) => name.Length <= 40 ? name : name[..20] + "…" + name[^12..];

    private static NndlException TooLong(string full, string why) => new("PathTooLong", NndlErrorKind.InvalidArgument,
        $"Cannot use '{full}': {why}. Choose a shorter name or a folder nearer the root.", full);
}
