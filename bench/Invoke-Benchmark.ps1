<#
.SYNOPSIS
    NndlPS speed benchmark, run by './build.ps1 Bench [-Peers]'. Prints seconds per epoch, images per second,
    GFLOP/s against the machine's measured float32 FMA peak, module import time, Import-Mnist time from raw and
    .gz files, peak working set of the book's 30-epoch run and, with -Peers, the same runs in PyTorch and
    scikit-learn where Python has them. Then chapter 6's convolutional network: NndlPS where this build has it and,
    with -Peers, LibTorch, trained on the first -ConvImages training images and scaled to 50,000.
.EXAMPLE
    ./bench/Invoke-Benchmark.ps1 -ModulePath ./out/NndlPS -Peers -ConvOnly -ConvThreads 2,1
    Chapter 6 alone (after the FMA peak it is measured against), on two threads and on one.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [switch] $Peers,
    [int] $Epochs = 5,
    # Chapter 6: training images per epoch (scaled to 50,000), epochs (the median is reported) and thread counts.
    [ValidateRange(100, 50000)] [int] $ConvImages = 5000,
    [ValidateRange(1, 100)] [int] $ConvEpochs = 3,
    # Thread counts as a list or as one text, '2,1' (what 'pwsh -File' passes; as [int[]] it would read 21).
    [string[]] $ConvThreads = @([string] [Environment]::ProcessorCount),
    # Only chapter 6 (and the FMA peak it is measured against).
    [switch] $ConvOnly
)
$ErrorActionPreference = 'Stop'
$convThreadCounts = @($ConvThreads -split ',' | Where-Object { $_.Trim() } | ForEach-Object { [int] $_.Trim() })
if (@($convThreadCounts | Where-Object { $_ -lt 1 -or $_ -gt [Environment]::ProcessorCount }).Count -gt 0) {
    throw "-ConvThreads takes thread counts from 1 to $([Environment]::ProcessorCount) (this machine's cores); got $($ConvThreads -join ',')."
}
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

# LibTorch 2.10 through TorchSharp (bench/peers/TorchSharpBook: chapter 1's network, and chapter 6's with 'conv'),
# built once. Its native library needs a newer libstdc++ than Debian 12's: run-with-newer-libstdcxx.sh provides one
# where needed. Returns the program's output lines, or nothing when it cannot be built.
$script:torchSharpDll = $null
function Invoke-TorchSharpBook([string[]] $Arguments) {
    if ($null -eq $script:torchSharpDll) {
        $project = Join-Path $PSScriptRoot 'peers/TorchSharpBook'
        dotnet build $project -c Release -v quiet --nologo | Out-Null
        $script:torchSharpDll = Join-Path $project 'bin/Release/net10.0/TorchSharpBook.dll'
    }
    if (-not (Test-Path $script:torchSharpDll)) { return }
    $dotnet = (Get-Command dotnet).Source
    if ($IsLinux) {
        $dotnet = (Get-Item $dotnet).ResolvedTarget ?? $dotnet
        & (Join-Path $PSScriptRoot 'peers/run-with-newer-libstdcxx.sh') $mnist $dotnet $script:torchSharpDll @Arguments
    } else {
        & $dotnet $script:torchSharpDll @Arguments
    }
}

# The float32 FMA peak NndlPS.Bench measures (bench/NndlPS.Bench/FmaPeak.cs), read from the line it prints:
# "float32 FMA peak (512-bit vectors, registers only): 116.9 GFLOP/s on 1 core, 233.1 GFLOP/s on 2 cores".
$script:fmaPeak = $null
function Read-FmaPeak([string[]] $Lines) {
    foreach ($line in $Lines) {
        if ($line -match '^float32 FMA peak .*: ([\d.]+) GFLOP/s on 1 core, ([\d.]+) GFLOP/s on (\d+) cores') {
            $script:fmaPeak = @{ OneCore = [double] $Matches[1]; AllCores = [double] $Matches[2]; Cores = [int] $Matches[3] }
        }
    }
}

