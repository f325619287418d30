namespace NndlPS.Core;

/// <summary>Refuses a network whose input or output layer does not fit a dataset, before any work starts.</summary>
internal static class ShapeCheck
{
    public static void RequireFit(Network network, ImageSet data)
    {
        if (network.InputSize != data.InputSize || network.OutputSize != data.ClassCount)
        {
            throw new NndlException("NetworkShapeMismatch", NndlErrorKind.InvalidArgument,
                $"The network [{string.Join(", ", network.Sizes)}] does not fit the {data.Name} data: its images have {data.InputSize} pixels " +
                $"({data.ImageRows}x{data.ImageColumns}) and {data.ClassCount} classes, so the network needs {data.InputSize} inputs and {data.ClassCount} outputs. " +
                $"Create one with New-Network -Sizes {data.InputSize},30,{data.ClassCount}.");
        }
    }
}
