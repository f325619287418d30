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
    public int Layer { get; set; }

    [Parameter]
    [ValidateRange(1, 1000)]
    public int Columns { get; set; } = 10;

    [Parameter]
    [ValidateRange(1, 16)]
    public int Scale { get; set; } = 3;

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
            ImageGrid.WritePng(file, NetworkPicture.Tiles(Network, Layer), Columns, Scale, Force);
            return file;
        });
        WriteFileItems(file);
    }
}
