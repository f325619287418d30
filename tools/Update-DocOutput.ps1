<#
.SYNOPSIS
    Runs every ```powershell block of a walkthrough against the staged module and writes each block's real output
    into the ```text block after it (adding one where a block prints something and has none).
    Run after './build.ps1 Build': dotnet pwsh tools/Update-DocOutput.ps1 docs/tour.md (or README.md, docs/chapter1.md, ...)
#>
param(
    [Parameter(Mandatory)] [string] $Path,
    [string] $ModulePath = (Join-Path $PSScriptRoot '../out/NndlPS')
)
$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'DocBlocks.ps1')

$blocks = Get-DocBlock $Path
# The page runs in a temporary folder, so the files it writes never land in the repository; removed afterwards.
$work = Join-Path ([IO.Path]::GetTempPath()) "doc-blocks-$PID"
try {
    $results = Invoke-DocBlock $blocks (Resolve-Path $ModulePath) $work
} finally {
    Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue
}
$lines = [System.Collections.Generic.List[string]] (Get-Content -LiteralPath $Path)
# From the last block back, so earlier line numbers stay valid.
for ($b = $blocks.Count - 1; $b -ge 0; $b--) {
    $block = $blocks[$b]; $result = $results[$b]
    if ($result.Failure) { throw "The block at line $($block.Line) failed: $($result.Failure)" }
    $output = Format-DocOutput $result.Output
    if ($block.OutputStart -ge 0) {
        $lines.RemoveRange($block.OutputStart, $block.OutputEnd - $block.OutputStart + 1)
        $at = $block.OutputStart
    } else {
        $at = $block.Line + ($block.Code -split "`n").Count + 1
    }
    if ($output) { $lines.InsertRange($at, [string[]] (@('```text') + @($output -split "`n") + @('```'))) }
}
Set-Content -LiteralPath $Path -Value $lines
Write-Host "Wrote the output of $($blocks.Count) blocks into $Path."
