<#
.SYNOPSIS
    NndlPS speed benchmark, run by './build.ps1 Bench [-Peers]'. Prints seconds per epoch, images per second,
    GFLOP/s against the machine's measured float32 FMA peak, module import time, Import-Mnist time from raw and
    .gz files, peak working set of the book's 30-epoch run and, with -Peers, the same runs in PyTorch and
    scikit-learn where Python has them.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [switch] $Peers,
    [int] $Epochs = 5
)
$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$out = Join-Path $root 'out/bench'
New-Item -ItemType Directory -Path $out -Force | Out-Null
Import-Module $ModulePath
$mnist = [NndlPS.Core.DataFolders]::ForDataset('mnist')

. (Join-Path $root 'tools/ChildPwsh.ps1')

function Invoke-ChildCommand([string] $Command) {
    Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-Command', $Command)
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    return $sorted[[int][Math]::Floor($sorted.Count / 2)]
}

Write-Host '== Network kernels (median of epochs; bench/NndlPS.Bench)' -ForegroundColor Cyan
$csv = Join-Path $out 'kernels.csv'
dotnet run -c Release --project (Join-Path $PSScriptRoot 'NndlPS.Bench/NndlPS.Bench.csproj') -- --epochs $Epochs --csv $csv
if ($LASTEXITCODE -ne 0) { throw 'The kernel benchmark failed.' }
$ours = Import-Csv $csv

Write-Host ''
Write-Host '== Each vector path in its own process (the mini-batch phases of [784,100,10] at batch 100, fastest of 300)' -ForegroundColor Cyan
# Seeded results are the same bits on every path (src/NndlPS.Core/Kernels/FixedLanes.cs); only the speed differs.
# .NET 10 reads DOTNET_EnableAVX512, earlier versions DOTNET_EnableAVX512F: both are set.
$pathSwitches = [ordered]@{
    'widest the CPU has' = @{}
    'AVX-512 off' = @{ DOTNET_EnableAVX512 = '0'; DOTNET_EnableAVX512F = '0' }
    'AVX2 off' = @{ DOTNET_EnableAVX2 = '0' }
}
foreach ($switch in $pathSwitches.Keys) {
    $variables = $pathSwitches[$switch]
    $saved = @{}
    foreach ($name in $variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $variables[$name]) }
    try {
        $lines = dotnet run --no-build -c Release --project (Join-Path $PSScriptRoot 'NndlPS.Bench/NndlPS.Bench.csproj') -- --phases
    } finally {
        foreach ($name in $variables.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
    }
    $lines | Where-Object { $_ -like 'path *' -or $_ -like 'float32 FMA peak*' } | ForEach-Object { "  ${switch}: $_" }
}

Write-Host ''
Write-Host '== Module and data' -ForegroundColor Cyan
$importTimes = 1..5 | ForEach-Object {
    [double] (Invoke-ChildCommand "(Measure-Command { Import-Module '$ModulePath' }).TotalSeconds")
}
'{0,-44} {1,8:N3} s (median of 5 fresh processes)' -f 'Import-Module NndlPS', (Get-Median $importTimes)

# A .gz copy of the cache, made once, so both formats are timed on the same data.
$gzFolder = Join-Path $out 'mnist-gz'
if (-not (Test-Path (Join-Path $gzFolder 't10k-labels-idx1-ubyte.gz'))) {
    New-Item -ItemType Directory -Path $gzFolder -Force | Out-Null
    foreach ($name in [NndlPS.Core.MnistFiles]::All) {
        $source = [IO.File]::OpenRead([NndlPS.Core.MnistFiles]::Find($mnist, $name))
        $first = $source.ReadByte(); $source.Position = 0
        $target = [IO.File]::Create((Join-Path $gzFolder "$name.gz"))
        if ($first -eq 0x1f) { $source.CopyTo($target) } else {
            $gzip = [IO.Compression.GZipStream]::new($target, [IO.Compression.CompressionLevel]::Optimal)
            $source.CopyTo($gzip); $gzip.Dispose()
        }
        $target.Dispose(); $source.Dispose()
    }
}
foreach ($case in @(@{ Name = 'raw IDX'; Path = $mnist }, @{ Name = '.gz IDX'; Path = $gzFolder })) {
    $script = "Import-Module '$ModulePath'; `$null = Import-Mnist -Path '$($case.Path)'; " +
        "(1..5 | ForEach-Object { (Measure-Command { `$null = Import-Mnist -Path '$($case.Path)' }).TotalSeconds }) -join ','"
    $times = [double[]] ((Invoke-ChildCommand $script) -split ',')
    '{0,-44} {1,8:N3} s (median of 5, after one warm-up)' -f "Import-Mnist, full set from $($case.Name)", (Get-Median $times)
}

