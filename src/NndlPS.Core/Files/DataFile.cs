namespace NndlPS.Core;

/// <summary>
/// Opens the data files every reader reads, refusing up front what would hang or fail with a raw .NET exception:
/// a named pipe or a device in place of a file (opening a pipe waits for a writer forever), and a file the user
/// may not read.
/// </summary>
internal static class DataFile
{
    /// <exception cref="NndlException">The file is empty or not a regular file, or cannot be opened.</exception>
    public static FileStream OpenRead(string path)
    {
        RequireRegular(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw AccessDenied(path, ex);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new NndlException("DataFileUnreadable", NndlErrorKind.InvalidData,
                $"The file '{path}' could not be opened: {ex.Message}", path, ex);
        }
    }

    /// <summary>
    /// Refuses an empty file, and with it a named pipe or a device: .NET shows those as ordinary files of length 0,
    /// and no dataset file is empty. Checked before opening, because opening a pipe blocks.
    /// </summary>
    public static void RequireRegular(string path)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            // A link's own length is its target's name's: the file it leads to is what opening reads (a link to a pipe hung).
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
            {
                info = target;
            }

            if (!info.Exists || info.Length > 0)
            {
                return; // a missing file is reported by the caller, with its own ErrorId
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw AccessDenied(path, ex);
        }

        throw new NndlException("DataFileNotRegular", NndlErrorKind.InvalidData,
            $"'{path}' is empty or is not a regular file (a named pipe or a device reads as empty). " +
            "Point -Path at the dataset's files themselves, or delete the empty file and fetch it again.", path);
    }

    public static NndlException AccessDenied(string path, Exception inner) =>
        new("DataAccessDenied", NndlErrorKind.AccessDenied,
            $"'{path}' may not be read by this user ({inner.Message}). Give yourself read permission on it, or use a copy in a folder of yours.", path, inner);
}
