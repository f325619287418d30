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
    public int Neurons { get; set; }

    [Parameter]
    [KindName(typeof(ActivationKind))]
    public ActivationKind Activation { get; set; } = ActivationKind.Sigmoid;

    [Parameter]
    public float Dropout { get; set; }

    protected override void EndProcessing() =>
        WriteObject(Invoke(() => new FullyConnectedLayerDesign(Neurons, Activation, Dropout)));
}
