using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>network3.py's FullyConnectedLayer, for New-Network -Layers.</summary>
[Cmdlet(VerbsCommon.New, "FullyConnectedLayer")]
[OutputType(typeof(FullyConnectedLayerDesign))]
public sealed class NewFullyConnectedLayerCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, LayerDesign.MaxUnits)]
    [WholeNumber(Counts = "neurons")]
    public int Neurons { get; set; }

    [Parameter]
    [KindName(typeof(ActivationKind))]
    public ActivationKind Activation { get; set; } = ActivationKind.Sigmoid;

    // A double, checked as the float the layer keeps: bound as a float, 1e-50 became 0 before NndlPS saw it.
    [Parameter]
    [StrictNumber]
    public double Dropout { get; set; }

    protected override void EndProcessing() =>
        WriteObject(Invoke(() => new FullyConnectedLayerDesign(Neurons, Activation, LayerDesign.DropoutOf(Dropout))));
}
