# The pictures: each is a valid PNG or SVG of the size asked for, and its pixels follow the data (two different
# inputs give two different pictures). Runs against the staged module in this fresh pwsh, so SkiaSharp's native
# library is found where the module ships it.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
    Import-NndlModule
    $script:data = Import-Mnist -First 100 -NoDownload

    # Width and height from a PNG's IHDR chunk, after checking the signature.
    function Get-PngSize([string] $Path) {
        $bytes = [IO.File]::ReadAllBytes($Path)
        [Convert]::ToHexString($bytes, 0, 8) | Should -Be '89504E470D0A1A0A'
        [Text.Encoding]::ASCII.GetString($bytes, 12, 4) | Should -Be 'IHDR'
        $size = { param($offset) ([int] $bytes[$offset] -shl 24) -bor ([int] $bytes[$offset + 1] -shl 16) -bor ([int] $bytes[$offset + 2] -shl 8) -bor $bytes[$offset + 3] }
        [pscustomobject]@{ Width = & $size 16; Height = & $size 20 }
    }

    function Get-Hash([string] $Path) { (Get-FileHash $Path -Algorithm SHA256).Hash }
}

Describe 'Export-MnistImage' {
    It 'draws images as a grid PNG of the expected size, label under each' {
        $file = $script:data.Test | Export-MnistImage -Path (Join-Path $TestDrive 'grid.png') -First 20 -Columns 10 -Scale 2
        $file.Name | Should -Be 'grid.png'
        # 10 across, 2 down; each cell 28*2 + 4 wide, 28*2 + 4 + caption (5 dots of 2+1 pixels) + 4 high, plus the outer gap.
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be (10 * (56 + 4) + 4)
        $size.Height | Should -Be (2 * (56 + 4 + 15 + 4) + 4)
    }

    It 'gives different pictures for different images, the same for the same' {
        $a = Get-MnistSample (0..9) -Data $script:data.Test | Export-MnistImage (Join-Path $TestDrive 'a.png')
        $b = Get-MnistSample (10..19) -Data $script:data.Test | Export-MnistImage (Join-Path $TestDrive 'b.png')
        $c = Get-MnistSample (0..9) -Data $script:data.Test | Export-MnistImage (Join-Path $TestDrive 'c.png')
        Get-Hash $a.FullName | Should -Not -Be (Get-Hash $b.FullName)
        Get-Hash $a.FullName | Should -Be (Get-Hash $c.FullName)
    }

    It 'draws predictions with the answer: a different answer, a different picture' {
        $right = New-Network 784, 10 -Seed 1
        $predictions = $script:data.Test | Invoke-Network -Network $right | Select-Object -First 10
        $first = $predictions | Export-MnistImage (Join-Path $TestDrive 'p1.png')
        $other = $script:data.Test | Invoke-Network -Network (New-Network 784, 10 -Seed 2) | Select-Object -First 10 | Export-MnistImage (Join-Path $TestDrive 'p2.png')
        @($predictions.Predicted) | Should -Not -Be @(($script:data.Test | Invoke-Network -Network (New-Network 784, 10 -Seed 2) | Select-Object -First 10).Predicted)
        Get-Hash $first.FullName | Should -Not -Be (Get-Hash $other.FullName)
    }

    It 'replaces a file only with -Force, and writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'once.png'
        $script:data.Test | Export-MnistImage $path -First 5 | Out-Null
        { $script:data.Test | Export-MnistImage $path -First 5 } | Should -Throw -ErrorId 'ExportTargetExists,NndlPS.Commands.ExportMnistImageCommand'
        { $script:data.Test | Export-MnistImage $path -First 5 -Force } | Should -Not -Throw
        $script:data.Test | Export-MnistImage (Join-Path $TestDrive 'whatif.png') -WhatIf
        Test-Path (Join-Path $TestDrive 'whatif.png') | Should -BeFalse
    }

    It 'says what it draws when given something else' {
        { 1, 2 | Export-MnistImage (Join-Path $TestDrive 'numbers.png') -ErrorAction Stop } | Should -Throw -ErrorId 'PictureInputNotImage,NndlPS.Commands.ExportMnistImageCommand'
    }
}

