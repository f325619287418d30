# Chapter 6 through the cmdlets: layers as objects, New-Network -InputShape -Layers, training a convolutional network
# on real MNIST with an accuracy floor, dropout, the chapter-3 options on a convolutional network, and the refusals.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:data = Import-Mnist -NoDownload
    function New-BookConvLayers([string] $Activation = 'ReLU') {
        (New-ConvPoolLayer -Filters 20 -FilterSize 5 -PoolSize 2 -Activation $Activation),
        (New-ConvPoolLayer -Filters 40 -FilterSize 5 -PoolSize 2 -Activation $Activation),
        (New-FullyConnectedLayer -Neurons 100 -Activation $Activation),
        (New-SoftmaxLayer -Neurons 10)
    }
}

Describe 'Layers as objects' {
    It 'describes each layer as network3.py''s arguments do, with the book''s defaults' {
        $conv = New-ConvPoolLayer 20
        $conv.Filters | Should -Be 20
        $conv.FilterSize | Should -Be 5
        $conv.PoolSize | Should -Be 2
        "$conv" | Should -Be 'ConvPool 20@5x5, pool 2x2 sigmoid'
        "$(New-FullyConnectedLayer 1000 -Activation ReLU -Dropout 0.5)" | Should -Be 'FullyConnected 1000 relu, dropout 0.5'
        "$(New-SoftmaxLayer 10)" | Should -Be 'Softmax 10'
    }

    It 'makes the book''s network #4 with its shapes, parameters and the log-likelihood cost' {
        $net = New-Network -InputShape 1, 28, 28 -Layers (New-BookConvLayers) -Seed 1
        # One notation for layers: what the network shows is what -Layers takes as text.
        $net.Architecture | Should -Be '1x28x28 [ConvPool 20@5x5, pool 2x2 relu + ConvPool 40@5x5, pool 2x2 relu + FullyConnected 100 relu + Softmax 10]'
        $again = New-Network -InputShape 1, 28, 28 -Layers ($net.Architecture -replace '^\S+ \[(.*)\]$', '$1') -Seed 1
        $again.Architecture | Should -Be $net.Architecture
        "$($net.ConvolutionalLayers[0])" | Should -Be 'ConvPool 20@5x5, pool 2x2 relu: 1x28x28 -> 20x12x12'
        $net.ConvolutionalLayers[1].OutputShape.ToString() | Should -Be '40x4x4'
        $net.Sizes | Should -Be @(640, 100, 10)
        $net.InputSize | Should -Be 784
        $net.ParameterCount | Should -Be 85670
        $net.Cost.Name | Should -Be 'loglikelihood'
        ($net | Out-String) | Should -Match '1x28x28 \[ConvPool 20@5x5'
    }

    It 'takes the layers from the pipeline too, the same network for the same seed' {
        $piped = New-BookConvLayers | New-Network -InputShape 1, 28, 28 -Seed 7
        $given = New-Network -InputShape 1, 28, 28 -Layers (New-BookConvLayers) -Seed 7
        $piped.ConvolutionalLayers[0].Weights | Should -Be $given.ConvolutionalLayers[0].Weights
        $piped.Layers[1].Weights | Should -Be $given.Layers[1].Weights
    }

    It 'draws weights from N(0, 2/n_in) for ReLU and N(0, 1/n_in) otherwise, biases 0' {
        $relu = New-Network -InputShape 1, 28, 28 -Layers (New-BookConvLayers) -Seed 3
        $sigmoid = New-Network -InputShape 1, 28, 28 -Layers (New-BookConvLayers Sigmoid) -Seed 3
        $spread = { param($w) [math]::Sqrt(($w | ForEach-Object { $_ * $_ } | Measure-Object -Sum).Sum / $w.Count) }
        (& $spread $relu.Layers[0].Weights) | Should -BeGreaterThan ([math]::Sqrt(2 / 640) * 0.95)
        (& $spread $relu.Layers[0].Weights) | Should -BeLessThan ([math]::Sqrt(2 / 640) * 1.05)
        (& $spread $sigmoid.ConvolutionalLayers[1].Weights) | Should -BeGreaterThan ([math]::Sqrt(1 / 500) * 0.95)
        (& $spread $sigmoid.ConvolutionalLayers[1].Weights) | Should -BeLessThan ([math]::Sqrt(1 / 500) * 1.05)
        @($relu.ConvolutionalLayers[0].Biases | Where-Object { $_ -ne 0 }).Count | Should -Be 0
    }
}

