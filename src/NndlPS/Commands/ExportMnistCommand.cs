using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Writes a dataset out as the four MNIST IDX .gz files.</para>
/// <para type="description">The training file holds Training then Validation, so Import-Mnist -Path with the same
/// -ValidationSize gives back the same split. Use it to share a subset (Import-Mnist -First) or a converted CSV.</para>
/// </summary>
[Cmdlet(VerbsData.Export, "Mnist", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportMnistCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    public MnistDataset Dataset { get; set; } = null!;

    /// <summary>The folder to write the four files to; created if needed, in a folder that exists.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    /// <summary>Replace files that already exist.</summary>
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
