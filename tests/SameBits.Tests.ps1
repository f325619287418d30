# A seeded run gives the same bits on every CPU: the same trainings in child processes with AVX-512, AVX2 or all
# hardware intrinsics switched off, compared by the SHA-256 of every weight and bias, of Invoke-Network's outputs and
# of the baselines' answers. The kernel-level version (each path against the scalar one, bit for bit) is
# tests/NndlPS.Core.Tests/SameBitsOnEveryPathTests.cs; the rule itself is in src/NndlPS.Core/Kernels/FixedLanes.cs.
BeforeDiscovery {
    # .NET 10 reads DOTNET_EnableAVX512 (earlier versions DOTNET_EnableAVX512F): both are set, so the path is off on either.
    $script:variants = @(
        @{ Name = 'AVX-512 off (AVX2 and FMA)'; Variables = @{ DOTNET_EnableAVX512 = '0'; DOTNET_EnableAVX512F = '0' }; Threads = 2 }
        @{ Name = 'AVX2 off (128-bit vectors)'; Variables = @{ DOTNET_EnableAVX2 = '0' }; Threads = 1 }
        @{ Name = 'hardware intrinsics off (scalar)'; Variables = @{ DOTNET_EnableHWIntrinsic = '0' }; Threads = 2 }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
    $script:module = if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' }

    # Trains the book's network and chapter 3's kinds on 2,000 real MNIST images for two epochs each (every neuron,
    # cost and update rule), and prints one line per result: its name and the SHA-256 of its bits.
    $script:childScript = @'
param($Module, $Threads)
$ErrorActionPreference = 'Stop'
Import-Module $Module
function Get-Sha([float[][]] $Arrays) {
    $sha = [System.Security.Cryptography.IncrementalHash]::CreateHash('SHA256')
    foreach ($array in $Arrays) {
        $bytes = [byte[]]::new($array.Length * 4); [Buffer]::BlockCopy($array, 0, $bytes, 0, $bytes.Length); $sha.AppendData($bytes)
    }
    [Convert]::ToHexString($sha.GetHashAndReset())
}
function Get-NetworkSha($Network) { Get-Sha @(foreach ($layer in @($Network.ConvolutionalLayers) + @($Network.Layers)) { $layer.Weights; $layer.Biases }) }

$paths = 'Vector512', 'Vector256', 'Vector128' | Where-Object { ([type] "System.Runtime.Intrinsics.$_").GetProperty('IsHardwareAccelerated').GetValue($null) }
"paths|$(@($paths) -join ',')"
$data = Import-Mnist -First 2000 -ValidationSize 0 -NoDownload
$runs = [ordered] @{
    'book, quadratic, sigmoid'         = @{ New = @{ Sizes = 784, 30, 10 }; Train = @{ LearningRate = 3.0 } }
    'book at mini-batch 100'           = @{ New = @{ Sizes = 784, 30, 10 }; Train = @{ LearningRate = 3.0; MiniBatchSize = 100 } }
    # 784·100·100 multiply-adds per product: large enough that two threads split every product (by columns forward).
    '[784,100,10] at mini-batch 100'   = @{ New = @{ Sizes = 784, 100, 10 }; Train = @{ LearningRate = 3.0; MiniBatchSize = 100 } }
    'cross-entropy, L2, scaled init'   = @{ New = @{ Sizes = 784, 30, 10; Cost = 'CrossEntropy'; Initialization = 'ScaledGaussian' }; Train = @{ LearningRate = 0.5; Lambda = 5.0 } }
    'softmax, log-likelihood, momentum' = @{ New = @{ Sizes = 784, 30, 10; OutputActivation = 'Softmax'; Cost = 'LogLikelihood' }; Train = @{ LearningRate = 0.1; Momentum = 0.5 } }
    'tanh hidden layers'               = @{ New = @{ Sizes = 784, 20, 17, 10; Activation = 'Tanh'; OutputActivation = 'Sigmoid'; Cost = 'CrossEntropy' }; Train = @{ LearningRate = 0.1 } }
    'ReLU hidden layer'                = @{ New = @{ Sizes = 784, 33, 10; Activation = 'ReLU'; OutputActivation = 'Softmax'; Cost = 'LogLikelihood' }; Train = @{ LearningRate = 0.05; Lambda = 1.0 } }
    # Chapter 6: two convolutional layers (unfold, pool, fold), dropout, momentum; small, as the 128-bit path has no FMA unit.
    # The book's shapes where Unfold and Fold have vector fast paths: rows of 24 (28 - 5 + 1) and of 8 (12 - 5 + 1).
    # At mini-batch 20 the first layer's weight gradient is split between two threads, as the book's network's is at
    # mini-batch 10: with AVX-512 by weights, in tiles (its errors, 6 x 11,520 floats, outgrow MatrixKernels' tile
    # bound); with AVX2 and 128-bit vectors by filters, its columns read from the inputs' windows (MultiplyByWindows).
    'convolutional, dropout, momentum' = @{ New = @{ InputShape = 1, 28, 28; Layers = @(
                (New-ConvPoolLayer -Filters 6 -FilterSize 5 -PoolSize 2 -Activation ReLU), (New-ConvPoolLayer -Filters 8 -FilterSize 5 -PoolSize 2 -Activation Sigmoid),
                (New-FullyConnectedLayer -Neurons 30 -Activation Tanh -Dropout 0.5), (New-SoftmaxLayer -Neurons 10 -Dropout 0.25)) }
        Train = @{ LearningRate = 0.05; Lambda = 1.0; Momentum = 0.5; MiniBatchSize = 20 } }
}
foreach ($name in $runs.Keys) {
    $run = $runs[$name]
    $new = $run.New; $train = $run.Train
    $net = New-Network @new -Seed 1
    $epochs = Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Test -Network $net -Epochs 2 -Seed 1 -Threads $Threads @train
    "$name|$(Get-NetworkSha $net) $(@($epochs.Correct) -join '/')"
    $outputs = Invoke-Network -Network $net -InputObject (Get-MnistSample -Data $data.Test -Index (0..99))
    "$name, Invoke-Network|$(Get-Sha @($outputs | ForEach-Object { , [float[]] $_.Outputs }))"
}
$svm = $data | Measure-Baseline LinearSvm -Seed 1 -Threads $Threads
"linear SVM|$($svm.Correct) $(($svm.Confusion.ToText() -split "\s+") -join ",")"
'@
    function Invoke-Variant([hashtable] $Variables, [int] $Threads) {
        $saved = @{}
        foreach ($name in $Variables.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Variables[$name]) }
        try {
            $script = Join-Path ([IO.Path]::GetTempPath()) "nndlps-samebits-$PID.ps1"
            Set-Content -Path $script -Value $script:childScript
            $lines = Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-File', $script, $script:module, $Threads) 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The child pwsh failed: $($lines -join "`n")" }
            $result = [ordered] @{}
            foreach ($line in $lines) {
                $text = "$line"
                if ($text -match '^(?<name>[^|]+)\|(?<value>.*)$') { $result[$Matches.name] = $Matches.value }
            }
            $result
        } finally {
            foreach ($name in $Variables.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
        }
    }
    $script:reference = Invoke-Variant @{} 1
    Write-Host "Default path, 1 thread:"
    $script:reference.GetEnumerator() | ForEach-Object { Write-Host "  $($_.Key): $($_.Value)" }
}

Describe 'A seeded run gives the same bits on every vector path and thread count' {
    It 'the default process trains every kind and reports its paths' {
        $script:reference.Count | Should -Be 18
        $script:reference['paths'] | Should -Not -BeNullOrEmpty
    }

    It '<Name>: every weight, output and answer equals the default path''s' -TestCases $script:variants {
        $result = Invoke-Variant $Variables $Threads
        Write-Host "$Name, $Threads threads: paths $($result['paths'])"
        if ($result['paths'] -eq $script:reference['paths']) { Write-Host '  (this machine lacks the switched-off instructions: the same path as the default, on other threads)' }
        # The variable really switched the path off (where the machine had it in the first place).
        if ($Variables.ContainsKey('DOTNET_EnableHWIntrinsic')) { $result['paths'] | Should -BeNullOrEmpty }
        if ($Variables.ContainsKey('DOTNET_EnableAVX2')) { $result['paths'] | Should -Not -Match 'Vector256|Vector512' }
        if ($Variables.ContainsKey('DOTNET_EnableAVX512')) { $result['paths'] | Should -Not -Match 'Vector512' }
        foreach ($key in @($script:reference.Keys | Where-Object { $_ -ne 'paths' })) {
            $result[$key] | Should -Be $script:reference[$key] -Because "'$key' must not depend on the CPU"
        }
    }
}
