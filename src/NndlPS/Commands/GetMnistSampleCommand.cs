using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Gets images of a set with their labels, to look at (the default view draws them as text).</para>
/// <para type="description">Pipe a set or pass -Data, and give the indexes: $data.Test | Get-MnistSample 0,1,2, or
/// pipe the indexes: 0..9 | Get-MnistSample -Data $data.Test. Without -Index, returns the first image.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "MnistSample")]
[OutputType(typeof(ImageSample))]
public sealed class GetMnistSampleCommand : NndlCmdlet
{
    /// <summary>The set to take images from; a dataset from Import-Mnist gives its Test set, as Test-Network and Export-MnistImage take it.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [DatasetTestSet]
    public ImageSet Data { get; set; } = null!;

    /// <summary>Which images (0-based); indexes piped in bind here when -Data is given: 0..9 | Get-MnistSample -Data $d.Test.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [IndexRange]
    [ValidateRange(0, int.MaxValue)]
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
