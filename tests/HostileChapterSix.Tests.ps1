# Hostile cases for chapter 6's surfaces (the fifth hostile pass): layer objects that crossed serialization, layers
# piped one by one, pictures of large filters. Each must end in an ErrorRecord with a stable ErrorId, within a bound,
# never a raw .NET exception, a hang or silent garbage.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:conv = New-ConvPoolLayer -Filters 2 -FilterSize 5 -PoolSize 2 -Activation ReLU
    $script:fc = New-FullyConnectedLayer -Neurons 8 -Activation Tanh -Dropout 0.25
    $script:softmax = New-SoftmaxLayer -Neurons 10 -Dropout 0.5
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 60 -Test 10
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 10
}

Describe 'Export-NetworkImage and Export-MnistImage, hostile sizes' {
    It 'draws a 1024x1024 filter (a picture of 4 million pixels) within a bound, not one native call per pixel' {
        # SKBitmap.SetPixel for every pixel took about 2 µs a pixel: this picture took 10 s, the 64-million-pixel
        # bound two and a half minutes. The pixels are now written straight into the bitmap.
        $net = New-Network -InputShape 1, 1024, 1024 -Layers 'ConvPool 1@1024x1024 relu + Softmax 2' -Seed 1
        $path = Join-Path $TestDrive 'large-filter.png'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $net | Export-NetworkImage -Path $path -Layer 0 -Scale 2 | Out-Null
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Get-Item $path).Length | Should -BeGreaterThan 1000
    }

    It '<Name> given a folder named like a picture suggests a .png file in it, not a network.json' -TestCases @(
        @{ Name = 'Export-NetworkImage'; Export = { param($p) New-Network 4, 2 -Seed 1 | Export-NetworkImage -Path $p } }
        @{ Name = 'Export-LearningCurve'; Export = { param($p) $script:tinyData | Invoke-SgdTraining -Network (New-Network $script:tinyData.Training.InputSize, 10 -Seed 1) -Epochs 1 -Seed 1 | Export-LearningCurve -Path $p } }
    ) {
        $folder = Join-Path $TestDrive 'pictures.png'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $err = { & $Export $folder } | Should -Throw -ErrorId "ExportTargetIsFolder,NndlPS.Commands.$($Name -replace '-')Command" -PassThru
        $err.Exception.Message | Should -BeLike "*$(Join-Path $folder '*.png')*"
        $err.Exception.Message | Should -Not -BeLike '*network.json*'
    }
}