# The first epoch of a fresh process against the ones after it: what a user sees when .NET is still compiling.
$ratios = 1..5 | ForEach-Object {
    [double] (Invoke-ChildCommand ("Import-Module '$ModulePath'; `$s = @(Import-Mnist | Invoke-SgdTraining -Epochs 10 -Seed 1 | ForEach-Object Seconds); " +
        "`$s[0] / (`$s[1..9] | Sort-Object)[4]"))
}
'{0,-44} {1,8:N2} x (median of 5 fresh processes; first epoch / median of the next 9)' -f "The book's first epoch", (Get-Median $ratios)

$peak = Invoke-ChildCommand ("Import-Module '$ModulePath'; Import-Mnist | Invoke-SgdTraining -Epochs 30 -Seed 1 | Out-Null; " +
    "(Get-Process -Id `$PID).PeakWorkingSet64")
'{0,-44} {1,8:N0} MB' -f "Peak working set, the book's 30-epoch run", ([double] $peak / 1MB)

if ($Peers) {
    Write-Host ''
    Write-Host '== Peers (same network, batch size, data; one thread)' -ForegroundColor Cyan
    # Debian's python3-torch and python3-sklearn install for the system Python, which may not be first on PATH.
    $pythons = @('/usr/bin/python3') + @(Get-Command python3 -All -ErrorAction SilentlyContinue | ForEach-Object Source) |
        Where-Object { $_ -and (Test-Path $_) } | Select-Object -Unique
    $peerScripts = [ordered]@{ PyTorch = 'torch_book.py'; 'scikit-learn' = 'sklearn_book.py' }
    $peerModules = @{ PyTorch = 'torch'; 'scikit-learn' = 'sklearn' }
    # LibTorch 2.10 through TorchSharp (bench/peers/TorchSharpBook), every core, as the strongest peer. Its native
    # library needs a newer libstdc++ than Debian 12's: run-with-newer-libstdcxx.sh provides one where needed.
    $torchSharp = Join-Path $PSScriptRoot 'peers/TorchSharpBook'
    dotnet build $torchSharp -c Release -v quiet --nologo | Out-Null
    $torchSharpDll = Join-Path $torchSharp 'bin/Release/net10.0/TorchSharpBook.dll'
    $dotnet = (Get-Command dotnet).Source
    if ($IsLinux) { $dotnet = (Get-Item $dotnet).ResolvedTarget ?? $dotnet }
    $rows = foreach ($config in @(@{ Sizes = '784,30,10'; Batch = 10 }, @{ Sizes = '784,100,10'; Batch = 100 })) {
        $mine = $ours | Where-Object { $_.network -eq ($config.Sizes -replace ',', '-') -and [int] $_.batch -eq $config.Batch }
        if (Test-Path $torchSharpDll) {
            $lines = if ($IsLinux) {
                & (Join-Path $PSScriptRoot 'peers/run-with-newer-libstdcxx.sh') $mnist $dotnet $torchSharpDll $mnist $config.Sizes $config.Batch 3
            } else {
                & $dotnet $torchSharpDll $mnist $config.Sizes $config.Batch 3
            }
            $epochLines = @($lines | Where-Object { $_ -like 'epoch *' })
            if ($epochLines.Count -gt 0) {
                $seconds = Get-Median ($epochLines | ForEach-Object { [double] ($_ -split ' ')[2] })
                [pscustomobject]@{
                    Network = "[$($config.Sizes)] batch $($config.Batch)"
                    Peer = 'LibTorch 2.10 (all cores)'
                    'Peer s/epoch' = [Math]::Round($seconds, 3)
                    'NndlPS s/epoch' = [Math]::Round([double] $mine.seconds_per_epoch, 3)
                    'Speed-up' = '{0:N1}x' -f ($seconds / [double] $mine.seconds_per_epoch)
                }
            } else {
                Write-Host '  LibTorch (TorchSharp) could not run here; skipped.'
            }
        }
        foreach ($peer in $peerScripts.Keys) {
            $python = $pythons | Where-Object { & $_ -c "import $($peerModules[$peer])" 2>$null; $LASTEXITCODE -eq 0 } | Select-Object -First 1
            if (-not $python) { Write-Host "  $peer is not installed (apt-get install python3-torch python3-sklearn); skipped."; continue }
            $lines = & $python (Join-Path $PSScriptRoot "peers/$($peerScripts[$peer])") $mnist $config.Sizes $config.Batch 3
            $seconds = Get-Median ($lines | ForEach-Object { [double] ($_ -split ' ')[2] })
            [pscustomobject]@{
                Network = "[$($config.Sizes)] batch $($config.Batch)"
                Peer = $peer
                'Peer s/epoch' = [Math]::Round($seconds, 3)
                'NndlPS s/epoch' = [Math]::Round([double] $mine.seconds_per_epoch, 3)
                'Speed-up' = '{0:N1}x' -f ($seconds / [double] $mine.seconds_per_epoch)
            }
        }
    }
    $rows | Format-Table -AutoSize | Out-String | Write-Host
    Write-Host 'scikit-learn trains on cross-entropy (it has no quadratic cost); PyTorch, LibTorch and NndlPS use the quadratic cost. PyTorch and scikit-learn run on one thread (Debian''s reference BLAS), LibTorch and NndlPS on every core.'
}
