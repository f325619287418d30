using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>network3.py's SoftmaxLayer: the output layer, for New-Network -Layers.</summary>
[Cmdlet(VerbsCommon.New, "SoftmaxLayer")]
[OutputType(typeof(SoftmaxLayerDesign))]
public sealed class NewSoftmaxLayerCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, LayerDesign.MaxUnits)]
    [WholeNumber(Counts = "neurons")]
    public int Neurons { get; set; }

    // A double, checked as the float the layer keeps: bound as a float, 1e-50 became 0 before NndlPS saw it.
    [Parameter]
    [StrictNumber]
    public double Dropout { get; set; }

    protected override void EndProcessing() =>
        WriteObject(Invoke(() => new SoftmaxLayerDesign(Neurons, LayerDesign.DropoutOf(Dropout))));
}