Describe 'Export-NetworkImage' {
    It 'draws each hidden neuron''s 784 weights as a 28x28 image' {
        $file = New-Network 784, 30, 10 -Seed 1 | Export-NetworkImage -Path (Join-Path $TestDrive 'w.png') -Columns 10 -Scale 3
        # Each tile 28*3 and its 1-pixel frame on both sides.
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be (10 * (86 + 4) + 4)
        $size.Height | Should -Be (3 * (86 + 4 + 15 + 4) + 4)
    }

    It 'gives different pictures for different weights' {
        $a = New-Network 784, 30, 10 -Seed 1 | Export-NetworkImage (Join-Path $TestDrive 'w1.png')
        $b = New-Network 784, 30, 10 -Seed 2 | Export-NetworkImage (Join-Path $TestDrive 'w2.png')
        Get-Hash $a.FullName | Should -Not -Be (Get-Hash $b.FullName)
    }

    It 'draws the output layer with -Layer 1 and refuses a layer the network lacks' {
        $file = New-Network 784, 30, 10 -Seed 1 | Export-NetworkImage (Join-Path $TestDrive 'layer1.png') -Layer 1 -Columns 10 -Scale 3
        # 30 inputs are no square: each of the 10 neurons is one row of 30 weights, framed.
        (Get-PngSize $file.FullName).Width | Should -Be (10 * (92 + 4) + 4)
        { New-Network 784, 30, 10 | Export-NetworkImage (Join-Path $TestDrive 'layer2.png') -Layer 2 } | Should -Throw -ErrorId 'LayerOutOfRange,NndlPS.Commands.ExportNetworkImageCommand'
    }

    It 'draws 5x5 filters at least 30 pixels wide by default, and each number within its cell' {
        $conv = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer -Filters 20 -FilterSize 5 -PoolSize 2 -Activation ReLU), (New-SoftmaxLayer -Neurons 10) -Seed 1
        $file = $conv | Export-NetworkImage (Join-Path $TestDrive 'filters.png') -Layer 0 -Columns 10
        # Scale 6: 30-pixel filters in a 1-pixel frame (32); the captions' dots are a tenth of that (3), so "19" (21
        # pixels) fits under its tile.
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be (10 * (32 + 4) + 4)
        $size.Height | Should -Be (2 * (32 + 4 + 15 + 4) + 4)
        # Asked for scale 3 (15-pixel filters, 17 framed), the numbers shrink with them (1-pixel dots): "19" is 7 pixels.
        $file = $conv | Export-NetworkImage (Join-Path $TestDrive 'filters3.png') -Layer 0 -Columns 10 -Scale 3
        (Get-PngSize $file.FullName).Width | Should -Be (10 * (17 + 4) + 4)
        # A number wider than its tile widens the cells: "100" is 33 pixels under 32-pixel tiles.
        $wide = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer -Filters 101 -FilterSize 5 -PoolSize 2 -Activation ReLU), (New-SoftmaxLayer -Neurons 10) -Seed 1
        $file = $wide | Export-NetworkImage (Join-Path $TestDrive 'filters101.png') -Layer 0 -Columns 10
        (Get-PngSize $file.FullName).Width | Should -Be (10 * (33 + 4) + 4)
    }

    It 'draws a filter over several channels as its channels'' maps in a small grid, as a neuron''s input maps' {
        # The book's network #4, layer 1: 40 filters over 20 channels of 5x5. Each filter's 20 maps are 5 across and 4
        # down, 1 pixel apart in a 1-pixel frame: 81x65 pixels at the default scale 3 (its 25-weight side is 75 pixels,
        # over the 30 a small filter is drawn at), its number in 3-pixel dots under it; 85x88 a cell. Each filter was
        # one 5x100 strip, 17x302 pixels, with nothing between its channels.
        $net = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer -Filters 20 -FilterSize 5 -PoolSize 2 -Activation ReLU), (New-ConvPoolLayer -Filters 40 -FilterSize 5 -PoolSize 2 -Activation ReLU), (New-SoftmaxLayer -Neurons 10) -Seed 1
        $file = $net | Export-NetworkImage (Join-Path $TestDrive 'channels.png') -Layer 1
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be (10 * (81 + 4) + 4)
        $size.Height | Should -Be (4 * (65 + 4 + 15 + 4) + 4)
    }

    It 'draws a fully connected layer after convolutions as each neuron''s input maps in a small grid' {
        # 100 neurons, each over 20 maps of 12x12 (2,880 weights): 5 maps across and 4 down, 1 pixel apart in a 1-pixel
        # frame, so 186x149 pixels at scale 3; with its caption (3-pixel dots) a cell is 190x172. It was one row of
        # 2,880 weights, 86,444x264 pixels in all.
        $net = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer -Filters 20 -FilterSize 5 -PoolSize 2), (New-FullyConnectedLayer -Neurons 100), (New-SoftmaxLayer -Neurons 10) -Seed 1
        $file = $net | Export-NetworkImage (Join-Path $TestDrive 'maps.png') -Layer 1
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be (10 * (186 + 4) + 4)
        $size.Height | Should -Be (10 * (149 + 4 + 15 + 4) + 4)
    }

    It 'says which -Scale and -Columns draw a layer too large for one picture, not to pipe fewer images' {
        # A fully connected layer after a convolutional one: 600 neurons over 20 maps of 24x24 (11,520 weights), each
        # 366x293 pixels at scale 3, 3,704x18,964 in all. The advice was once Export-MnistImage's (Select-Object
        # -First), which Export-NetworkImage cannot take. (With each neuron drawn as one row, 100 neurons were too many.)
        $net = New-Network -InputShape 1, 28, 28 -Layers 'ConvPool 20@5x5, pool 1x1 relu + FullyConnected 600 relu + Softmax 10' -Seed 1
        $err = { $net | Export-NetworkImage (Join-Path $TestDrive 'rows.png') -Layer 1 } | Should -Throw -ErrorId 'PictureTooLarge,NndlPS.Commands.ExportNetworkImageCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'Select-Object'
        $err.Exception.Message -match '-Scale (\d+) -Columns (\d+) fits' | Should -BeTrue
        $file = $net | Export-NetworkImage (Join-Path $TestDrive 'rows.png') -Layer 1 -Scale ([int]$Matches[1]) -Columns ([int]$Matches[2])
        $file.Length | Should -BeGreaterThan 0
    }
}

