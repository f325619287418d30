using System.Runtime.InteropServices;

namespace NndlPS.Core;

/// <summary>
/// Puts a finished temporary file under its final name only if that name is free, atomically. .NET's
/// <c>File.Move(source, target, overwrite: false)</c> is not that on Unix: it checks that the target is missing, then
/// calls rename(2), which replaces whatever another process created in between (seen with strace: a plain
/// <c>rename</c>). Two exports without -Force could both "succeed", one silently replacing the other. link(2) fails
/// with EEXIST when the name exists, in one step; the temporary name is then removed. Windows' MoveFileEx without
/// REPLACE_EXISTING is already atomic.
/// </summary>
internal static partial class NoReplaceMove
{
    private const int EExist = 17; // the same on Linux and macOS

    /// <exception cref="IOException">The target exists (another writer got there first), or the file system refused.</exception>
    public static void Move(string source, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Move(source, target, overwrite: false);
            return;
        }

        if (Link(source, target) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == EExist)
            {
                throw new IOException($"'{target}' already exists.");
            }

            // A file system without hard links (FAT, some network shares): the best .NET offers, checked then renamed.
            File.Move(source, target, overwrite: false);
            return;
        }

        File.Delete(source);
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);
}
