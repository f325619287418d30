using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsCommon.Add, "NetworkLayer")]
[OutputType(typeof(Network))]
public sealed class AddNetworkLayerCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    public object[] Weights { get; set; } = [];

    [Parameter(Mandatory = true, Position = 1)]
    public float[] Biases { get; set; } = [];

    [Parameter]
    [KindName(typeof(ActivationKind))]
    public ActivationKind? Activation { get; set; }

    protected override void ProcessRecord()
    {
        IActivation activation = Activation is ActivationKind kind ? Activations.Get(kind) : Network.Layers[^1].Activation;
        Network appended = Invoke(() => Network.AppendLayer(LayerValues.Rows(Weights, "-Weights"), Biases, activation));
        if (appended.Cost != Network.Cost)
        {
            WriteWarning($"The {Network.Cost.Name} cost does not suit {activation.Name} output neurons, so the new network uses the {appended.Cost.Name} cost. Set .Cost or build it with New-Network -Cost if you want another.");
        }

        WriteObject(appended);
    }
}
