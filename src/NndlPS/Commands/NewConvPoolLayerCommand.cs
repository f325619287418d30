using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>network3.py's ConvPoolLayer: a convolutional layer with max-pooling, for New-Network -Layers.</summary>
[Cmdlet(VerbsCommon.New, "ConvPoolLayer")]
[OutputType(typeof(ConvPoolLayerDesign))]
public sealed class NewConvPoolLayerCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, LayerDesign.MaxUnits)]
    [WholeNumber(Counts = "filters")]
    public int Filters { get; set; }

    [Parameter]
    [ValidateRange(1, ConvPoolLayerDesign.MaxSide)]
    [WholeNumber]
    public int FilterSize { get; set; } = 5;

    [Parameter]
    [ValidateRange(1, ConvPoolLayerDesign.MaxSide)]
    [WholeNumber]
    public int PoolSize { get; set; } = 2;

    [Parameter]
    [KindName(typeof(ActivationKind))]
    public ActivationKind Activation { get; set; } = ActivationKind.Sigmoid;

    protected override void EndProcessing() =>
        WriteObject(Invoke(() => new ConvPoolLayerDesign(Filters, FilterSize, PoolSize, Activation)));
}