if ($ConvOnly) {
    Write-Host '== The FMA peak (bench/NndlPS.Bench --phases)' -ForegroundColor Cyan
    $lines = dotnet run -c Release --project (Join-Path $PSScriptRoot 'NndlPS.Bench/NndlPS.Bench.csproj') -- --phases
    if ($LASTEXITCODE -ne 0) { throw 'The kernel benchmark failed.' }
    Read-FmaPeak $lines
    $lines | Where-Object { $_ -like 'float32 FMA peak*' } | ForEach-Object { "  $_" }
} else {
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
        if (-not $script:fmaPeak) { Read-FmaPeak $lines } # the widest path's: the machine's peak, which chapter 6 is measured against
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
        # LibTorch (bench/peers/TorchSharpBook), every core, as the strongest peer.
        $rows = foreach ($config in @(@{ Sizes = '784,30,10'; Batch = 10 }, @{ Sizes = '784,100,10'; Batch = 100 })) {
            $mine = $ours | Where-Object { $_.network -eq ($config.Sizes -replace ',', '-') -and [int] $_.batch -eq $config.Batch }
            $epochLines = @(Invoke-TorchSharpBook @($mnist, $config.Sizes, $config.Batch, 3) | Where-Object { $_ -like 'epoch *' })
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
        $rows | Format-Table -AutoSize | Out-String -Width 240 | Write-Host
        Write-Host 'scikit-learn trains on cross-entropy (it has no quadratic cost); PyTorch, LibTorch and NndlPS use the quadratic cost. PyTorch and scikit-learn run on one thread (Debian''s reference BLAS), LibTorch and NndlPS on every core.'
    }
}

Write-Host ''
$convEpochsText = if ($ConvEpochs -eq 1) { '1 epoch' } else { "$ConvEpochs epochs" }
Write-Host "== Chapter 6: network3.py's network #4 (train on $ConvImages of the 50,000 training images, scaled to 50,000; median of $convEpochsText)" -ForegroundColor Cyan
# conv 20@5x5 -> max-pool 2x2 -> ReLU -> conv 40@5x5 -> max-pool 2x2 -> ReLU -> FC 100 ReLU -> softmax 10,
# log-likelihood, SGD with η = 0.03 and L2. Its arithmetic, from the layer shapes (a multiply-add is 2 FLOPs):
$imageSide = 28; $filterSide = 5; $poolSide = 2; $maps1 = 20; $maps2 = 40; $hidden = 100; $classes = 10
$side1 = $imageSide - $filterSide + 1                            # 24: conv 1's feature maps are 24x24, pooled to 12x12
$side2 = $side1 / $poolSide - $filterSide + 1                    # 8: conv 2's are 8x8, pooled to 4x4
$flat = $maps2 * ($side2 / $poolSide) * ($side2 / $poolSide)     # 640 inputs to the fully connected layer
$forwardFlops = [ordered]@{
    'conv 1' = $side1 * $side1 * $maps1 * ($filterSide * $filterSide * 1) * 2        # 24·24·20·25·2 =   576,000
    'conv 2' = $side2 * $side2 * $maps2 * ($filterSide * $filterSide * $maps1) * 2   # 8·8·40·500·2  = 2,560,000
    'FC' = $flat * $hidden * 2                                                        # 640·100·2     =   128,000
    'softmax' = $hidden * $classes * 2                                                # 100·10·2      =     2,000
}
$forward = ($forwardFlops.Values | Measure-Object -Sum).Sum                          # 3,266,000 per image
# Training an image is its forward pass and then, layer by layer backwards, two products as large as the layer's
# forward one: the weight gradient (δ times the layer's input) and the gradient passed to the layer below (wᵀδ),
# which the first layer does not need (its input is the image):
#   train = 3·forward − conv 1 = 3·3,266,000 − 576,000 = 9,222,000 FLOP per image.
# Pooling, ReLU, softmax's exponentials and the weight update (about 86,000 parameters, once per mini-batch: under
# 0.3% at mini-batch 10) are not products and are left out.
$trainFlops = 3 * $forward - $forwardFlops['conv 1']
$scaleTo = 50000

