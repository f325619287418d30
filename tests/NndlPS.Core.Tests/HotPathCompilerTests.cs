namespace NndlPS.Core.Tests;

/// <summary>The background compiling of the hot path covers every marked method and each vector width.</summary>
public class HotPathCompilerTests
{
    [Fact]
    public void Compiles_every_hot_method_and_each_vector_width_of_the_generic_kernels()
    {
        const System.Reflection.BindingFlags all = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic |
            System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly;
        var hot = typeof(NndlPS.Core.Network).Assembly.GetTypes().Where(t => !t.ContainsGenericParameters)
            .SelectMany(t => t.GetMethods(all))
            .Where(m => (m.MethodImplementationFlags & System.Reflection.MethodImplAttributes.AggressiveOptimization) != 0)
            .ToList();
        int vectorWidths = NndlPS.Core.Kernels.KernelPaths.Supported.Count(p => p != NndlPS.Core.Kernels.KernelPath.Scalar);
        int expected = hot.Count(m => !m.IsGenericMethodDefinition) + (hot.Count(m => m.IsGenericMethodDefinition) * vectorWidths);

        Assert.True(hot.Count > 30, $"only {hot.Count} hot methods found");
        // The compiler's own list of types (it may not scan the assembly): every hot method's type is on it.
        Assert.Empty(hot.Select(m => m.DeclaringType!).Distinct().Except(NndlPS.Core.Kernels.HotPathCompiler.HotTypes).Select(t => t.FullName));
        Assert.Equal(expected, NndlPS.Core.Kernels.HotPathCompiler.CompileAll());
        Assert.Same(NndlPS.Core.Kernels.HotPathCompiler.Start(), NndlPS.Core.Kernels.HotPathCompiler.Start());
    }
}
