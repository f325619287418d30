using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>Draws each neuron's incoming weights of one layer as an image of the input, in a PNG grid.</summary>
[Cmdlet(VerbsData.Export, "NetworkImage", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportNetworkImageCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter]
    [ValidateRange(0, int.MaxValue)]
    [WholeNumber]
    public int Layer { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    [WholeNumber]
    public int Columns { get; set; } = 10;

    [Parameter]
    [ValidateRange(1, NetworkPicture.MaxScale)]
    [WholeNumber]
    public int Scale { get; set; } = NetworkPicture.DefaultScale;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        string file = FileSystemPath(Path, forWriting: true);
        Invoke(() => PictureFile.FormatOf(file, PictureFormat.Png)); // before -WhatIf says it would write it
        if (!ShouldProcess(file, $"Draw the weights of layer {Layer} of the network {Network.Architecture} as a PNG"))
        {
            return;
        }

        Invoke(() =>
        {
            IReadOnlyList<ImageTile> tiles = NetworkPicture.Tiles(Network, Layer);
            int? asked = MyInvocation.BoundParameters.ContainsKey(nameof(Scale)) ? Scale : null;
            int scale = NetworkPicture.ScaleFor(tiles, asked);
            ImageGrid.WritePng(file, tiles, Columns, scale, Force, () => NetworkPicture.TooLargeAdvice(tiles, Columns, scale));
            return file;
        });
        WriteFileItems(file);
    }
}
