using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace NndlPS;

/// <summary>
/// The pictures' native libraries (libSkiaSharp, libHarfBuzzSharp) ship in the module's runtimes/RID/native
/// folders, where pwsh does not look: this points SkiaSharp's and HarfBuzzSharp's P/Invokes there when the module
/// is imported.
/// </summary>
public sealed class NativeLibraries : IModuleAssemblyInitializer
{
    public void OnImport()
    {
        foreach (Assembly assembly in new[] { typeof(SkiaSharp.SKBitmap).Assembly, typeof(HarfBuzzSharp.Blob).Assembly })
        {
            try
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Already set: the module was imported before in this process.
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string file = OperatingSystem.IsWindows() ? $"{name}.dll" : OperatingSystem.IsMacOS() ? $"{name}.dylib" : $"{name}.so";
        string folder = Path.GetDirectoryName(typeof(NativeLibraries).Assembly.Location)!;
        // macOS's libraries are universal (one "osx" folder for both architectures).
        foreach (string rid in new[] { $"{os}-{architecture}", os })
        {
            string path = Path.Combine(folder, "runtimes", rid, "native", file);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out IntPtr handle))
            {
                return handle;
            }
        }

        return IntPtr.Zero; // the runtime's own search, and its DllNotFoundException naming the library

    }
}
