namespace NndlPS.Core;

/// <summary>
/// What every export (Export-Network, the pictures, Export-Mnist) requires of the path it is given, in one place so
/// each says the same thing in the same words:
/// <list type="bullet">
/// <item>The folder it writes into exists. Out-File and Set-Content refuse a missing folder too: a typo in a folder
/// name should be reported, not become a new tree of folders with the file hidden in it.</item>
/// <item>What it replaces is a regular file. The rename that puts the new file in place would replace a symbolic link
/// (leaving its target as it was) or a device or named pipe (with -Force, as root, <c>/dev/null</c> itself).</item>
/// </list>
/// </summary>
public static class ExportTarget
{
    /// <exception cref="NndlException"><c>ExportFolderNotFound</c> when <paramref name="folder"/> is not an existing folder.</exception>
    public static void RequireFolder(string folder, string target)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        string what = File.Exists(folder) ? "is a file, not a folder" : "does not exist";
        throw new NndlException("ExportFolderNotFound", NndlErrorKind.NotFound,
            $"Cannot write '{target}': the folder '{folder}' {what}. Exports create files, not folders: create the folder first " +
            $"(New-Item -ItemType Directory '{folder}'), or give a path in a folder that exists.", folder);
    }

    /// <summary>Refuses to replace <paramref name="target"/> unless it is missing or a regular file.</summary>
    /// <exception cref="NndlException"><c>ExportTargetNotAFile</c> for a symbolic link, a device, a named pipe or a socket.</exception>
    public static void RequireReplaceable(string target)
    {
        if (new FileInfo(target).LinkTarget is string link)
        {
            throw NotAFile(target, $"a symbolic link (to '{link}')");
        }

        if (UnixFileType.Of(target) is string special)
        {
            throw NotAFile(target, special);
        }
    }

    private static NndlException NotAFile(string target, string what) => new("ExportTargetNotAFile", NndlErrorKind.InvalidArgument,
        $"'{target}' is {what}, not a regular file: an export would replace it with a file. Write to a regular file, or to a new name.", target);
}
