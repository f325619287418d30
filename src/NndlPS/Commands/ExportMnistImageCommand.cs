using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>Draws images (samples, predictions, an image set) as a grid in a PNG, label and answer under each.</summary>
[Cmdlet(VerbsData.Export, "MnistImage", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistImageCommand : NndlCmdlet
{
    private readonly List<ImageTile> _tiles = [];

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public object[] InputObject { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 10_000)]
    [WholeNumber]
    public int First { get; set; } = 100;

    [Parameter]
    [ValidateRange(1, 1000)]
    [WholeNumber]
    public int Columns { get; set; } = 10;

    [Parameter]
    [ValidateRange(1, 16)]
    [WholeNumber]
    public int Scale { get; set; } = 2;

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>A name the picture cannot have is refused before any image is read.</summary>
    protected override void BeginProcessing() =>
        Invoke(() => PictureFile.FormatOf(FileSystemPath(Path, forWriting: true), PictureFormat.Png));

    protected override void ProcessRecord()
    {
        foreach (object item in InputObject)
        {
            object value = item is PSObject wrapped ? wrapped.BaseObject : item;
            switch (value)
            {
                case ImageSample sample:
                    Add(ImageTile.FromSample(sample));
                    break;
                case Prediction { Sample: ImageSample sample } prediction:
                    Add(ImageTile.FromSample(sample, prediction.Predicted));
                    break;
                case ImageSet set:
                    for (int i = 0; i < set.Count && _tiles.Count < First; i++)
                    {
                        Add(ImageTile.FromSample(set.GetSample(i)));
                    }

                    break;
                case MnistDataset dataset:
                    for (int i = 0; i < dataset.Test.Count && _tiles.Count < First; i++)
                    {
                        Add(ImageTile.FromSample(dataset.Test.GetSample(i)));
                    }

                    break;
                default:
                    WriteError(new ErrorRecord(new ArgumentException(
                        $"Export-MnistImage draws images: ImageSample (Get-MnistSample), Prediction of an image (Invoke-Network) or an image set; got {value?.GetType().Name ?? "null"}."),
                        "PictureInputNotImage", ErrorCategory.InvalidArgument, value));
                    break;
            }
        }
    }

    protected override void EndProcessing()
    {
        string file = FileSystemPath(Path, forWriting: true);
        if (!ShouldProcess(file, $"Draw {_tiles.Count} images as a PNG grid"))
        {
            return;
        }

        Invoke(() =>
        {
            ImageGrid.WritePng(file, _tiles, Columns, Scale, Force);
            return file;
        });
        WriteFileItems(file);
    }

    private void Add(ImageTile tile)
    {
        if (_tiles.Count < First)
        {
            _tiles.Add(tile);
        }
    }
}
