using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsCommon.Get, "MnistSample")]
[OutputType(typeof(ImageSample))]
public sealed class GetMnistSampleCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [DatasetTestSet]
    public ImageSet Data { get; set; } = null!;

    [Parameter(Position = 0, ValueFromPipeline = true)]
    [IndexRange]
    [ValidateRange(0, int.MaxValue)]
    [WholeNumber]
    public int[] Index { get; set; } = [0];

    protected override void ProcessRecord()
    {
        foreach (int index in Index)
        {
            if (index >= Data.Count)
            {
                ThrowTerminating("SampleIndexOutOfRange", ErrorCategory.InvalidArgument,
                    $"Index {index} is outside the {Data.Name} set, which holds {Data.Count} images (0 to {Data.Count - 1}).", index);
            }

            WriteObject(Data.GetSample(index));
        }
    }
}
