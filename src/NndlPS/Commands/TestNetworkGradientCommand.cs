using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>Backpropagation against central differences, one result per layer (chapter 2's check).</summary>
[Cmdlet(VerbsDiagnostic.Test, "NetworkGradient")]
[OutputType(typeof(GradientCheckResult))]
public sealed class TestNetworkGradientCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public ImageSet Data { get; set; } = null!;

    // Each checked parameter costs two double-precision passes over these images: the engine refuses a check beyond
    // GradientCheck.MaxMultiplyAdds (GradientCheckTooCostly), whatever these two are.
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [WholeNumber]
    public int First { get; set; } = GradientCheck.DefaultImages;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [WholeNumber]
    public int ParametersPerLayer { get; set; } = GradientCheck.DefaultParametersPerLayer;

    [Parameter]
    public double Epsilon { get; set; } = GradientCheck.DefaultEpsilon;

    [Parameter]
    public double Tolerance { get; set; } = GradientCheck.DefaultTolerance;

    [Parameter]
    public int Seed { get; set; } = 1;

    protected override void ProcessRecord()
    {
        int count = Math.Min(First, Data.Count);
        foreach (GradientCheckResult result in Invoke(() => GradientCheck.Run(Network, Data, 0, count, ParametersPerLayer, Seed, Epsilon, Tolerance, CancellationToken)))
        {
            WriteObject(result);
        }
    }
}
