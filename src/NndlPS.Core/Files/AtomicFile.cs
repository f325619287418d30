namespace NndlPS.Core;

/// <summary>
/// Writes a file under a temporary name beside it, flushes it to disk and only then renames it over the
/// target: a crash or Ctrl+C mid-write leaves the old file whole (or no file), never a half-written one.
/// </summary>
public static class AtomicFile
{
    /// <exception cref="NndlException"><c>PathInvalid</c>, <c>PathTooLong</c> (see <see cref="FilePath"/>); <c>ExportFolderNotFound</c>, <c>ExportTargetNotAFile</c> (see <see cref="ExportTarget"/>); <c>ExportTargetExists</c> without <paramref name="overwrite"/>; <c>ExportAccessDenied</c> or <c>ExportFailed</c> when the file system refuses; <c>ModuleIncomplete</c> when a library the writer needs cannot be loaded.</exception>
    /// <param name="path">The file to write.</param>
    /// <param name="overwrite">Replace a file that exists (-Force).</param>
    /// <param name="write">Writes the contents.</param>
    /// <param name="exampleName">A file name to suggest inside <paramref name="path"/> when it is a folder (network.json, weights.png).</param>
    public static void Write(string path, bool overwrite, Action<Stream> write, string exampleName)
    {
        string target = FilePath.Require(path, forWriting: true);
        if (Directory.Exists(target))
        {
            throw new NndlException("ExportTargetIsFolder", NndlErrorKind.InvalidArgument,
                $"'{target}' is a folder. Give the path of a file to write, e.g. {Path.Combine(target, exampleName)}.", target);
        }

        string folder = Path.GetDirectoryName(target)!;
        ExportTarget.RequireFolder(folder, target);
        ExportTarget.RequireReplaceable(target);
        PartialFiles.DeleteStale(folder); // what a process killed mid-export left here
        if (!overwrite && File.Exists(target))
        {
            throw Exists(target);
        }

        string partial = PartialFiles.For(target);
        try
        {
            using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            if (overwrite)
            {
                File.Move(partial, target, overwrite: true);
            }
            else
            {
                NoReplaceMove.Move(partial, target); // another process may have created it since the check above
            }
        }
        catch (IOException ex) when (MissingAssembly(ex) is string assembly)
        {
            // Not the file system: writing needed a library (Google.Protobuf for ONNX) the installation lacks.
            throw new NndlException("ModuleIncomplete", NndlErrorKind.NotFound,
                $"Could not write '{target}': NndlPS could not load '{assembly}', which it needs for this file. The module's " +
                "installation is incomplete: reinstall it (Install-PSResource NndlPS -Reinstall). Any old file is left as it was.", target, ex);
        }
        catch (IOException) when (!overwrite && File.Exists(target))
        {
            throw Exists(target); // another process created it while we wrote
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new NndlException("ExportAccessDenied", NndlErrorKind.AccessDenied,
                $"May not write '{target}' ({ex.Message}). Choose a folder you can write to; any old file is left as it was.", target, ex);
        }
        catch (IOException ex)
        {
            throw new NndlException("ExportFailed", NndlErrorKind.WriteFailed,
                $"Could not write '{target}': {ex.Message} Any old file is left as it was; check the path and the free space, and try again.", target, ex);
        }
        finally
        {
            DeleteQuietly(partial);
        }
    }

    /// <summary>
    /// The temporary file is gone after a rename; after a failure it may not exist, nor its folder. Nothing here may
    /// replace the error already on its way to the user; a leftover is cleaned by <see cref="PartialFiles.DeleteStale"/>.
    /// </summary>
    internal static void DeleteQuietly(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The assembly an <see cref="IOException"/> says could not be loaded (its FileName is then an assembly's display name), or null.</summary>
    private static string? MissingAssembly(IOException ex) => ex switch
    {
        FileNotFoundException { FileName: string name } when name.Contains(", Version=", StringComparison.Ordinal) => name,
        FileLoadException { FileName: string name } when name.Contains(", Version=", StringComparison.Ordinal) => name,
        _ => null,
    };

    private static NndlException Exists(string target) => new("ExportTargetExists", NndlErrorKind.InvalidArgument,
        $"'{target}' already exists. Choose another name, or pass -Force to replace it.", target);
}