Describe 'Training a convolutional network on MNIST' {
    It 'learns the book''s network #4 on 10,000 images in 2 epochs to at least 95% of the test set' {
        $net = New-Network -InputShape 1, 28, 28 -Layers (New-BookConvLayers) -Seed 1
        $training = $script:data.Training.Slice('Training', 0, 10000)
        $epochs = Invoke-SgdTraining -Network $net -TrainingData $training -TestData $script:data.Test -Epochs 2 -MiniBatchSize 10 -LearningRate 0.03 -Lambda 1 -Seed 1
        $epochs.Count | Should -Be 2
        Write-Host "  #4 on 10,000 images: $(@($epochs.Correct) -join ' / ') of 10,000; $(@($epochs | ForEach-Object { '{0:N2} s' -f $_.TrainingTime.TotalSeconds }) -join ', ') training"
        $epochs[-1].Accuracy | Should -BeGreaterOrEqual 0.95
        $net.EpochsTrained | Should -Be 2
        # Invoke-Network answers through the same layers: its answers count what Test-Network counts.
        $answers = Invoke-Network -Network $net -InputObject (Get-MnistSample -Data $script:data.Test -Index (0..499))
        $correct = @($answers | Where-Object { $_.Predicted -eq $_.Label }).Count
        $correct | Should -Be (Test-Network -Network $net -Data $script:data.Test.Slice('Test', 0, 500)).Correct
    }

    It 'trains with dropout, momentum, -KeepBest and -Monitor, and evaluates without dropout' {
        $layers = (New-ConvPoolLayer 8 -Activation ReLU), (New-FullyConnectedLayer 50 -Activation ReLU -Dropout 0.5), (New-SoftmaxLayer 10 -Dropout 0.5)
        $net = New-Network -InputShape 1, 28, 28 -Layers $layers -Seed 2
        $small = $script:data.Training.Slice('Training', 0, 3000)
        $test = $script:data.Test.Slice('Test', 0, 1000)
        $epochs = Invoke-SgdTraining -Network $net -TrainingData $small -TestData $test -Epochs 3 -LearningRate 0.05 -Momentum 0.5 -Lambda 1 -Seed 2 -KeepBest -Monitor TrainingAccuracy
        $epochs[-1].TrainingAccuracy | Should -BeGreaterThan 0.85
        ($epochs | Measure-Object Accuracy -Maximum).Maximum | Should -BeGreaterThan 0.85
        # Evaluation uses the weights as they are: twice the same answer.
        (Test-Network -Network $net -Data $test).Correct | Should -Be (Test-Network -Network $net -Data $test).Correct
        # -KeepBest went back to the best epoch.
        (Test-Network -Network $net -Data $test).Accuracy | Should -Be ($epochs | Measure-Object Accuracy -Maximum).Maximum
    }

    It 'gives the same weights for the same seed, and other masks for another seed' {
        $layers = (New-ConvPoolLayer 4 -Activation ReLU), (New-FullyConnectedLayer 20 -Activation ReLU -Dropout 0.5), (New-SoftmaxLayer 10)
        $small = $script:data.Training.Slice('Training', 0, 500)
        $train = { param($seed) $n = New-Network -InputShape 1, 28, 28 -Layers $layers -Seed 1; Invoke-SgdTraining -Network $n -TrainingData $small -Epochs 1 -LearningRate 0.05 -Seed $seed | Out-Null; $n }
        $a = & $train 5; $b = & $train 5; $c = & $train 6
        $a.ConvolutionalLayers[0].Weights | Should -Be $b.ConvolutionalLayers[0].Weights
        $a.Layers[0].Weights | Should -Be $b.Layers[0].Weights
        ($a.Layers[0].Weights -join ',') | Should -Not -Be ($c.Layers[0].Weights -join ',')
    }
}

