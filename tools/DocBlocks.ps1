# Runs the ```powershell blocks of a Markdown walkthrough (docs/chapter1.md) and compares each with the ```text
# block that follows it. Shared by tests/Docs.Tests.ps1 (which checks) and tools/Update-DocOutput.ps1 (which writes
# the outputs in), so the documented output is always what the commands print.
. (Join-Path $PSScriptRoot 'ChildPwsh.ps1')

# Each ```powershell block, with the ```text block right after it (its expected output) when there is one.
function Get-DocBlock([string] $Path) {
    $lines = Get-Content -LiteralPath $Path
    $blocks = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -ne '```powershell') { continue }
        $start = $i + 1
        $end = $start; while ($lines[$end] -ne '```') { $end++ }
        $block = [pscustomobject]@{
            Line = $start; Code = ($lines[$start..($end - 1)] -join "`n"); Expected = $null; OutputStart = -1; OutputEnd = -1
        }
        $next = $end + 1
        if ($next -lt $lines.Count -and $lines[$next] -eq '```text') {
            $outputEnd = $next + 1; while ($lines[$outputEnd] -ne '```') { $outputEnd++ }
            $block.Expected = if ($outputEnd -gt $next + 1) { $lines[($next + 1)..($outputEnd - 1)] -join "`n" } else { '' }
            $block.OutputStart = $next; $block.OutputEnd = $outputEnd
        }
        $blocks.Add($block)
        $i = $end
    }
    return , $blocks.ToArray()
}

# Runs the blocks one after another in one fresh pwsh (so later blocks see earlier blocks' variables) with the
# module at $ModulePath imported; returns each block's output as text and its first error, if any.
function Invoke-DocBlock([object[]] $Blocks, [string] $ModulePath, [string] $WorkFolder) {
    New-Item -ItemType Directory -Path $WorkFolder -Force | Out-Null
    $codePath = Join-Path $WorkFolder 'blocks.json'
    $resultPath = Join-Path $WorkFolder 'results.json'
    $runnerPath = Join-Path $WorkFolder 'run-blocks.ps1'
    ConvertTo-Json -InputObject @($Blocks | ForEach-Object Code) | Set-Content -LiteralPath $codePath
    Set-Content -LiteralPath $runnerPath -Value @'
param($DocModulePath, $DocCodePath, $DocResultPath)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
# Files a page's blocks write (./layer-speed.png) land in the work folder, never in the repository.
Set-Location -LiteralPath $PSScriptRoot
Import-Module $DocModulePath
$DocResults = foreach ($DocCode in (Get-Content -LiteralPath $DocCodePath -Raw | ConvertFrom-Json)) {
    $Error.Clear()
    $DocFailure = $null
    try {
        # Dot-sourced so each block's variables stay for the next, as in one interactive session.
        $DocOutput = . ([scriptblock]::Create($DocCode)) *>&1 | Out-String -Width 120
    } catch {
        $DocOutput = ''
        $DocFailure = "$($_.FullyQualifiedErrorId): $_"
    }
    if (-not $DocFailure -and $Error.Count -gt 0) { $DocFailure = "$($Error[0])" }
    [pscustomobject]@{ Output = $DocOutput; Failure = $DocFailure }
}
ConvertTo-Json -InputObject @($DocResults) | Set-Content -LiteralPath $DocResultPath
'@
    Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-File', $runnerPath, $ModulePath, $codePath, $resultPath) | Out-Null
    if (-not (Test-Path $resultPath)) { throw "The documentation's blocks did not run: no results in $resultPath." }
    return , @(Get-Content -LiteralPath $resultPath -Raw | ConvertFrom-Json)
}

# Output as compared: durations ("0.57 s", "8.8 s/epoch") masked, since they change from run to run; runs of
# spaces collapsed (table columns widen with the widest timing); blank lines and line ends ignored.
function ConvertTo-ComparableText([string] $Text) {
    $lines = $Text -split "`r?`n" | ForEach-Object {
        (($_ -replace '\d+(\.\d+)?\s?s\b', '<t> s') -replace '\s+', ' ').Trim()
    }
    return ($lines | Where-Object { $_ }) -join "`n"
}

# The text of an output block: trailing blank lines and the blank line Format-Table starts with removed.
function Format-DocOutput([string] $Output) {
    $lines = @($Output -split "`r?`n" | ForEach-Object TrimEnd)
    $first = 0; while ($first -lt $lines.Count -and -not $lines[$first]) { $first++ }
    $last = $lines.Count - 1; while ($last -ge $first -and -not $lines[$last]) { $last-- }
    if ($last -lt $first) { return '' }
    return $lines[$first..$last] -join "`n"
}
