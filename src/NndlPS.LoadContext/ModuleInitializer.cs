using System.Management.Automation;
using System.Reflection;
using System.Runtime.Loader;

namespace NndlPS;

/// <summary>
/// Runs when the module is imported (and removed): sends the default load context to <see cref="ModuleLoadContext"/>
/// for the assemblies the module ships in its <c>dependencies</c> folder. See <see cref="ModuleLoadContext"/>.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        // Once per process, however often the module is imported (-Force imports without a removal in between).
        AssemblyLoadContext.Default.Resolving -= ResolveDependency;
        AssemblyLoadContext.Default.Resolving += ResolveDependency;
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => AssemblyLoadContext.Default.Resolving -= ResolveDependency;

    private static Assembly? ResolveDependency(AssemblyLoadContext defaultContext, AssemblyName assemblyName) =>
        ModuleLoadContext.Instance.Holds(assemblyName) ? ModuleLoadContext.Instance.LoadFromAssemblyName(assemblyName) : null;
}
