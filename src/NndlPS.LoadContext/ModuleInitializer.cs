using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace NndlPS;

/// <summary>
/// Runs when the module is imported: sends the default load context to <see cref="ModuleLoadContext"/> for the
/// assemblies the module ships in its <c>dependencies</c> folder. See <see cref="ModuleLoadContext"/>.
/// </summary>
/// <remarks>
/// The handler is installed once per process and never removed. NndlPS.Core is loaded once per process and shared by
/// every runspace, and it resolves its dependencies lazily (SkiaSharp on the first picture, Google.Protobuf on the
/// first ONNX export): had Remove-Module in one runspace taken the handler away, the module still imported in another
/// would fail there with "Could not load file or assembly 'SkiaSharp'".
/// </remarks>
public sealed class ModuleInitializer : IModuleAssemblyInitializer
{
    private static int _installed;

    public void OnImport()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += ResolveDependency;
        }
    }

    private static Assembly? ResolveDependency(AssemblyLoadContext defaultContext, AssemblyName assemblyName) =>
        ModuleLoadContext.Instance.Ships(assemblyName) ? ModuleLoadContext.Instance.LoadFromAssemblyName(assemblyName) : null;
}
