using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Appends a layer with given weights and biases to a network, returning a new network.</para>
/// <para type="description">The piped network is left as it is: the result holds a copy of its layers followed
/// by the new one, so a trained network can be extended (chapter 1's exercise: a layer that turns ten digit outputs
/// into a binary code) without losing the original.</para>
/// </summary>
[Cmdlet(VerbsCommon.Add, "NetworkLayer")]
[OutputType(typeof(Network))]
public sealed class AddNetworkLayerCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    /// <summary>The new layer's weights: one row per new neuron of one weight per neuron of the current output layer.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public object[] Weights { get; set; } = [];

    /// <summary>The new layer's biases, one per neuron: their number is the layer's size.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public float[] Biases { get; set; } = [];

    /// <summary>The new layer's neurons. Default: the same as the network's current output layer.</summary>
    [Parameter]
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
