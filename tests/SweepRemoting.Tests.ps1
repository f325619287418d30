# Invoke-SgdSweep -Session over SSH remoting to 127.0.0.1: an sshd of our own on a free loopback port, with a
# throwaway host key and client key and a powershell subsystem running this very pwsh; two sessions give the same
# results as the local sweep, and a session killed while it holds a run has its runs finished on the other (in a pwsh
# of its own, with sessions of its own: see that test).
# Needs sshd: installed here with apt-get when missing (as root). Without it the tests fail, saying so.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 600 -Test 100
    $script:import = @{ Path = $script:tiny; ValidationSize = 100 }
    $script:data = Import-Mnist @script:import
    $script:grid = @{ LearningRate = 0.5, 3; Sizes = (4, 8, 10), (4, 20, 10) }
    $script:local = @($script:data | Invoke-SgdSweep -Grid $script:grid -Seed 1, 2 -Epochs 4 | Sort-Object Index)

    $script:ssh = Start-LoopbackSshd (Join-Path $TestDrive 'sshd')
    # Two sessions for the whole file (each costs seconds to open).
    $script:sessions = @(foreach ($i in 1..2) {
            New-PSSession -HostName 127.0.0.1 -Port $script:ssh.Port -UserName root -KeyFilePath $script:ssh.ClientKey -ErrorAction Stop `
                -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
        })
}

AfterAll {
    Get-PSSession | Remove-PSSession -ErrorAction SilentlyContinue
    if ($script:ssh) { Stop-Process -Id $script:ssh.Process.Id -ErrorAction SilentlyContinue }
}

Describe 'Invoke-SgdSweep -Session' {
    It 'spreads the runs over two SSH sessions and gets back the local sweep''s results, with live networks' {
        $sessions = $script:sessions
        $remote = @($script:data | Invoke-SgdSweep -Grid $script:grid -Seed 1, 2 -Epochs 4 -Session $sessions -ImportParameters $script:import |
                Sort-Object Index)
        $remote.Count | Should -Be $script:local.Count
        ($remote.RanOn | Sort-Object -Unique) | Should -Be ($sessions | ForEach-Object { "127.0.0.1 (session $($_.Id))" } | Sort-Object)
        for ($i = 0; $i -lt $remote.Count; $i++) {
            $remote[$i].Index | Should -Be $script:local[$i].Index
            $remote[$i].EpochResults.Correct | Should -Be $script:local[$i].EpochResults.Correct
            $remote[$i].Network | Should -BeOfType NndlPS.Core.Network
            $remote[$i].Network.EpochsTrained | Should -Be 4
            [Linq.Enumerable]::SequenceEqual([float[]] $remote[$i].Network.Layers[0].Weights, [float[]] $script:local[$i].Network.Layers[0].Weights) | Should -BeTrue
            [Linq.Enumerable]::SequenceEqual([float[]] $remote[$i].Network.Layers[1].Biases, [float[]] $script:local[$i].Network.Layers[1].Biases) | Should -BeTrue
        }
        ($remote[0].Network | Test-Network -Data $script:data.Test).Correct | Should -Be $remote[0].EpochResults[-1].Correct
        # The data each side loaded for the sweep is gone with it.
        Invoke-Command -Session $sessions { @(Get-Variable -Scope Global -Name 'NndlPSSweepData*').Count } | Should -Be 0, 0
    }

    It 'trains chapter 6''s layer lists in the sessions with the bits they have here' {
        # The tiny data's images are 2x2: a 1x1 convolution is the largest that fits.
        $layers = @{ Layers = ((New-ConvPoolLayer -Filters 3 -FilterSize 1 -PoolSize 1 -Activation ReLU), (New-SoftmaxLayer 10)),
            ((New-ConvPoolLayer -Filters 2 -FilterSize 1 -PoolSize 1 -Activation Tanh), (New-FullyConnectedLayer 5 -Activation ReLU -Dropout 0.25), (New-SoftmaxLayer 10)) }
        $here = @($script:data | Invoke-SgdSweep -Grid $layers -Seed 1, 2 -Epochs 3 | Sort-Object Index)
        $there = @($script:data | Invoke-SgdSweep -Grid $layers -Seed 1, 2 -Epochs 3 -Session $script:sessions -ImportParameters $script:import | Sort-Object Index)
        $there.Count | Should -Be 4
        for ($i = 0; $i -lt 4; $i++) {
            $there[$i].Layers | Should -Be $here[$i].Layers
            $there[$i].EpochResults.Correct | Should -Be $here[$i].EpochResults.Correct
            $there[$i].Network.Architecture | Should -Be $here[$i].Network.Architecture
            [Linq.Enumerable]::SequenceEqual([float[]] $there[$i].Network.ConvolutionalLayers[0].Weights, [float[]] $here[$i].Network.ConvolutionalLayers[0].Weights) | Should -BeTrue
            [Linq.Enumerable]::SequenceEqual([float[]] $there[$i].Network.Layers[-1].Weights, [float[]] $here[$i].Network.Layers[-1].Weights) | Should -BeTrue
        }
    }

    It 'finishes a killed session''s runs on the other session, and warns' {
        # In a pwsh of its own, with sessions of its own: PowerShell 7.6's SSH client can crash the process that holds a
        # session when the session dies (an unhandled IOException, Broken pipe, thrown on its error-reading thread from
        # SSHClientSessionTransportManager.CloseConnection, which flushes what it had buffered for ssh's stdin). Seen
        # twice in CI, though the kill below lands while nothing is being sent to that session. Not in NndlPS's code,
        # and no handler can catch it, so it must not take the test run with it: a child that dies of that, and only of
        # that, is run again, at most three times in all. Every assertion is the parent's, on what the child reports.
        $script = Join-Path $TestDrive 'killed-session.ps1'
        Set-Content -LiteralPath $script -Value @'
param($Module, $Tiny, $Port, $ClientKey, $Out)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$import = @{ Path = $Tiny; ValidationSize = 100 }
$data = Import-Mnist @import
$grid = @{ LearningRate = 0.5, 3; Sizes = (4, 8, 10), (4, 20, 10) }
$local = @($data | Invoke-SgdSweep -Grid $grid -Seed 1, 2 -Epochs 4 | Sort-Object Index)
$sessions = @(foreach ($i in 1..2) {
        New-PSSession -HostName 127.0.0.1 -Port $Port -UserName root -KeyFilePath $ClientKey `
            -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    })
