using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsData.Export, "Mnist", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public MnistDataset Dataset { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        string folder = FileSystemPath(Path);
        if (!ShouldProcess(folder, $"Write {Dataset.Name} as four IDX .gz files"))
        {
            return;
        }

        string[] files = [.. Invoke(() => IdxWriter.Export(Dataset, folder, Force, WriteWarning))];
        WriteFileItems(files);
    }
}
