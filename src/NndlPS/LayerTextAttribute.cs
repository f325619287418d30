using System.Collections;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Lets New-Network -Layers take, besides the New-…Layer cmdlets' objects, layers as text, as a sweep result or an
/// epoch result shows them (<c>New-Network -InputShape 1,28,28 -Layers $best.Layers</c>), and layers that came back
/// from PowerShell's serialization (Import-Clixml, remoting, a job) as property bags, read from the text they carry
/// (a layer's ToString is <see cref="LayerText"/>'s form); all may be mixed.
/// <para>Nothing is refused here. An item that is not a layer becomes a <see cref="RefusedLayer"/> carrying the
/// reader's error, which the cmdlet raises as its own terminating error (LayerTextInvalid, LayerDesignInvalid,
/// LayerInvalid). A refusal here would be PowerShell's: for an argument its ParameterArgumentTransformationError, and
/// for a piped item a non-terminating error after which the cmdlet went on and built a network of the other layers
/// (<c>$conv, $fc, 'Softmax ten' | New-Network</c> made a network whose output layer was $fc).</para>
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class LayerTextAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        IEnumerable<object?> items = Unwrap(inputData) is IEnumerable list and not string and not IDictionary ? list.Cast<object?>() : [inputData];
        return items.SelectMany(item =>
        {
            try
            {
                return Read(item);
            }
            catch (NndlException ex)
            {
                return [new RefusedLayer(ex)];
            }
        }).ToArray();
    }

    /// <summary>The layers one item of an argument stands for: a layer, a text of layers, or a deserialized layer.</summary>
    /// <exception cref="NndlException">LayerTextInvalid or LayerDesignInvalid for a text that is not layers; LayerInvalid for anything else.</exception>
    public static LayerDesign[] Read(object? item)
    {
        if (IsDeserializedLayer(item))
        {
            return [Rebuild((PSObject)item!)];
        }

        return Unwrap(item) switch
        {
            LayerDesign layer => [layer],
            string text => LayerText.Parse(text),
            null => throw new NndlException("LayerInvalid", NndlErrorKind.InvalidArgument,
                $"-Layers holds $null (a variable that was never set?). {Advice}"),
            object other => throw new NndlException("LayerInvalid", NndlErrorKind.InvalidArgument,
                $"-Layers holds '{NndlException.Quote(other.ToString() ?? "")}' ({other.GetType().Name}), which is not a layer. {Advice}"),
        };
    }

    private const string Advice = "Give layers as New-ConvPoolLayer, New-FullyConnectedLayer and New-SoftmaxLayer make them, or as text: 'ConvPool 20@5x5, pool 2x2 relu + Softmax 10'.";

    private static readonly string[] DeserializedNames = [.. new[] { typeof(ConvPoolLayerDesign), typeof(FullyConnectedLayerDesign), typeof(SoftmaxLayerDesign) }
        .Select(type => "Deserialized." + type.FullName)];

    /// <summary>Whether <paramref name="value"/> is the property bag a serialized layer comes back as.</summary>
    public static bool IsDeserializedLayer(object? value) => value is PSObject bag && bag.TypeNames.Any(DeserializedNames.Contains);

    /// <summary>
    /// The layer a deserialized bag describes, read from its text, as results' layers are: every check of
    /// <see cref="LayerText.Parse"/> and of the layer's constructor; a bag whose text names another kind of layer (edited)
    /// is refused.
    /// </summary>
    public static LayerDesign Rebuild(PSObject bag)
    {
        string text = bag.ToString();
        LayerDesign[] layers = LayerText.Parse(text);
        return layers is [LayerDesign layer] && bag.TypeNames.Contains("Deserialized." + layer.GetType().FullName)
            ? layer
            : throw new NndlException("LayerInvalid", NndlErrorKind.InvalidArgument,
                $"A layer that came back from serialization (Import-Clixml, remoting, a job) as a {bag.TypeNames[0]} reads '{NndlException.Quote(text)}', which is not one such layer: it was edited. {Advice}");
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}

/// <summary>An item of -Layers that is not a layer, with the reason; the cmdlet raises <see cref="Error"/> (see <see cref="LayerTextAttribute"/>).</summary>
internal sealed record RefusedLayer(NndlException Error) : LayerDesign;