# The share of the FMA peak that training reaches: FLOP/s against the peak on as many cores as threads.
function Get-PeakShare([double] $TrainSeconds, [int] $Threads) {
    if (-not $script:fmaPeak -or -not $TrainSeconds) { return 'n/a' }
    $peak = if ($Threads -eq 1) { $script:fmaPeak.OneCore } else { $script:fmaPeak.AllCores * [Math]::Min($Threads, $script:fmaPeak.Cores) / $script:fmaPeak.Cores }
    '{0:N1}%' -f (100 * $trainFlops * $scaleTo / $TrainSeconds / 1e9 / $peak)
}

# NndlPS: the chapter-6 cmdlets, where this build has them.
$convAvailable = [bool] (Get-Command New-ConvPoolLayer -ErrorAction Ignore)
if ($convAvailable) {
    $convData = Import-Mnist -Path $mnist
    $convTraining = $convData.Training.Slice("Training, first $ConvImages", 0, $ConvImages)
} else {
    Write-Host '  NndlPS conv: not available in this build'
}

function Measure-NndlPSConv([int] $Batch, [int] $Threads) {
    # The shapes whose FLOPs are counted above: 20 and 40 maps of 5x5 filters, 2x2 pooling, 100, 10.
    $layers = (New-ConvPoolLayer -Filters $maps1 -FilterSize $filterSide -PoolSize $poolSide -Activation ReLU),
        (New-ConvPoolLayer -Filters $maps2 -FilterSize $filterSide -PoolSize $poolSide -Activation ReLU),
        (New-FullyConnectedLayer -Neurons $hidden -Activation ReLU),
        (New-SoftmaxLayer -Neurons $classes)
    $net = New-Network -InputShape 1, $imageSide, $imageSide -Layers $layers -Seed 1
    # -Lambda is network2.py's λ/n per step (n: the images trained on). λ = 1 at n = 50,000 is network3.py's
    # λ = 0.1 at mini-batch 10 (λm/n; see bench/peers/TorchSharpBook/Conv.cs); scaled with n, so that each step of
    # the shorter epoch shrinks the weights as a step of the full one would.
    $lambda = 1.0 * $convTraining.Count / $scaleTo
    $epochs = @(Invoke-SgdTraining -TrainingData $convTraining -Network $net -Epochs $ConvEpochs -MiniBatchSize $Batch -LearningRate 0.03 -Lambda $lambda -Seed 1 -Threads $Threads)
    $evaluations = @(foreach ($i in 1..$ConvEpochs) {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = Test-Network -Network $net -Data $convData.Test
        @{ Seconds = $clock.Elapsed.TotalSeconds; Accuracy = $result.Accuracy }
    })
    @{
        Train = (Get-Median ($epochs | ForEach-Object { $_.TrainingTime.TotalSeconds })) * $scaleTo / $convTraining.Count
        Eval = Get-Median ($evaluations | ForEach-Object { $_.Seconds })
        Accuracy = $evaluations[-1].Accuracy
    }
}

# LibTorch: 'TorchSharpBook conv' prints "EPOCH <j> correct <c>/<n> train_s <s per 50,000> eval_s <s> total_s <s>".
function Measure-LibTorchConv([int] $Batch, [int] $Threads) {
    $epochs = @(Invoke-TorchSharpBook @('conv', '--batch', $Batch, '--threads', $Threads, '--images', $ConvImages, '--epochs', $ConvEpochs, '--data', $mnist) |
        Where-Object { $_ -like 'EPOCH *' } | ForEach-Object {
            $fields = $_ -split ' '
            $correct = $fields[3] -split '/'
            @{ Train = [double] $fields[5]; Eval = [double] $fields[7]; Accuracy = [double] $correct[0] / [double] $correct[1] }
        })
    if ($epochs.Count -eq 0) { return $null }
    @{
        Train = Get-Median ($epochs | ForEach-Object { $_.Train })
        Eval = Get-Median ($epochs | ForEach-Object { $_.Eval })
        Accuracy = $epochs[-1].Accuracy
    }
}

