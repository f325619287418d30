# Runs the ```powershell blocks of a Markdown walkthrough (README.md, docs/chapter1.md, docs/tour.md, ...) and
# compares each with the ```text block that follows it. Shared by tests/Docs.Tests.ps1 (which checks) and
# tools/Update-DocOutput.ps1 (which writes the outputs in), so the documented output is always what the commands print.
#
# The fences a walkthrough may use:
#   ```powershell        runs, in order with the page's other blocks, in one fresh pwsh (its folder a temporary one)
#   ```text              the real output of the ```powershell block right above it (written by Update-DocOutput.ps1)
#   ```powershell norun  shown, never run: remoting to other machines, schedulers, downloads; the page says so
#   ```sh                a shell command (build.ps1, CI), never run
#   ```                  anything else that is not run (a layout, a table of measurements)
. (Join-Path $PSScriptRoot 'ChildPwsh.ps1')

# The walkthroughs: README.md and every page under docs/ with a block that runs.
function Get-DocPage([string] $Root) {
    $candidates = @(Get-Item -LiteralPath (Join-Path $Root 'README.md')) + @(Get-ChildItem -LiteralPath (Join-Path $Root 'docs') -Filter *.md | Sort-Object Name)
    return @($candidates | Where-Object { (Get-Content -LiteralPath $_.FullName) -contains '```powershell' })
}

# Every fenced block: its info string (what follows the ```), and the numbers (1-based) of its opening and closing
# lines, so a test can refuse an info string the runner would silently skip (```pwsh, ```ps1) and a ```text block
# that no ```powershell block printed.
function Get-DocFence([string] $Path) {
    $lines = Get-Content -LiteralPath $Path
    $fences = [System.Collections.Generic.List[object]]::new()
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($lines[$i] -notmatch '^```') { continue }
        $close = $i + 1; while ($close -lt $lines.Count -and $lines[$close] -ne '```') { $close++ }
        $fences.Add([pscustomobject]@{ Info = $lines[$i].Substring(3); Line = $i + 1; End = $close + 1 })
        $i = $close
    }
    return , $fences.ToArray()
}

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
# module at $ModulePath imported, in the folder $WorkFolder/files (so the files a page writes, ./net.json, land in a
# temporary folder, never in the repository); returns each block's output as text and its first error, if any.
function Invoke-DocBlock([object[]] $Blocks, [string] $ModulePath, [string] $WorkFolder) {
    New-Item -ItemType Directory -Path $WorkFolder -Force | Out-Null
    $filesFolder = Join-Path $WorkFolder 'files'
    New-Item -ItemType Directory -Path $filesFolder -Force | Out-Null
    $codePath = Join-Path $WorkFolder 'blocks.json'
    $resultPath = Join-Path $WorkFolder 'results.json'
    $runnerPath = Join-Path $WorkFolder 'run-blocks.ps1'
    ConvertTo-Json -InputObject @($Blocks | ForEach-Object Code) | Set-Content -LiteralPath $codePath
    Set-Content -LiteralPath $runnerPath -Value @'
param($DocModulePath, $DocCodePath, $DocResultPath, $DocFilesFolder)
$ErrorActionPreference = 'Stop'
$PSStyle.OutputRendering = 'PlainText'
Import-Module $DocModulePath
# Files a page's blocks write (./layer-speed.png) land in the temporary folder, never in the repository.
Set-Location -LiteralPath $DocFilesFolder
$DocResults = foreach ($DocCode in (Get-Content -LiteralPath $DocCodePath -Raw | ConvertFrom-Json)) {
    $DocFailure = $null
    try {
        # Dot-sourced so each block's variables stay for the next, as in one interactive session.
        # Formatted as it streams, as the console does: a live object (a network still training) shows as it was
        # when it was written. A block fails when it throws or writes an error; an error the block itself catches
        # (to show its ErrorId or message, as docs/errors.md does) is part of what it shows, not a failure.
        $DocErrors = [System.Collections.Generic.List[object]]::new()
        $DocOutput = . ([scriptblock]::Create($DocCode)) *>&1 |
            ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $DocErrors.Add($_) }; $_ } |
            Out-String -Width 120
        if ($DocErrors.Count) { $DocFailure = "$($DocErrors[0].FullyQualifiedErrorId): $($DocErrors[0])" }
    } catch {
        $DocOutput = ''
        $DocFailure = "$($_.FullyQualifiedErrorId): $_"
    }
    [pscustomobject]@{ Output = $DocOutput; Failure = $DocFailure }
}
ConvertTo-Json -InputObject @($DocResults) | Set-Content -LiteralPath $DocResultPath
'@
    Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-File', $runnerPath, $ModulePath, $codePath, $resultPath, $filesFolder) | Out-Null
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
