using System.Runtime.CompilerServices;

namespace NndlPS.Core.Kernels;

/// <summary>
/// Marks the methods every mini-batch runs (products, activations, costs, update rules, the gather, the helper
/// pool, evaluation): <c>[MethodImpl(HotPath.Compile)]</c> has the JIT compile them fully optimized on their first
/// call instead of tiering up.
/// </summary>
/// <remarks>
/// Why: a module cannot switch tiered compilation off for the pwsh process it lives in, and under tiering a method
/// first runs as unoptimized tier-0 code, is counted for 30 calls and is recompiled in the background only after
/// 100 ms without new tier-0 work. Our kernels are generic over the vector width (<c>StridedRows&lt;Simd512,…&gt;</c>),
/// and their tier-0 code calls every vector operation out of line, so the book's first epoch took 0.5–0.6 s against
/// 0.1 s for the next ones. Measured with <c>DOTNET_JitDisasmSummary=1</c> (every method the JIT compiles, with its
/// tier) on the book's run: each method listed there as re-compiled at tier 1 during the first epoch carries this
/// mark, so a method that takes it also gets optimized code for its small helpers, inlined. The price is no dynamic
/// PGO for these methods; the whole process with tiering off (<c>DOTNET_TieredCompilation=0</c>) trained the book's
/// epochs in 0.075 s against 0.10 s with it, so PGO was not paying here. Code that runs once per epoch or per file
/// stays tiered.
/// </remarks>
internal static class HotPath
{
    public const MethodImplOptions Compile = MethodImplOptions.AggressiveOptimization;
}
