using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Put on every parameter that takes a network. A network that crossed PowerShell serialization comes back as a
/// <c>Deserialized.NndlPS.Core.Network</c> bag when its text could not be read (edited, cut short): the deserializer
/// swallows the converter's error, and binding the bag then failed as InputObjectNotBound or
/// CannotConvertArgumentNoMessage with the reason buried. This reads the bag with the same checked reader
/// (<see cref="NetworkTypeConverter"/>) and lets the reader's error through: PowerShell reports any failure here as
/// ParameterArgumentTransformationError, with the reader's message and its <see cref="NndlException"/> (ErrorId
/// NetworkShapeInvalid, NetworkFileInvalid, …) as the inner exception. A list of networks (an ensemble, -Network $a, $b)
/// has each of its deserialized networks rebuilt the same way.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class NetworkArgumentAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is object?[] list && list.Any(NetworkTypeConverter.IsDeserializedNetwork))
        {
            return list.Select(item => Transform(engineIntrinsics, item)).ToArray();
        }

        if (!NetworkTypeConverter.IsDeserializedNetwork(inputData))
        {
            return inputData; // a network, an epoch result, or something binding refuses in its own words
        }

        try
        {
            return NetworkTypeConverter.Rebuild((PSObject)inputData!);
        }
        catch (NndlException ex)
        {
            throw new ArgumentTransformationMetadataException($"{ex.ErrorId}: this network came back from serialization (Import-Clixml, " +
                $"remoting, a job) but could not be rebuilt: {ex.Message}", ex);
        }
    }
}
