using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsData.Import, "Network", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Network))]
public sealed class ImportNetworkCommand : NndlCmdlet
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = null!;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = null!;

    protected override void ProcessRecord()
    {
        IEnumerable<string> files = ParameterSetName == LiteralPathSet
            ? LiteralPath.Select(path => FileSystemPath(path))
            : Path.SelectMany(Resolve);
        foreach (string file in files)
        {
            WriteObject(Invoke(() => NetworkFile.Import(file)));
        }
    }

    /// <summary>
    /// The files a -Path names. A path without wildcards is passed on as it is, so a missing file gets the engine's
    /// NetworkFileNotFound; a pattern is expanded to the files it matches (folders cannot be networks), and one that
    /// matches none is the same error, as a missing file.
    /// </summary>
    private IEnumerable<string> Resolve(string path)
    {
        if (!WildcardPattern.ContainsWildcardCharacters(path))
        {
            // Escaped brackets ('a`[1`].json') name the file 'a[1].json', as for Get-Content -Path.
            return [FileSystemPath(WildcardPattern.Unescape(path))];
        }

        List<string> files = [];
        try
        {
            files.AddRange(SessionState.Path.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider)
                .Where(file => provider.ImplementingType == typeof(Microsoft.PowerShell.Commands.FileSystemProvider) && !Directory.Exists(file)));
        }
        catch (ItemNotFoundException)
        {
            // the folder part of the pattern does not exist: no file matches
        }

        if (files.Count == 0)
        {
            ThrowTerminating("NetworkFileNotFound", ErrorCategory.ObjectNotFound,
                $"No network file matches '{path}'. Check the pattern (Get-ChildItem '{path}' lists what it matches), or give the " +
                "file's own name with -LiteralPath when it holds [ or ].", path);
        }

        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
