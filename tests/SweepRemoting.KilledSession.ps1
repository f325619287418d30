# The sweep of SweepRemoting.Tests.ps1's killed-session test, run in a pwsh of its own: it opens two SSH sessions to the
# test's sshd, kills the first session's pwsh once the first result is in, and writes what the test checks to a Clixml
# file. PowerShell 7.6's SSH client can crash the process that holds a session when that session dies while it writes to
# it (an unhandled IOException, Broken pipe, thrown on a thread of SSHClientSessionTransportManager.CloseConnection), so
# the sweep that kills one must not run in the test host: there it took the whole Pester run down.
param(
    [Parameter(Mandatory)][string] $Module,
    [Parameter(Mandatory)][string] $Data,
    [Parameter(Mandatory)][int] $Port,
    [Parameter(Mandatory)][string] $ClientKey,
    [Parameter(Mandatory)][string] $Out)
$ErrorActionPreference = 'Stop'
Import-Module $Module
$import = @{ Path = $Data; ValidationSize = 100 }
$dataset = Import-Mnist @import
$grid = @{ LearningRate = 0.5, 3; Sizes = (4, 8, 10), (4, 20, 10) }
$sessions = @(foreach ($i in 1..2) {
        New-PSSession -HostName 127.0.0.1 -Port $Port -UserName root -KeyFilePath $ClientKey -ErrorAction Stop `
            -Options @{ StrictHostKeyChecking = 'no'; UserKnownHostsFile = '/dev/null'; LogLevel = 'ERROR' }
    })
$victim = Invoke-Command -Session $sessions[0] { $PID }
$killed = $false
$results = @($dataset | Invoke-SgdSweep -Grid $grid -Seed 1, 2 -Epochs 4 -Session $sessions -ImportParameters $import -WarningVariable warnings -WarningAction SilentlyContinue |
        ForEach-Object {
            # The first result is in: both sessions have taken runs and most are still queued. Kill the first session's pwsh.
            if (-not $killed) { Stop-Process -Id $victim -Force; $killed = $true }
            $_
        } | Sort-Object Index)
[pscustomobject]@{
    Killed = $killed
    Warnings = @($warnings | ForEach-Object { "$_" })
    SessionNames = @($sessions | ForEach-Object { "127.0.0.1 (session $($_.Id))" })
    FirstState = "$($sessions[0].State)"
    Results = @($results | ForEach-Object { [pscustomobject]@{ Index = $_.Index; RanOn = $_.RanOn; Correct = @($_.EpochResults.Correct); Weights = [float[]] $_.Network.Layers[0].Weights } })
} | Export-Clixml -Path $Out -Depth 4
Get-PSSession | Remove-PSSession -ErrorAction SilentlyContinue
