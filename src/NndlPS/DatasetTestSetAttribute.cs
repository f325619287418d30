using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// Lets a parameter that takes an image set take a whole dataset too, as Test-Network, Get-MnistSample and
/// Export-MnistImage all do: its Test set is used, as a piped dataset's is everywhere in this module.
/// Anything else is left for the parameter's own binding (a network piped past it binds its own parameter).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class DatasetTestSetAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        (inputData is PSObject wrapped ? wrapped.BaseObject : inputData) is MnistDataset dataset ? dataset.Test : inputData;
}
