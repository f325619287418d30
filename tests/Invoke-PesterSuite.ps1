<#
.SYNOPSIS
    Runs every Pester test under tests/ against the staged module and writes the pass/fail counts as JSON.
    build.ps1 Test calls this in a fresh pwsh, so the module is loaded exactly as a user loads it.
#>
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $SummaryPath
)
$ErrorActionPreference = 'Stop'
Import-Module $PesterPath -Force
$env:NNDLPS_MODULE = $ModulePath

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputPath = Join-Path (Split-Path $SummaryPath) 'pester.xml'
$result = Invoke-Pester -Configuration $configuration

# A container that fails to load (a syntax error, a failing BeforeAll) counts as failed, not as silence.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
# The names of what failed travel with the counts, so the run's last lines say which tests to look at.
. (Join-Path $PSScriptRoot '../tools/TestResults.ps1')
$failedNames = @(Get-PesterFailure $result)
[pscustomobject]@{ Passed = $result.PassedCount; Failed = $failed; Skipped = $result.SkippedCount; FailedNames = $failedNames } |
    ConvertTo-Json | Set-Content -Path $SummaryPath
