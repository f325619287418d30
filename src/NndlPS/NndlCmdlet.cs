using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// What every NndlPS cmdlet shares: a cancellation token that Ctrl+C (StopProcessing) trips, and the
/// translation of the engine's <see cref="NndlException"/> into a terminating ErrorRecord.
/// </summary>
public abstract class NndlCmdlet : PSCmdlet, IDisposable
{
    private readonly CancellationTokenSource _stopping = new();

    protected CancellationToken CancellationToken => _stopping.Token;

    protected override void StopProcessing() => _stopping.Cancel();

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>PowerShell disposes a cmdlet when its pipeline ends, however it ends: where one frees what it kept across records.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping.Dispose();
        }
    }

    /// <summary>Runs an engine call, turning its failures into terminating errors with a stable ErrorId.</summary>
    protected T Invoke<T>(Func<T> engineCall)
    {
        try
        {
            return engineCall();
        }
        catch (NndlException ex)
        {
            ThrowTerminatingError(ToErrorRecord(ex));
            throw; // not reached: ThrowTerminatingError always throws
        }
    }

    protected void ThrowTerminating(string errorId, ErrorCategory category, string message, object? target)
    {
        ThrowTerminatingError(new ErrorRecord(new ArgumentException(message), errorId, category, target));
    }

    /// <summary>
    /// The one rule for a path a user gives a file-taking cmdlet: it must be on a file system drive (from
    /// <c>Variable:</c> a relative name would otherwise land in the process's working folder, which is not where the
    /// user is), then <see cref="FilePath.Require"/> (no NUL, names the file system can hold). Returns the full path.
    /// </summary>
    /// <param name="forWriting">The file is written under a temporary name first, which must fit too.</param>
    protected string FileSystemPath(string path, bool forWriting = false)
    {
        if (path.Contains('\0'))
        {
            Invoke(() => FilePath.Require(path)); // PowerShell's own path parsing would throw a raw ArgumentException
        }

        string resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out ProviderInfo provider, out _);
        if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
        {
            string name = System.IO.Path.GetFileName(resolved);
            ThrowTerminating("PathNotFileSystem", ErrorCategory.InvalidArgument,
                $"'{path}' is on the {provider.Name} provider's drive, not in the file system: {MyInvocation.MyCommand.Name} works on files. " +
                $"Give a file system path (e.g. ./{name} after Set-Location to a folder, or a full path such as $HOME/{name}).", path);
        }

        return Invoke(() => FilePath.Require(resolved, forWriting));
    }

    /// <summary>
    /// The one rule for a count of threads (-Threads, -ThrottleLimit): more than the machine's cores is lowered to the
    /// core count, with a warning. Threads beyond the cores only wait for each other, each with its own buffers (a
    /// sweep's -ThrottleLimit 1000 on 2 cores held 2.1 GB); results are the same for any count.
    /// </summary>
    protected int? LimitToCores(int? requested, string parameterName)
    {
        if (requested > Cores.Count)
        {
            WriteWarning($"-{parameterName} {requested} is more than the {Cores.Count} cores of this machine; using {Cores.Count} (the results are the same for any number).");
            return Cores.Count;
        }

        return requested;
    }

    /// <summary>
    /// An ensemble given the same network twice lets it vote twice: never what was meant, and what a run's epoch results
    /// give (-Network $run.Network), which all hold the one live network. Said, not refused: the vote is still well defined.
    /// </summary>
    protected void WarnOfRepeatedNetworks(Network[] networks)
    {
        var first = new Dictionary<Network, int>(ReferenceEqualityComparer.Instance);
        var repeats = new List<string>();
        for (int i = 0; i < networks.Length; i++)
        {
            if (!first.TryAdd(networks[i], i))
            {
                repeats.Add($"network {i + 1} is network {first[networks[i]] + 1}");
            }
        }

        if (repeats.Count > 0)
        {
            // The first few name the pairs; a thousand repeats are a count, not a page of text.
            const int named = 5;
            string which = string.Join(", ", repeats.Take(named)) + (repeats.Count > named ? $" and {repeats.Count - named} more" : "");
            WriteWarning($"The same network was given more than once ({which}), and votes once for each time. Every epoch result of a run holds the one live network; " +
                "an ensemble is of networks trained apart, e.g. $nets = 1..3 | ForEach-Object { ($data | Invoke-SgdTraining -Epochs 3 -Seed $_)[-1].Network }.");
        }
    }

    /// <summary>Writes files this cmdlet made through the provider, so they carry PSPath and show as Get-ChildItem shows them.</summary>
    protected void WriteFileItems(params string[] files) =>
        WriteObject(InvokeProvider.Item.Get(files, force: true, literalPath: true), enumerateCollection: true);

    internal static ErrorRecord ToErrorRecord(NndlException ex) => new(ex, ex.ErrorId, Category(ex.Kind), ex.Target);

    private static ErrorCategory Category(NndlErrorKind kind) => kind switch
    {
        NndlErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        NndlErrorKind.InvalidData => ErrorCategory.InvalidData,
        NndlErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        NndlErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
        NndlErrorKind.WriteFailed => ErrorCategory.WriteError,
        _ => ErrorCategory.InvalidOperation,
    };
}
