using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Loads a network saved by Export-Network or by the book's network2.py.</para>
/// <para type="description">Reads the book's JSON format. A damaged or hand-edited file is refused with an error
/// that says what is wrong; no half-built network is ever returned.</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Network")]
[OutputType(typeof(Network))]
public sealed class ImportNetworkCommand : NndlCmdlet
{
    /// <summary>The files to read. Files piped from Get-ChildItem bind through their PSPath.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "LiteralPath")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    protected override void ProcessRecord()
    {
        foreach (string path in Path)
        {
            string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
            WriteObject(Invoke(() => NetworkFile.Import(file)));
        }
    }
}