Describe 'Export-LearningCurve' {
    BeforeAll {
        $script:runA = $script:data | Invoke-SgdTraining -Epochs 3 -Seed 1 -Monitor TrainingCost
        $script:runB = $script:data | Invoke-SgdTraining -Epochs 3 -Seed 2 -LearningRate 0.5
    }

    It 'draws a PNG of the size asked for' {
        $file = $script:runA | Export-LearningCurve -Path (Join-Path $TestDrive 'curve.png') -Width 640 -Height 400
        $size = Get-PngSize $file.FullName
        $size.Width | Should -Be 640
        $size.Height | Should -Be 400
    }

    It 'draws an SVG for a .svg file, one line per run, labelled by the settings that differ' {
        $file = @($script:runA) + @($script:runB) | Export-LearningCurve -Path (Join-Path $TestDrive 'curve.svg') -Width 640 -Height 400
        [xml] $svg = Get-Content $file.FullName -Raw
        $svg.DocumentElement.LocalName | Should -Be 'svg'
        $svg.DocumentElement.width | Should -Be '640'
        $text = Get-Content $file.FullName -Raw
        $text | Should -Match 'η 3, seed 1: test accuracy'
        $text | Should -Match 'η 0.5, seed 2: test accuracy'
    }

    It 'gives different pictures for different runs' {
        $a = $script:runA | Export-LearningCurve (Join-Path $TestDrive 'ra.png')
        $b = $script:runB | Export-LearningCurve (Join-Path $TestDrive 'rb.png')
        Get-Hash $a.FullName | Should -Not -Be (Get-Hash $b.FullName)
    }

    It 'says what is missing when there is nothing to draw' {
        $untested = Invoke-SgdTraining -TrainingData $script:data.Training -Epochs 1 -Seed 1
        { $untested | Export-LearningCurve (Join-Path $TestDrive 'empty.png') } | Should -Throw -ErrorId 'PictureEmpty,NndlPS.Commands.ExportLearningCurveCommand'
    }
}

Describe 'The pictures'' native libraries' {
    It 'are found from the staged module in a fresh pwsh' {
        $path = Join-Path $TestDrive 'fresh.png'
        $module = (Get-Module NndlPS).ModuleBase
        $output = Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$module' -ErrorAction Stop; (New-Network 4, 3, 2 -Seed 1 | Export-NetworkImage '$path').Length")
        $LASTEXITCODE | Should -Be 0
        [int] ($output | Select-Object -Last 1) | Should -BeGreaterThan 0
    }
}
