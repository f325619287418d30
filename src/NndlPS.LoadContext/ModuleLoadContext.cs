using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace NndlPS;

/// <summary>
/// The module's own AssemblyLoadContext: the third-party assemblies the engine depends on — System.Numerics.Tensors,
/// Sylvan.Data.Csv, Google.Protobuf, ScottPlot, SkiaSharp, HarfBuzzSharp — and their native libraries load from the
/// module's <c>dependencies</c> folder into this context, never into the process's default one.
/// </summary>
/// <remarks>
/// Why: pwsh loads every module into one process. Without a context of our own, a module that ships another
/// System.Numerics.Tensors (or CSV, protobuf, SkiaSharp) version and is imported first makes the engine fail to load
/// ("Could not load file or assembly … version 10.0.0.15"), and importing ours first makes the other module's
/// Add-Type fail ("Assembly with same name is already loaded"). In here each gets the version it was built with.
///
/// How (the pattern PowerShell's documentation calls "loading through the Resolving event"): our own assemblies,
/// NndlPS.dll (the cmdlets) and NndlPS.Core.dll (the engine), stay in the default context, where PowerShell finds
/// their types by name (<c>[NndlPS.Core.Network]</c>, the types file, Clixml) — it does not look inside other
/// contexts. The dependencies are not beside them, so the default context cannot find them by itself and raises its
/// Resolving event: <see cref="ModuleInitializer"/>'s handler answers with the copy loaded here. The event is raised
/// too when the default context already holds an older version of the name (another module's), so the engine still
/// gets ours. The manifest imports this assembly as a nested module, which pwsh does before the root module, so the
/// handler is in place before any engine code runs; it references nothing of ours, so it can always load first.
/// Rules that keep this sound:
/// - Only third-party assemblies are in <c>dependencies</c>; the framework's and PowerShell's are not, so
///   <see cref="Load"/> returns null for them and they come from the default context (one System.Runtime, one
///   System.Management.Automation).
/// - The engine's public types, which scripts see, expose no dependency's types (PowerShell could not name them).
/// - The default context's handler answers only for the exact versions we ship, so other modules' requests for other
///   versions of the same names go on to their own folders.
/// - The context is never unloaded (the engine holds its assemblies for the life of the process), and the handler is
///   registered once per process and never removed, however often the module is imported or removed.
/// The limit: a newer version of a dependency already loaded in the default context by another module satisfies the
/// engine's reference by .NET's binding rule, so the engine runs on that one without asking here.
/// </remarks>
internal sealed class ModuleLoadContext : AssemblyLoadContext
{
    private const string DependencyFolderName = "dependencies";

    private static readonly Lazy<ModuleLoadContext> Shared = new(() => new ModuleLoadContext(
        Path.Combine(Path.GetDirectoryName(typeof(ModuleLoadContext).Assembly.Location)!, DependencyFolderName)));

    private readonly string _dependencies;

    private ModuleLoadContext(string dependencies) : base("NndlPS", isCollectible: false) => _dependencies = dependencies;

    public static ModuleLoadContext Instance => Shared.Value;

    /// <summary>
    /// Whether the module ships exactly this assembly — name, version and public key token — in its
    /// <c>dependencies</c> folder: the only requests the default context's handler answers. By name alone it would
    /// answer for every module in the process, and a module imported after ours that ships System.Numerics.Tensors
    /// 9.0 beside its own DLL would get our 10.0 instead (the default context asks its Resolving handlers before
    /// that module's own folder is searched).
    /// </summary>
    public bool Ships(AssemblyName requested) =>
        Shipped(requested.Name) is AssemblyName shipped
        && shipped.Version == requested.Version
        && shipped.GetPublicKeyToken().AsSpan().SequenceEqual(requested.GetPublicKeyToken() ?? []);

    /// <summary>Requests from inside this context (the dependencies' own references) are answered by name.</summary>
    protected override Assembly? Load(AssemblyName assemblyName) =>
        Shipped(assemblyName.Name) is not null ? LoadFromAssemblyPath(PathOf(assemblyName.Name!)) : null;

    /// <summary>
    /// The pictures' native libraries (libSkiaSharp, libHarfBuzzSharp) are in <c>dependencies/runtimes/RID/native</c>,
    /// where the runtime does not look for a module; a P/Invoke from an assembly of this context asks here first.
    /// </summary>
    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        string architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        string file = OperatingSystem.IsWindows() ? $"{unmanagedDllName}.dll"
            : OperatingSystem.IsMacOS() ? $"{unmanagedDllName}.dylib" : $"{unmanagedDllName}.so";
        // macOS's libraries are universal (one "osx" folder for both architectures).
        foreach (string rid in new[] { $"{os}-{architecture}", os })
        {
            string path = Path.Combine(_dependencies, "runtimes", rid, "native", file);
            if (File.Exists(path))
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }

        return IntPtr.Zero; // the runtime's own search, and its DllNotFoundException naming the library
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, AssemblyName?> _shipped = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The identity of the file the module ships under this simple name, or null; read once per name.</summary>
    private AssemblyName? Shipped(string? name) =>
        name is null ? null : _shipped.GetOrAdd(name, n => File.Exists(PathOf(n)) ? AssemblyName.GetAssemblyName(PathOf(n)) : null);

    private string PathOf(string name) => Path.Combine(_dependencies, name + ".dll");
}
