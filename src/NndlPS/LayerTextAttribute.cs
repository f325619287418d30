using System.Collections;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Lets New-Network -Layers take layers as text, as a sweep result or an epoch result shows them
/// (<c>New-Network -InputShape 1,28,28 -Layers $best.Layers</c>), besides the New-…Layer cmdlets' objects; texts and
/// objects may be mixed. A text that is not layers is refused here with <see cref="LayerText"/>'s message, which names
/// the forms that work.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class LayerTextAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object input = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (input is string text)
        {
            return Parse(text);
        }

        if (input is not IEnumerable items || !items.Cast<object>().Any(item => (item is PSObject p ? p.BaseObject : item) is string))
        {
            return inputData;
        }

        return items.Cast<object>().SelectMany(item => (item is PSObject p ? p.BaseObject : item) is string s ? Parse(s) : [item]).ToArray();
    }

    private static object[] Parse(string text)
    {
        try
        {
            return LayerText.Parse(text);
        }
        catch (NndlException ex)
        {
            throw new ArgumentTransformationMetadataException(ex.Message, ex);
        }
    }
}
