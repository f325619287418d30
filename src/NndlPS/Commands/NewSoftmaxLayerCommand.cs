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
    public int Neurons { get; set; }

    [Parameter]
    public float Dropout { get; set; }

    protected override void EndProcessing() =>
        WriteObject(Invoke(() => new SoftmaxLayerDesign(Neurons, Dropout)));
}
