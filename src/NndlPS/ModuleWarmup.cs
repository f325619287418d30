using System.Management.Automation;
using NndlPS.Core.Kernels;

namespace NndlPS;

/// <summary>On import, starts compiling the engine's hot path in the background (see <see cref="HotPathCompiler"/>).</summary>
public sealed class ModuleWarmup : IModuleAssemblyInitializer
{
    public void OnImport() => HotPathCompiler.Start();
}