Describe 'Refusals name the layer and the numbers' {
    It 'refuses <Case>' -TestCases @(
        @{ Command = 'NewNetworkCommand'; Case = 'a filter larger than its input'; Id = 'LayerShapeMismatch'; Match = 'Layer 3.*40x4x4'; Make = { New-Network -InputShape 1, 28, 28 -Layers ((New-ConvPoolLayer 20), (New-ConvPoolLayer 40), (New-ConvPoolLayer 40), (New-SoftmaxLayer 10)) -Seed 1 } }
        @{ Command = 'NewNetworkCommand'; Case = 'a pool larger than its maps'; Id = 'LayerShapeMismatch'; Match = 'pools 9x9 blocks of its 4x4'; Make = { New-Network -InputShape 1, 8, 8 -Layers ((New-ConvPoolLayer 2 -PoolSize 9), (New-SoftmaxLayer 10)) -Seed 1 } }
        @{ Command = 'NewNetworkCommand'; Case = 'a convolutional layer after a fully connected one'; Id = 'LayerOrderInvalid'; Match = 'Layer 2'; Make = { New-Network -InputShape 1, 28, 28 -Layers ((New-FullyConnectedLayer 30), (New-ConvPoolLayer 20), (New-SoftmaxLayer 10)) -Seed 1 } }
        @{ Command = 'NewNetworkCommand'; Case = 'a network without an output layer'; Id = 'LayerOrderInvalid'; Match = 'ends with'; Make = { New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer 20) -Seed 1 } }
        @{ Command = 'NewNetworkCommand'; Case = 'softmax before the last layer'; Id = 'SoftmaxOnlyOnOutput'; Match = 'Layer 1'; Make = { New-Network -InputShape 1, 28, 28 -Layers ((New-SoftmaxLayer 10), (New-FullyConnectedLayer 10)) -Seed 1 } }
        @{ Command = 'NewNetworkCommand'; Case = 'a fully connected layer too large for the maps before it, naming it and the maps (not sizes nobody typed)'; Id = 'NetworkTooLarge'; Match = '^Layer 2 \(FullyConnected 100 sigmoid\) takes the 14,400,000 values of the last convolutional layer''s 100000x12x12 maps.*1,440,000,100 weights and biases.*pool more'; Make = { New-Network -InputShape 1, 28, 28 -Layers ((New-ConvPoolLayer 100000), (New-FullyConnectedLayer 100), (New-SoftmaxLayer 10)) -Seed 1 } }
        @{ Command = 'NewFullyConnectedLayerCommand'; Case = 'dropout of 1'; Id = 'LayerDesignInvalid'; Match = 'up to but not including 1'; Make = { New-FullyConnectedLayer 10 -Dropout 1 } }
        @{ Command = 'NewFullyConnectedLayerCommand'; Case = 'a softmax hidden layer kind'; Id = 'LayerDesignInvalid'; Match = 'New-SoftmaxLayer'; Make = { New-FullyConnectedLayer 10 -Activation Softmax } }
        @{ Command = 'InvokeNetworkCommand'; Case = 'an input of the wrong length, naming the image shape'; Id = 'InputSizeMismatch'; Match = 'takes 784 input\(s\) \(one 1x28x28 image'; Make = { New-Network -InputShape 1, 28, 28 -Layers ((New-ConvPoolLayer 2), (New-SoftmaxLayer 10)) -Seed 1 | Invoke-Network -InputObject (, [float[]]::new(100)) } }
        @{ Command = 'AddNetworkLayerCommand'; Case = 'Add-NetworkLayer on a network made from layers'; Id = 'LayerOrderInvalid'; Match = 'Add-NetworkLayer'; Make = { New-Network -InputShape 1, 28, 28 -Layers ((New-FullyConnectedLayer 3), (New-SoftmaxLayer 10)) -Seed 1 | Add-NetworkLayer -Weights (, (1..10)) -Biases 0 } }
        @{ Command = 'TestNetworkCommand'; Case = 'a network for other images'; Id = 'NetworkShapeMismatch'; Match = '1x28x28.*takes 1x20x20'; Make = { New-Network -InputShape 1, 20, 20 -Layers ((New-ConvPoolLayer 2), (New-SoftmaxLayer 10)) -Seed 1 | Test-Network -Data $script:data.Test } }
    ) {
        $err = { & $Make } | Should -Throw -ErrorId "$Id,NndlPS.Commands.$Command" -PassThru
        $err.Exception.Message | Should -Match $Match
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }
}

