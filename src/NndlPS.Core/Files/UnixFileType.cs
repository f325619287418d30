using System.Runtime.InteropServices;

namespace NndlPS.Core;

/// <summary>
/// The type of a file system entry on Unix. .NET shows devices, named pipes and sockets as ordinary files, and its
/// public API gives only the permission bits of a mode (<see cref="File.GetUnixFileMode(string)"/>), so this asks
/// <c>lstat</c>. Not libc's directly: its <c>struct stat</c> is laid out differently on each OS and CPU (and older
/// glibc exports no <c>lstat</c> symbol), so a declaration would need a layout per platform. .NET's own native
/// shim, which File.Exists and FileInfo call, wraps it in one layout on every platform: <c>SystemNative_LStat</c>
/// fills a FileStatus whose second int32 is the mode, with the portable S_IFMT bits below.
/// </summary>
internal static class UnixFileType
{
    private const int TypeMask = 0xF000, Fifo = 0x1000, CharacterDevice = 0x2000, Directory = 0x4000, BlockDevice = 0x6000, RegularFile = 0x8000, Socket = 0xC000;

    /// <returns>What the entry is when it is a device, a named pipe or a socket; null for anything else, a missing
    /// entry, Windows, or a runtime without the shim (then only .NET's own checks apply, as before).</returns>
    public static string? Of(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        if (!LayoutConfirmed.Value || ModeOf(path) is not int mode)
        {
            return null; // an unknown shim, or missing or unreadable: the open or write that follows reports it
        }

        return (mode & TypeMask) switch
        {
            Fifo => "a named pipe",
            CharacterDevice or BlockDevice => "a device",
            Socket => "a socket",
            _ => null,
        };
    }

    /// <summary>
    /// The shim is private to .NET, so its layout is checked once before it is trusted: the root folder must read
    /// as a directory and this assembly's file as a regular file. A runtime that changed FileStatus then gets
    /// .NET's own checks only, never a wrong answer.
    /// </summary>
    private static readonly Lazy<bool> LayoutConfirmed = new(() =>
        ModeOf("/") is int root && (root & TypeMask) == Directory
        && typeof(ExportTarget).Assembly.Location is { Length: > 0 } assembly
        && ModeOf(assembly) is int file && (file & TypeMask) == RegularFile);

    private static int? ModeOf(string path)
    {
        var status = new byte[256]; // FileStatus is about 120 bytes; room to spare if it grows
        try
        {
            return LStat(path, status) == 0 ? BitConverter.ToInt32(status, 4) : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] status);
}
