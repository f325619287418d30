using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Lets New-Network -Layers take layers as text, as a sweep result or an epoch result shows them
/// (<c>New-Network -InputShape 1,28,28 -Layers $best.Layers</c>), besides the New-…Layer cmdlets' objects; texts and
/// objects may be mixed. A text that is not layers is refused here with <see cref="LayerText"/>'s message, which names
/// the forms that work. PowerShell reports a refusal in an argument transformation as its own
/// ParameterArgumentTransformationError, so the message starts with the reader's ErrorId (LayerTextInvalid,
/// LayerDesignInvalid), which is also the inner exception's, as for networks (<see cref="NetworkArgumentAttribute"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class LayerTextAttribute : TextArgumentAttribute
{
    protected override object[] Parse(string text)
    {
        try
        {
            return LayerText.Parse(text);
        }
        catch (NndlException ex)
        {
            throw new ArgumentTransformationMetadataException($"{ex.ErrorId}: {ex.Message}", ex);
        }
    }
}
