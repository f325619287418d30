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
/// generic over the vector width that was about 60 ms of the book's first epoch here (the first 50 mini-batches took
/// 57–72 ms in a probe, against 2 ms once compiled); compiling them all ahead took 107 ms of one core. Compiling them
/// early changes no result: it is the same code, only sooner. The generic kernels are compiled for each vector width
/// this CPU runs.
/// </remarks>
public static class HotPathCompiler
{
    private static readonly Lazy<Task<int>> Started = new(() => Task.Run(CompileAll));

    /// <summary>Starts the compiling once per process; later calls return the same task.</summary>
    public static Task<int> Start() => Started.Value;

    /// <summary>
    /// The types that hold <see cref="HotPath"/> methods (a test keeps this list complete). Listed, not found by
    /// reflection over the assembly: <c>Assembly.GetTypes</c> would load every type, the ONNX writer's too, and with it
    /// Google.Protobuf, which the module loads only for the first ONNX export.
    /// </summary>
    internal static readonly Type[] HotTypes =
    [
        typeof(MatrixKernels), typeof(ParallelKernels), typeof(WorkerPool), typeof(KernelPaths), typeof(ElementWise),
        typeof(PixelConversion), typeof(ImageSet), typeof(Backpropagation), typeof(SgdTrainer), typeof(Evaluator),
        typeof(GradientDescentRule), typeof(MomentumRule), typeof(Prediction), typeof(SigmoidActivation),
        typeof(TanhActivation), typeof(ReLUActivation), typeof(SoftmaxActivation), typeof(QuadraticCost),
        typeof(CrossEntropyCost), typeof(LogLikelihoodCost), typeof(ForwardPass), typeof(FixedLanes), typeof(Transcendentals),
        typeof(Convolution), typeof(ErrorSentDown), typeof(ConvPoolPass), typeof(DropoutMasks),
    ];

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
        foreach (Type type in HotTypes)
        {
            foreach (MethodInfo method in type.GetMethods(everyMethod))
            {
                if ((method.MethodImplementationFlags & MethodImplAttributes.AggressiveOptimization) == 0 || method.IsAbstract)
                {
                    continue;
                }

                RuntimeTypeHandle[]?[] instantiations = method.IsGenericMethodDefinition
                    ? widths.Where(width => width.Length == method.GetGenericArguments().Length).Select(width => width.Select(t => t.TypeHandle).ToArray()).ToArray()
                    : new RuntimeTypeHandle[]?[] { null };
                foreach (RuntimeTypeHandle[]? instantiation in instantiations)
                {
                    try
                    {
                        if (instantiation is null)
                        {
                            RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        }
                        else
                        {
                            RuntimeHelpers.PrepareMethod(method.MethodHandle, instantiation);
                        }

                        compiled++;
                    }
                    catch (Exception)
                    {
                        // A method that cannot be compiled ahead (an instantiation its constraints refuse, a dependency
                        // that does not load) is compiled on its first call instead; the others still are now.
                    }
                }
            }
        }

        return compiled;
    }
}
