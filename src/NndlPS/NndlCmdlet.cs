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