$convRows = foreach ($threads in $convThreadCounts) {
    foreach ($batch in 10, 100) {
        $mine = $null
        if ($convAvailable) {
            try { $mine = Measure-NndlPSConv $batch $threads }
            catch { Write-Host "  NndlPS conv, mini-batch $batch, $threads threads: failed: $($_.Exception.Message)" }
        }
        $peer = $null
        if ($Peers) {
            $peer = Measure-LibTorchConv $batch $threads
            if (-not $peer) { Write-Host "  LibTorch (TorchSharp) conv, mini-batch ${batch}: could not run here; skipped." }
        }
        if (-not $mine -and -not $peer) { continue }
        $show = { param($Side, $Name, $Format) if ($Side) { $Format -f $Side[$Name] } else { 'n/a' } }
        [pscustomobject]@{
            'Mini-batch' = $batch
            Threads = $threads
            'NndlPS train s' = & $show $mine Train '{0:N2}'
            'LibTorch train s' = & $show $peer Train '{0:N2}'
            'Train speed-up' = if ($mine -and $peer) { '{0:N2}x' -f ($peer.Train / $mine.Train) } else { 'n/a' }
            # The issue's measure: an epoch is 50,000 images trained and the 10,000 test images evaluated.
            'Epoch speed-up' = if ($mine -and $peer) { '{0:N2}x' -f (($peer.Train + $peer.Eval) / ($mine.Train + $mine.Eval)) } else { 'n/a' }
            'NndlPS eval s' = & $show $mine Eval '{0:N2}'
            'LibTorch eval s' = & $show $peer Eval '{0:N2}'
            'NndlPS % peak' = if ($mine) { Get-PeakShare $mine.Train $threads } else { 'n/a' }
            'LibTorch % peak' = if ($peer) { Get-PeakShare $peer.Train $threads } else { 'n/a' }
            'NndlPS accuracy' = & $show $mine Accuracy '{0:P2}'
            'LibTorch accuracy' = & $show $peer Accuracy '{0:P2}'
        }
    }
}
if ($convRows) {
    $convRows | Format-Table -Property * -AutoSize | Out-String -Width 240 | Write-Host # -Property *: all 12 columns, not the first 10
    $aten = if ($env:ATEN_CPU_CAPABILITY) { "ATEN_CPU_CAPABILITY=$env:ATEN_CPU_CAPABILITY" } else { 'ATEN_CPU_CAPABILITY unset (the widest LibTorch has)' }
    $peakText = if ($script:fmaPeak) { '{0:N1} GFLOP/s on {1} cores, {2:N1} on 1' -f $script:fmaPeak.AllCores, $script:fmaPeak.Cores, $script:fmaPeak.OneCore } else { 'not measured' }
    Write-Host (("Train s: seconds per 50,000 training images; eval s: the 10,000 test images (NndlPS's Test-Network on every core, LibTorch's in one batch on its threads). " +
        "Train speed-up: LibTorch's training time over NndlPS's; epoch speed-up: LibTorch's train + eval over NndlPS's (an epoch as chapter 6's targets count it). % peak: training FLOP/s ({0:N2} MFLOP per image, forward {1:N2}) against the FMA peak measured above ({2}). " +
        "Accuracy after {3} of {4} images. LibTorch: {5}.") -f ($trainFlops / 1e6), ($forward / 1e6), $peakText, $convEpochsText, $ConvImages, $aten)
}