$victim = Invoke-Command -Session $sessions[0] { $PID }
# The sessions' processes, for the parent to stop should this process die.
Set-Content -LiteralPath "$Out.pids" -Value @($victim, (Invoke-Command -Session $sessions[1] { $PID }))
# In the session to kill, a function of the cmdlet's name stands in for it (PowerShell finds a function before a
# cmdlet): the first run sent there never ends, so the kill lands while that session holds a run, after the run was
# sent, when nothing is being written to it.
$holding = Join-Path (Split-Path $Out) 'victim-holds-a-run'
Remove-Item -LiteralPath $holding -ErrorAction Ignore
Invoke-Command -Session $sessions[0] -ArgumentList $holding {
    param($Holding)
    $null = New-Item -Path function:global:Invoke-SgdSweep -Force -Value ([scriptblock]::Create(@"
        [CmdletBinding()] param([Parameter(ValueFromPipeline)] `$InputObject, `$TransferRun)
        process { Set-Content -LiteralPath '$Holding.part' -Value `$TransferRun; Move-Item -LiteralPath '$Holding.part' -Destination '$Holding'; Start-Sleep -Seconds 600 }
"@))
}
# The sweep runs in a pipeline of its own, so that a sweep that never ends (a run lost with the session, not sent back
# to the queue) fails at a deadline instead of hanging.
$shell = [powershell]::Create()
$null = $shell.AddScript({
        param($Module, $Data, $Sessions, $Import, $Grid)
        Import-Module $Module
        $Data | Invoke-SgdSweep -Grid $Grid -Seed 1, 2 -Epochs 4 -Session $Sessions -ImportParameters $Import -WarningAction Continue
    }).AddArgument($Module).AddArgument($data).AddArgument($sessions).AddArgument($import).AddArgument($grid)
$async = $shell.BeginInvoke()
$deadline = [DateTime]::UtcNow.AddMinutes(2)
while (-not (Test-Path -LiteralPath $holding) -and -not $async.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
$held = Test-Path -LiteralPath $holding
if ($held) { Stop-Process -Id $victim -Force }
$finished = $async.AsyncWaitHandle.WaitOne([TimeSpan]::FromMinutes(3))
# Said before anything else: a process that dies after this was not killed by the session's death, and is no retry.
Set-Content -LiteralPath "$Out.outcome" -Value $(if ($finished) { 'finished' } else { 'not finished' })
if (-not $finished) { $shell.Stop() } # what Ctrl+C does: the sweep ends, its lanes released
$report = [ordered]@{
    Held = $held; Finished = $finished; Failure = "$($shell.InvocationStateInfo.Reason) $($shell.Streams.Error)"
    Killed = "127.0.0.1 (session $($sessions[0].Id))"; Left = "127.0.0.1 (session $($sessions[1].Id))"
    KilledState = "$($sessions[0].State)"
    HeldIndex = if ($held) { (Get-Content -LiteralPath $holding -Raw | ConvertFrom-Json).Index } else { -1 }
    LocalIndex = @($local.Index)
}
if ($finished) {
    $remote = @($shell.EndInvoke($async) | Sort-Object Index)
    $report.Warnings = @($shell.Streams.Warning | ForEach-Object { "$_" })
    $report.RemoteIndex = @($remote.Index)
    $report.RanOn = @($remote.RanOn | Sort-Object -Unique)
    $report.SameResults = @(for ($i = 0; $i -lt [Math]::Min($remote.Count, $local.Count); $i++) {
            "$($remote[$i].EpochResults.Correct)" -eq "$($local[$i].EpochResults.Correct)" -and
            [Linq.Enumerable]::SequenceEqual([float[]] $remote[$i].Network.Layers[0].Weights, [float[]] $local[$i].Network.Layers[0].Weights)
        })
}
$shell.Dispose()
$report | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath "$Out.part"
Move-Item -LiteralPath "$Out.part" -Destination $Out # whole or not at all
$sessions | Remove-PSSession -ErrorAction Ignore
'@
        $pwsh = @(Get-ChildPwshCommand)
        $report = $null
        $attempts = @()
        for ($attempt = 1; $attempt -le 3 -and -not $report; $attempt++) {
            $out = Join-Path $TestDrive "killed-session-$attempt.json"
            $log = Join-Path $TestDrive "killed-session-$attempt.log"
            # Quoted: Start-Process joins its arguments with spaces.
            $arguments = @($pwsh | Select-Object -Skip 1) + @('-NoProfile', '-NonInteractive', '-File', $script, '-Module', (Join-Path (Get-Module NndlPS).ModuleBase 'NndlPS.psd1'),
                '-Tiny', $script:tiny, '-Port', $script:ssh.Port, '-ClientKey', $script:ssh.ClientKey, '-Out', $out) | ForEach-Object { '"{0}"' -f $_ }
            $child = Start-Process -FilePath $pwsh[0] -ArgumentList $arguments -RedirectStandardOutput $log -RedirectStandardError "$log.err" -PassThru
            $timedOut = $false
            try {
                if ($child.WaitForExit([int] [TimeSpan]::FromMinutes(7).TotalMilliseconds)) {
                    $child.WaitForExit() # and for its output to reach the files: the timed wait does not wait for that
                } else {
                    $timedOut = $true
                }
            } finally {
                if (-not $child.HasExited) { $child.Kill($true) } # a timeout, or this test stopped
            }

            $said = (Get-Content -LiteralPath $log, "$log.err" -Raw -ErrorAction Ignore) -join "`n"
            $outcome = Get-Content -LiteralPath "$out.outcome" -Raw -ErrorAction Ignore
            if (Test-Path -LiteralPath $out) {
                $report = Get-Content -LiteralPath $out -Raw | ConvertFrom-Json
                continue
            }

            # No report: stop what the child left in the sshd's sessions, then retry only PowerShell's SSH client's
            # crash, and only before the sweep's outcome was known (a sweep that never finished is a failure).
            Get-Content -LiteralPath "$out.pids" -ErrorAction Ignore | ForEach-Object { Stop-Process -Id ([int] $_) -Force -ErrorAction Ignore }
            if (-not $timedOut -and -not $outcome -and $said -match 'SSHClientSessionTransportManager' -and $said -match 'Broken pipe') {
                $attempts += "attempt $attempt died of PowerShell's SSH client (Broken pipe in CloseConnection)"
                Write-Host "    $($attempts[-1])"
            } else {
                $how = if ($timedOut) { 'was stopped after 7 minutes' } elseif ($outcome) { "died after the sweep was $($outcome.Trim())" } else { 'ended' }
                throw "The killed-session child (attempt $attempt) $how without a report: $said"
            }
        }

        $report | Should -Not -BeNullOrEmpty -Because ($attempts -join '; ')
        $report.Held | Should -BeTrue -Because "the first session should have taken a run within two minutes ($($report.Failure))"
        $report.Finished | Should -BeTrue -Because "the sweep should finish on the session left within three minutes of the kill ($($report.Failure))"
        @($report.Warnings).Count | Should -Be 1
        $report.Warnings[0] | Should -Match "$([regex]::Escape($report.Killed)) dropped out .*run \d+ goes back to the queue"
        @($report.RemoteIndex) | Should -Be @($report.LocalIndex)
        # Every run, the one the warning sent back to the queue too, ran on the session left: the killed one finished none.
        @($report.RanOn) | Should -Be @($report.Left)
        [int] [regex]::Match($report.Warnings[0], 'run (\d+) goes back to the queue').Groups[1].Value | Should -Be $report.HeldIndex # the run the killed session held
        @($report.SameResults) | Should -Not -Contain $false
        @($report.SameResults).Count | Should -Be @($report.LocalIndex).Count
        $report.KilledState | Should -Not -Be 'Opened'
    }

    It 'drops a session whose side loads other data than the piped dataset, says how to fix it, and fails with SweepLanesLost when none is left' {
        $session = $script:sessions[1]
        $session.State | Should -Be 'Opened'
        $failure = $null
        try {
            $null = $script:data | Invoke-SgdSweep -Grid $script:grid -Seed 1 -Epochs 1 -Session $session -ImportParameters @{ Path = $script:tiny; ValidationSize = 50 } -WarningVariable warned -WarningAction SilentlyContinue
        } catch { $failure = $_ }
        $failure.FullyQualifiedErrorId | Should -Be 'SweepLanesLost,NndlPS.Commands.InvokeSgdSweepCommand'
        $failure.CategoryInfo.Category | Should -Be 'InvalidOperation'
        "$warned" | Should -Match 'Import-Mnist there gave 550 training.*here 500 training.*-ImportParameters'
        $session.State | Should -Be 'Opened' # the session is fine: only this sweep could not use it
        Invoke-Command -Session $session { @(Get-Variable -Scope Global -Name 'NndlPSSweepData*').Count } | Should -Be 0
    }

    It 'leaves no data in the session when the sweep is stopped with Ctrl+C' {
        $session = $script:sessions[1]
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Module, $Data, $Session, $Import)
                Import-Module $Module
                $Data | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 1 } -Seed 1 -Epochs 100000 -Session $Session -ImportParameters $Import
            }).AddArgument((Get-Module NndlPS).Path).AddArgument($script:data).AddArgument($session).AddArgument($script:import)
        $async = $shell.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddMinutes(2)
        while (-not ($shell.Streams.Progress | Where-Object StatusDescription -Match '1 running') -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }
        Start-Sleep -Seconds 3 # past the remote Import-Mnist of the tiny set: the run is training on the loaded data
        $shell.Stop() # what Ctrl+C does
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $async.IsCompleted | Should -BeTrue
        $shell.Dispose()
        $session.State | Should -Be 'Opened'
        Invoke-Command -Session $session { @(Get-Variable -Scope Global -Name 'NndlPSSweepData*').Count } | Should -Be 0
    }
}