Describe 'Keep and share a convolutional network' {
    BeforeAll {
        $layers = (New-ConvPoolLayer 6 -Activation ReLU), (New-ConvPoolLayer 8 -FilterSize 3 -Activation Sigmoid), (New-FullyConnectedLayer 30 -Activation Tanh -Dropout 0.5), (New-SoftmaxLayer 10 -Dropout 0.25)
        $script:net = New-Network -InputShape 1, 28, 28 -Layers $layers -Seed 1
        $null = Invoke-SgdTraining -Network $script:net -TrainingData $script:data.Training.Slice('Training', 0, 1000) -Epochs 1 -LearningRate 0.05 -Seed 1
        function Get-Bits($n) { (@($n.ConvolutionalLayers) + @($n.Layers) | ForEach-Object { ($_.Weights + $_.Biases) -join ',' }) -join ';' }
    }

    It 'round-trips every bit, layer, dropout and the input shape through a network file' {
        $path = Join-Path $TestDrive 'conv.json'
        $script:net | Export-Network $path | Out-Null
        $back = Import-Network $path
        "$back" | Should -Be "$script:net"
        Get-Bits $back | Should -Be (Get-Bits $script:net)
        $back.Layers.Dropout | Should -Be @(0.5, 0.25)
        (Get-Content $path -Raw) | Should -Match '"version":2'
        $test = $script:data.Test.Slice('Test', 0, 500)
        (Test-Network -Network $back -Data $test).Correct | Should -Be (Test-Network -Network $script:net -Data $test).Correct
    }

    It 'round-trips through Export-Clixml' {
        $path = Join-Path $TestDrive 'conv.xml'
        $script:net | Export-Clixml $path
        $back = Import-Clixml $path
        Get-Bits ([NndlPS.Core.Network] $back) | Should -Be (Get-Bits $script:net)
    }

    It 'refuses a file whose <Case>, naming what is wrong' -TestCases @(
        @{ Case = 'filter does not fit its input'; Edit = { param($t) $t -replace '"filterSize":3', '"filterSize":13' }; Id = 'LayerShapeMismatch' }
        @{ Case = 'layers claim more numbers than the file holds'; Edit = { param($t) $t -replace '"filterSize":3', '"filterSize":30' }; Id = 'NetworkShapeInvalid' }
        @{ Case = 'convolutional weights are one short'; Edit = { param($t) $t -replace '"convolutionalWeights":\[\[[^,]+,', '"convolutionalWeights":[[' }; Id = 'NetworkShapeInvalid' }
        @{ Case = 'convolutional weights are missing'; Edit = { param($t) $t -replace '"convolutionalWeights"', '"other"' }; Id = 'NetworkFileInvalid' }
        @{ Case = 'filters are negative'; Edit = { param($t) $t -replace '"filters":6', '"filters":-6' }; Id = 'NetworkShapeInvalid' }
        @{ Case = 'dropout is 1'; Edit = { param($t) $t -replace '"dropout":\[0.5', '"dropout":[1' }; Id = 'NetworkFileInvalid' }
        @{ Case = 'sizes do not start with what the convolutional layers give'; Edit = { param($t) $t -replace '"sizes":\[200', '"sizes":[201' }; Id = 'NetworkShapeInvalid' }
        @{ Case = 'input shape has 4 numbers'; Edit = { param($t) $t -replace '"inputShape":\[1,28,28\]', '"inputShape":[1,28,28,1]' }; Id = 'NetworkFileInvalid'; Match = 'exactly 3 whole numbers' }
        @{ Case = 'input shape has 2 numbers'; Edit = { param($t) $t -replace '"inputShape":\[1,28,28\]', '"inputShape":[28,28]' }; Id = 'NetworkFileInvalid'; Match = 'exactly 3 whole numbers' }
    ) {
        $path = Join-Path $TestDrive 'edited.json'
        $script:net | Export-Network (Join-Path $TestDrive 'good.json') -Force | Out-Null
        $edited = & $Edit (Get-Content (Join-Path $TestDrive 'good.json') -Raw)
        $edited | Should -Not -Be (Get-Content (Join-Path $TestDrive 'good.json') -Raw) -Because 'the edit must change the file'
        Set-Content $path $edited -NoNewline
        $err = { Import-Network $path } | Should -Throw -ErrorId "$Id,NndlPS.Commands.ImportNetworkCommand" -PassThru
        if ($Match) { $err.Exception.Message | Should -Match $Match }
    }

    It 'draws the first convolutional layer''s filters, one small square each' {
        $path = Join-Path $TestDrive 'filters.png'
        $script:net | Export-NetworkImage -Path $path -Layer 0 | Out-Null
        (Get-Item $path).Length | Should -BeGreaterThan 100
        { $script:net | Export-NetworkImage -Path $path -Layer 4 -Force } | Should -Throw -ErrorId 'LayerOutOfRange,NndlPS.Commands.ExportNetworkImageCommand'
    }

    It 'exports it to ONNX whole, convolutions and all, without dropout, and says it cannot read it back' {
        $path = Join-Path $TestDrive 'conv.onnx'
        ($script:net | Export-Network $path).Name | Should -Be 'conv.onnx'
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes.Length | Should -BeGreaterThan (4 * $script:net.ParameterCount) -Because 'every weight and bias is a float in the file'
        $bytes[0] | Should -Be 0x08 -Because 'an ONNX model starts with field 1, ir_version, as a varint'
        $text = [Text.Encoding]::ASCII.GetString($bytes)
        # Compared as booleans, so a failure names the operator rather than printing the file.
        foreach ($op in 'Reshape', 'Conv', 'MaxPool', 'Relu', 'Sigmoid', 'Flatten', 'Gemm', 'Tanh', 'Softmax') { $text.Contains($op) | Should -BeTrue -Because "the graph has $op" }
        $text.Contains('Dropout') | Should -BeFalse -Because 'inverted dropout leaves a trained network as it is (the description says "dropout 0.5")'
        $text.Contains('input: float [N, 784], each row one 1x28x28 image') | Should -BeTrue
        { Import-Network -Path $path } | Should -Throw -ErrorId 'NetworkFormatUnsupported,NndlPS.Commands.ImportNetworkCommand'
        $script:net | Export-Network -Path (Join-Path $TestDrive 'conv.bin') -Format Onnx | Out-Null
        [IO.File]::ReadAllBytes((Join-Path $TestDrive 'conv.bin')) | Should -Be $bytes
    }
}

