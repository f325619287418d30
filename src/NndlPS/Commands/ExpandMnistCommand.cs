using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsData.Expand, "Mnist", DefaultParameterSetName = DatasetSet)]
[OutputType(typeof(MnistDataset), ParameterSetName = [DatasetSet])]
[OutputType(typeof(ImageSet), ParameterSetName = [SetSet])]
public sealed class ExpandMnistCommand : NndlCmdlet
{
    private const string DatasetSet = "Dataset";
    private const string SetSet = "Set";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DatasetSet)]
    public MnistDataset Dataset { get; set; } = null!;

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = SetSet)]
    public ImageSet TrainingData { get; set; } = null!;

    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    [WholeNumber]
    public int Distance { get; set; } = ImageShifts.BookDistance;

    protected override void ProcessRecord()
    {
        object expanded;
        try
        {
            expanded = ParameterSetName == DatasetSet
                ? Invoke(() => ImageShifts.Expand(Dataset, Distance, CancellationToken))
                : Invoke(() => ImageShifts.Expand(TrainingData, Distance, CancellationToken));
        }
        catch (OperationCanceledException)
        {
            return; // Ctrl+C: the pipeline is stopping.
        }

        WriteObject(expanded);
    }
}
