using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsData.Export, "Network", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportNetworkCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network Network { get; set; } = null!;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = null!;

    [Parameter]
    [KindName(typeof(NetworkFormat))]
    public NetworkFormat? Format { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    // Every epoch result of a run holds the one live network: `$run.Network | Export-Network ./r.json` pipes it once per
    // epoch. It is written once; the copies are counted and said (EndProcessing), not refused as "already exists".
    private readonly HashSet<(Network, string)> _written = [];
    private int _repeats;

    protected override void ProcessRecord()
    {
        string file = FileSystemPath(Path, forWriting: true);
        if (_written.Contains((Network, file)))
        {
            _repeats++;
            return;
        }

        NetworkFormat format = Format ?? NetworkFile.FormatOf(file);
        if (!ShouldProcess(file, $"Save the network {Network.Architecture} as {format}"))
        {
            return;
        }

        Invoke(() =>
        {
            NetworkFile.Export(Network, file, format, Force);
            return file;
        });
        _written.Add((Network, file));
        WriteFileItems(file);
    }

    protected override void EndProcessing()
    {
        if (_repeats > 0)
        {
            WriteWarning($"The same network came {_repeats} more time{(_repeats == 1 ? "" : "s")} and was saved once: every epoch result of a run holds the one live network, trained in place. " +
                "To save each epoch's weights, save them as each epoch arrives, each to its own file: Invoke-SgdTraining ... | ForEach-Object { $_ | Export-Network \"./epoch-$($_.Epoch).json\" }.");
        }
    }
}
