using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NndlPS.Core.Kernels;

/// <summary>
/// Compiles every <see cref="HotPath"/> method ahead of the first epoch, on a background thread, once per process:
/// the module starts it on import, so the compiling overlaps the user's Import-Mnist instead of the first mini-batches.
/// </summary>
/// <remarks>
/// A method marked <see cref="HotPath.Compile"/> is compiled fully optimized the first time it runs; for the kernels
/// generic over the vector width that took about 60 ms of the book's first epoch here. Compiling them early changes
/// no result: it is the same code, only sooner. The generic kernels are compiled for each vector width this CPU runs.
/// </remarks>
public static class HotPathCompiler
{
    private static readonly Lazy<Task<int>> Started = new(() => Task.Run(CompileAll));

    /// <summary>Starts the compiling once per process; later calls return the same task.</summary>
    public static Task<int> Start() => Started.Value;

    /// <summary>Compiles every hot method (each vector width of the generic ones); returns how many were compiled.</summary>
    public static int CompileAll()
    {
        var widths = new List<Type[]>();
        foreach (KernelPath path in KernelPaths.Supported)
        {
            switch (path)
            {
                case KernelPath.Vector512: widths.Add([typeof(Simd512), typeof(Vector512<float>)]); break;
                case KernelPath.Vector256: widths.Add([typeof(Simd256), typeof(Vector256<float>)]); break;
                case KernelPath.Vector128: widths.Add([typeof(Simd128), typeof(Vector128<float>)]); break;
            }
        }

        int compiled = 0;
        const BindingFlags everyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (Type type in typeof(HotPathCompiler).Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (MethodInfo method in type.GetMethods(everyMethod))
            {
                if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0 || method.IsAbstract)
                {
                    continue;
                }

                if (!method.IsGenericMethodDefinition)
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                    continue;
                }

                foreach (Type[] width in widths)
                {
                    if (method.GetGenericArguments().Length == width.Length)
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle, width.Select(t => t.TypeHandle).ToArray());
                        compiled++;
                    }
                }
            }
        }

        return compiled;
    }
}