Describe 'Chapter 6''s other tools on convolutional networks' {
    It 'sweeps layer lists, each run what New-Network -InputShape -Layers -Seed and Invoke-SgdTraining give alone' {
        $small = Import-Mnist -NoDownload -First 500
        $conv = New-ConvPoolLayer -Filters 4 -FilterSize 5 -PoolSize 2 -Activation ReLU
        $fc = New-FullyConnectedLayer -Neurons 20 -Activation ReLU
        $softmax = New-SoftmaxLayer -Neurons 10
        $sweep = @($small | Invoke-SgdSweep -Grid @{ LearningRate = 0.1; Layers = ($conv, $softmax), ($conv, $fc, $softmax) } -Seed 3 -Epochs 2 | Sort-Object Index)
        $sweep.Count | Should -Be 2
        $sweep[0].Layers | Should -Be 'ConvPool 4@5x5, pool 2x2 relu + Softmax 10'
        $sweep[1].Settings | Should -Be 'Layers=ConvPool 4@5x5, pool 2x2 relu + FullyConnected 20 relu + Softmax 10; LearningRate=0.1'
        $sweep[1].Sizes | Should -BeNullOrEmpty
        # Its cost and initialisation are the network's, not the grid's defaults for Sizes; the layers name the activations.
        $sweep[1].Cost | Should -Be 'LogLikelihood'
        $sweep[1].Initialization | Should -Be 'FanIn'
        $sweep[1].Network.Cost.Kind | Should -Be 'LogLikelihood'
        $sweep[1].Activation | Should -BeNullOrEmpty
        $alone = New-Network -InputShape 1, 28, 28 -Layers $conv, $fc, $softmax -Seed 3
        $epochs = @($small | Invoke-SgdTraining -Network $alone -Epochs 2 -LearningRate 0.1 -Seed 3 -Threads 1)
        $sweep[1].EpochResults.Correct | Should -Be $epochs.Correct
        # A run's epoch results name its layers as its sweep result does, so a picture of either tells the runs apart.
        $epochs[0].Layers | Should -Be $sweep[1].Layers
        # ... and describe the run as it does: by Layers, not by the fully connected part's sizes or a network-wide activation.
        $epochs[0].Sizes | Should -Be $sweep[1].Sizes
        $epochs[0].Activation | Should -BeNullOrEmpty
        $epochs[0].OutputActivation | Should -BeNullOrEmpty
        $epochs[0].Cost | Should -Be $sweep[1].Cost
        [Linq.Enumerable]::SequenceEqual([float[]] $sweep[1].Network.ConvolutionalLayers[0].Weights, [float[]] $alone.ConvolutionalLayers[0].Weights) | Should -BeTrue
        # The results' text goes back in as it is: into New-Network, and through a CSV file into a grid.
        $fromText = New-Network -InputShape 1, 28, 28 -Layers $sweep[1].Layers -Seed 3
        [Linq.Enumerable]::SequenceEqual([float[]] $fromText.Layers[0].Weights, [float[]] (New-Network -InputShape 1, 28, 28 -Layers $conv, $fc, $softmax -Seed 3).Layers[0].Weights) | Should -BeTrue
        $csv = Join-Path $TestDrive 'layer-sweep.csv'
        $sweep | Select-Object Index, Layers, LearningRate, BestAccuracy | Export-Csv $csv
        $rows = @(Import-Csv $csv)
        $again = @($small | Invoke-SgdSweep -Grid @{ Layers = @($rows.Layers); LearningRate = 0.1 } -Seed 3 -Epochs 2 | Sort-Object Index)
        $again.Layers | Should -Be $sweep.Layers
        $again[1].EpochResults.Correct | Should -Be $sweep[1].EpochResults.Correct
        # Refused by New-Network with the reader's ErrorId, as a sweep refuses it (not PowerShell's binding error).
        { New-Network -InputShape 1, 28, 28 -Layers 'ConvPool 4@5x5 relu + Dense 10' } |
            Should -Throw '*Layer 2 of*Dense 10*ConvPool 20@5x5, pool 2x2 relu*' -ErrorId 'LayerTextInvalid,NndlPS.Commands.NewNetworkCommand'
        { New-Network -InputShape 1, 28, 28 -Layers 'FullyConnected 99999999999 relu + Softmax 10' } | Should -Throw -ErrorId 'LayerDesignInvalid,NndlPS.Commands.NewNetworkCommand'
        { $small | Invoke-SgdSweep -Grid @{ Layers = 'ConvPool 4@5x5 relu + Dense 10' } -Seed 3 -Epochs 1 } |
            Should -Throw -ErrorId 'LayerTextInvalid,NndlPS.Commands.InvokeSgdSweepCommand'
        # One list is one network; a list beside Sizes is refused, saying how to fix it.
        @($small | Invoke-SgdSweep -Grid @{ Layers = $conv, $softmax } -Seed 3 -Epochs 1).Count | Should -Be 1
        { $small | Invoke-SgdSweep -Grid @{ Layers = $conv, $softmax; Sizes = 784, 30, 10 } -Seed 3 -Epochs 1 } |
            Should -Throw -ErrorId 'SweepGridKeyConflict,NndlPS.Commands.InvokeSgdSweepCommand'
        { $small | Invoke-SgdSweep -Grid @{ Layers = ($conv, 'fc'), ($conv, $softmax) } -Seed 3 -Epochs 1 } |
            Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand'
        # Objects and texts side by side are one network to New-Network but would be two runs here: refused, not guessed.
        $mixed = { $small | Invoke-SgdSweep -Grid @{ Layers = $conv, 'Softmax 10' } -Seed 3 -Epochs 1 } |
            Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $mixed.Exception.Message | Should -Match 'mixes layer objects with texts'
    }

    It 'opens a convolutional network''s gradient, layer by layer, and checks it against central differences' {
        # The book's #4 fresh from New-Network (biases 0, so MNIST's white border puts ReLUs on their kinks).
        $net = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer 4 -Activation ReLU), (New-ConvPoolLayer 6 -Activation ReLU), (New-FullyConnectedLayer 10 -Activation ReLU), (New-SoftmaxLayer 10) -Seed 1
        $gradient = $net | Get-NetworkGradient $script:data.Training -First 20
        $gradient.Layers.Count | Should -Be 4
        $gradient.Layers[0].Convolutional | Should -BeTrue
        $gradient.Layers[1].InputSize, $gradient.Layers[1].OutputSize | Should -Be 100, 6 # 6 filters of 4x5x5
        $gradient.BiasNorms.Count | Should -Be 4
        "$gradient" | Should -Match '1x28x28 \[ConvPool 4@5x5'
        # Its table fits a console: the sizes in short (input, filters, then the fully connected layers' neurons), the cost and every ‖δ‖.
        $table = $gradient | Out-String -Width 120
        $table | Should -Match '1x28x28, conv 4, conv 6, 10, 10 +loglikelihood +20 '
        $table | Should -Match ([regex]::Escape(($gradient.BiasNorms | ForEach-Object { '{0:G3}' -f $_ }) -join ', '))
        $checks = $net | Test-NetworkGradient $script:data.Training -First 5 -ParametersPerLayer 12
        $checks.Count | Should -Be 4
        $checks | ForEach-Object { $_.Passed | Should -BeTrue -Because "$_" }
        $checks[0].WorstParameter | Should -Match '^(w\[\d+,0,\d,\d\]|b\[\d+\])$'
    }

    It 'records chapter 5''s speed of learning of every hidden layer, convolutional ones first, as Get-NetworkGradient measures it' {
        $net = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer 4 -Activation ReLU), (New-FullyConnectedLayer 10 -Activation ReLU), (New-SoftmaxLayer 10) -Seed 1
        $training = $script:data.Training.Slice('Training', 0, 300)
        $epochs = Invoke-SgdTraining -Network $net -TrainingData $training -Epochs 2 -LearningRate 0.03 -Monitor LayerSpeed -Seed 1
        $epochs[-1].LayerSpeed.Count | Should -Be 2
        # After the last epoch the network is as Get-NetworkGradient finds it: the same numbers, to the bit.
        $gradient = $net | Get-NetworkGradient $training
        $epochs[-1].LayerSpeed | Should -Be @($gradient.BiasNorms[0], $gradient.BiasNorms[1])
        $epochs[0].LayerSpeed[0] | Should -Not -Be $epochs[-1].LayerSpeed[0]
        # A network whose only layer of weights is its output has no hidden layer to watch.
        { New-Network -InputShape 1, 28, 28 -Layers (New-SoftmaxLayer 10) -Seed 1 | Invoke-SgdTraining -TrainingData $training -Epochs 1 -Monitor LayerSpeed } |
            Should -Throw -ErrorId 'ParameterHasNoEffect,NndlPS.Commands.InvokeSgdTrainingCommand'
    }

    It 'votes with convolutional and fully connected networks together' {
        $small = $script:data.Training.Slice('Training', 0, 2000)
        $test = $script:data.Test.Slice('Test', 0, 500)
        $nets = foreach ($seed in 1..3) {
            $n = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer 6 -Activation ReLU), (New-SoftmaxLayer 10) -Seed $seed
            $null = Invoke-SgdTraining -Network $n -TrainingData $small -Epochs 1 -LearningRate 0.05 -Seed $seed
            $n
        }
        $nets += New-Network 784, 30, 10 -Seed 4
        $vote = Test-Network -Network $nets -Data $test
        $vote.Total | Should -Be 500
        $vote.Members.Count | Should -Be 4
        $vote.Members[0].Correct | Should -Be (Test-Network -Network $nets[0] -Data $test).Correct
    }

    It 'trains a convolutional network on expanded data' {
        $small = Import-Mnist -First 600 -ValidationSize 0 -NoDownload | Expand-Mnist
        $small.Training.Count | Should -Be 3000
        $n = New-Network -InputShape 1, 28, 28 -Layers (New-ConvPoolLayer 4 -Activation ReLU), (New-SoftmaxLayer 10) -Seed 1
        $epochs = $small | Invoke-SgdTraining -Network $n -Epochs 1 -LearningRate 0.05 -Seed 1
        $epochs.Accuracy | Should -BeGreaterThan 0.5
    }
}
