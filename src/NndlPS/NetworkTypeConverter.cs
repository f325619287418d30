using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Lets a network survive PowerShell's own serialization (Export-Clixml / Import-Clixml, remoting, jobs), which
/// keeps only a property bag one level deep: a network would come back as a <c>Deserialized.NndlPS.Core.Network</c>
/// without its weights that no cmdlet accepts. NndlPS.types.ps1xml serializes a network as its book-format JSON
/// (the hidden <see cref="NetworkJsonProperty"/>) and names this converter for the deserialized bag, so PowerShell
/// rebuilds a real <see cref="Network"/> through the same checked reader that Import-Network uses
/// (<see cref="NetworkJsonReader.ReadText(string, string)"/>, size first), as a remote sweep's result is.
/// </summary>
public sealed class NetworkTypeConverter : PSTypeConverter
{
    /// <summary>The hidden property that carries the network through serialization.</summary>
    public const string NetworkJsonProperty = "NetworkJson";

    /// <summary>The getter of the hidden property (a CodeProperty in NndlPS.types.ps1xml).</summary>
    public static string GetNetworkJson(PSObject instance) => NetworkJsonWriter.WriteText((Network)instance.BaseObject);

    public override bool CanConvertFrom(object sourceValue, Type destinationType) =>
        destinationType == typeof(Network) && JsonOf(sourceValue) is not null;

    public override object ConvertFrom(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase)
    {
        string json = JsonOf(sourceValue) ?? throw new PSInvalidCastException(
            $"Cannot convert {sourceValue} to a network: only a network serialized by NndlPS (Export-Clixml, remoting, jobs) can be.");
        return NetworkJsonReader.ReadText(json, "a deserialized network");
    }

    /// <summary>Whether <paramref name="value"/> is the property bag a serialized network comes back as.</summary>
    public static bool IsDeserializedNetwork(object? value) =>
        value is PSObject bag && bag.TypeNames.Contains("Deserialized." + typeof(Network).FullName);

    /// <summary>The network in a deserialized bag, read with every check of a network file.</summary>
    /// <exception cref="NndlException">The reader's error; <c>NetworkFileInvalid</c> when the bag carries no network text at all.</exception>
    public static Network Rebuild(PSObject bag) => NetworkJsonReader.ReadText(JsonOf(bag) ?? throw new NndlException("NetworkFileInvalid", NndlErrorKind.InvalidData,
        $"The deserialized network carries no weights ({NetworkJsonProperty}): PowerShell's serializer leaves them out without a word when they " +
        "cannot be written as text — a diverged network (NaN or infinite weights), or one over the 1 GiB of JSON a network may have — or when NndlPS " +
        "was not loaded where it was serialized. Save networks with Export-Network, which says why it cannot, and read them with Import-Network."), "a deserialized network");

    public override bool CanConvertTo(object sourceValue, Type destinationType) => false;

    public override object ConvertTo(object sourceValue, Type destinationType, IFormatProvider formatProvider, bool ignoreCase) =>
        throw new PSInvalidCastException($"A network cannot be converted to {destinationType}.");

    private static string? JsonOf(object? value) =>
        IsDeserializedNetwork(value) ? ((PSObject)value!).Properties[NetworkJsonProperty]?.Value as string : null;
}
