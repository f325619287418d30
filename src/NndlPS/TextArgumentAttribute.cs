using System.Collections;
using System.Management.Automation;

namespace NndlPS;

/// <summary>
/// A parameter that takes, besides its own objects, the text a result shows for them (a sweep result's Sizes;
/// Layers have their own, <see cref="LayerTextAttribute"/>): each string in the argument, alone or in a list, is replaced by what <see cref="Parse"/> reads from it,
/// and everything else passes as it is. A text that cannot be read is refused here, with the reader's message.
/// </summary>
internal abstract class TextArgumentAttribute : ArgumentTransformationAttribute
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

    /// <summary>The values one text stands for; throws <see cref="ArgumentTransformationMetadataException"/> when it stands for none.</summary>
    protected abstract object[] Parse(string text);
}
