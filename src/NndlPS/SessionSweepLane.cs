using System.Collections;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Remoting;
using System.Management.Automation.Runspaces;
using NndlPS.Core;

namespace NndlPS;

/// <summary>
/// A sweep lane on a PSSession the user opened (SSH or WinRM): the remote side imports NndlPS, loads the data from
/// its own cache or mirrors with Import-Mnist (the images never cross the wire), and trains one run at a time with
/// Invoke-SgdSweep -TransferRun; runs go out and outcomes come back as text (<see cref="SweepTransfer"/>), so the
/// network arrives whole and live. A broken session is reported as <see cref="SweepLaneLostException"/>, so the
/// sweep retries its run on another session.
/// </summary>
internal sealed class SessionSweepLane(PSSession session, string? moduleBase, Hashtable importParameters, MnistDataset local) : ISweepLane
{
    /// <summary>
    /// Run once per lane: import the module (this one's folder when the remote side has it, else by name) and load the
    /// data into a global variable of this lane's own name (each remote command is a new pipeline, so only the session
    /// keeps it between runs). <see cref="Release"/> removes it when the sweep ends.
    /// </summary>
    private const string PrepareScript = """
        param($ModuleBase, $ImportParameters, $Expected, $Variable)
        $ErrorActionPreference = 'Stop'
        if (-not (Get-Module NndlPS)) {
            if ($ModuleBase -and (Test-Path (Join-Path $ModuleBase 'NndlPS.psd1'))) { Import-Module (Join-Path $ModuleBase 'NndlPS.psd1') } else { Import-Module NndlPS }
        }
        $data = Import-Mnist @ImportParameters
        $counts = '{0} training, {1} validation, {2} test images' -f $data.Training.Count, $data.Validation.Count, $data.Test.Count
        if ($counts -ne $Expected) { throw "Import-Mnist there gave $counts, here $Expected. Pass -ImportParameters with the Import-Mnist parameters that load the same data on every side (e.g. @{ First = 1000 })." }
        Set-Variable -Scope Global -Name $Variable -Value $data
        """;

    private const string RunScript = """
        param($Run, $Variable)
        Get-Variable -Scope Global -Name $Variable -ValueOnly | Invoke-SgdSweep -TransferRun $Run -ErrorAction Stop
        """;

    private const string ReleaseScript = """
        param($Variable)
        Remove-Variable -Scope Global -Name $Variable -ErrorAction SilentlyContinue
        """;

    /// <summary>How long the clean-up may take before the sweep gives up on it (it then says so): a remote Remove-Variable is milliseconds.</summary>
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Prefixes the remote variable's name (then a per-lane GUID), so a lane removes only its own data.</summary>
    internal const string DataVariablePrefix = "NndlPSSweepData_";

    private readonly string _dataVariable = DataVariablePrefix + Guid.NewGuid().ToString("N");

    // Touched only by the one sweep worker that owns this lane (SgdSweep gives each lane its own thread).
    private bool _prepared;
    private bool _prepareStarted; // from then on the remote side may hold the data, even if the preparation failed or was stopped
    private bool _lost; // the transport broke: the remote side and its data are gone, and writing to it again can only fail

    public string Name => $"{session.ComputerName} (session {session.Id})";

    public SweepOutcome Train(SweepRunSpec run, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        if (!_prepared)
        {
            string expected = $"{local.Training.Count} training, {local.Validation.Count} validation, {local.Test.Count} test images";
            try
            {
                _prepareStarted = true;
                Invoke(PrepareScript, cancellationToken, moduleBase, importParameters, expected, _dataVariable);
            }
            catch (RemoteRunFailedException ex)
            {
                // A side that cannot load the module or the data can train nothing: its runs go to the others.
                throw new SweepLaneLostException($"it could not prepare: {ex.Message}", ex);
            }

            _prepared = true;
        }

        Collection<PSObject> output;
        try
        {
            output = Invoke(RunScript, cancellationToken, SweepTransfer.WriteRun(run), _dataVariable);
        }
        catch (RemoteRunFailedException ex)
        {
            throw new InvalidOperationException(ex.Message, ex);
        }

        if (output.Count == 0 || output[^1].BaseObject is not string outcome)
        {
            throw new InvalidOperationException($"{Name} returned no result for run {run.Index}.");
        }

        return SweepTransfer.ReadOutcome(outcome);
    }

    /// <summary>Removes the lane's data from the session (after the last run, an error, Ctrl+C); nothing to do on a session that is gone.</summary>
    public void Release()
    {
        if (!_prepareStarted || _lost || !IsOpen)
        {
            return;
        }

        var shell = PowerShell.Create();
        shell.Runspace = session.Runspace;
        shell.AddScript(ReleaseScript).AddArgument(_dataVariable);
        IAsyncResult pending = shell.BeginInvoke();
        if (!pending.AsyncWaitHandle.WaitOne(ReleaseTimeout))
        {
            // Disposing a pipeline that still runs stops it synchronously, which a session that stopped answering can
            // hold far past the timeout: stop and dispose in the background instead, and report the timeout now.
            shell.BeginStop(stopped =>
            {
                try
                {
                    shell.EndStop(stopped);
                }
                catch (Exception)
                {
                    // The session is broken; the warning below already tells the user what is left there.
                }

                shell.Dispose();
            }, null);
            throw new TimeoutException($"the session did not answer within {ReleaseTimeout.TotalSeconds:0} s; remove ${_dataVariable} there, or close the session");
        }

        try
        {
            shell.EndInvoke(pending);
            _prepareStarted = false;
        }
        finally
        {
            shell.Dispose();
        }
    }

    private Collection<PSObject> Invoke(string script, CancellationToken cancellationToken, params object?[] arguments)
    {
        RequireOpen();
        using var shell = PowerShell.Create();
        shell.Runspace = session.Runspace;
        shell.AddScript(script);
        foreach (object? argument in arguments)
        {
            shell.AddArgument(argument);
        }

        // Ctrl+C stops the remote pipeline, whose Invoke-SgdSweep then cancels its training.
        using CancellationTokenRegistration stop = cancellationToken.Register(() => shell.BeginStop(null, null));
        try
        {
            Collection<PSObject> output = shell.Invoke();
            cancellationToken.ThrowIfCancellationRequested();
            if (shell.HadErrors && shell.Streams.Error.Count > 0)
            {
                RequireOpen();
                throw new RemoteRunFailedException(shell.Streams.Error[0].ToString());
            }

            return output;
        }
        catch (PipelineStoppedException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (ex is PSRemotingTransportException or PSRemotingDataStructureException or InvalidRunspaceStateException
            || (ex is not RemoteRunFailedException && !IsOpen))
        {
            _lost = true;
            throw new SweepLaneLostException(ex.Message, ex);
        }
        catch (RuntimeException ex) when (ex is not RemoteRunFailedException)
        {
            throw new RemoteRunFailedException(ex.Message);
        }
    }

    private bool IsOpen => session.Runspace.RunspaceStateInfo.State == RunspaceState.Opened;

    private void RequireOpen()
    {
        if (!IsOpen)
        {
            _lost = true;
            RunspaceStateInfo state = session.Runspace.RunspaceStateInfo;
            throw new SweepLaneLostException($"the session is {state.State}{(state.Reason is null ? string.Empty : $": {state.Reason.Message}")}");
        }
    }

    /// <summary>The remote side ran but reported an error: the run failed there (the session itself is fine).</summary>
    private sealed class RemoteRunFailedException(string message) : RuntimeException(message);
}
