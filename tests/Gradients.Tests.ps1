# Chapters 2 and 5 through the cmdlets: Get-NetworkGradient, Test-NetworkGradient, -Monitor LayerSpeed and its picture.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:data = Import-Mnist -First 300 -NoDownload
}

Describe 'Get-NetworkGradient' {
    It 'gives every layer''s gradient over the first images, with the norms the view shows' {
        $g = New-Network 784, 30, 10 -Seed 1 | Get-NetworkGradient $script:data.Training -First 50
        $g.Samples | Should -Be 50
        $g.Layers.Count | Should -Be 2
        $g.Layers[0].Weights.Count | Should -Be (784 * 30)
        $g.Layers[1].Biases.Count | Should -Be 10
        $g.BiasNorms[1] | Should -Be $g.Layers[1].BiasNorm
        $g.Cost | Should -BeGreaterThan 0
        ($g | Out-String) | Should -Match 'quadratic\s+50'
    }

    It 'gives one image''s gradient with -Index, where dC/dw = a(k) * delta(j) (BP4)' {
        $net = New-Network 784, 10 -Seed 2
        $g = $net | Get-NetworkGradient $script:data.Training -Index 7
        $pixels = (Get-MnistSample 7 -Data $script:data.Training).Pixels
        $j = 3; $k = 0
        for ($i = 1; $i -lt $pixels.Count; $i++) { if ($pixels[$i] -gt $pixels[$k]) { $k = $i } }
        $pixels[$k] | Should -BeGreaterThan 0.5
        $g.Layers[0].GetWeight($j, $k) | Should -BeGreaterThan ($pixels[$k] * $g.Layers[0].Errors[$j] - 1e-6)
        $g.Layers[0].GetWeight($j, $k) | Should -BeLessThan ($pixels[$k] * $g.Layers[0].Errors[$j] + 1e-6)
    }

    It 'takes the whole set when -First is larger, as Select-Object -First does' {
        (New-Network 784, 10 -Seed 1 | Get-NetworkGradient $script:data.Training -First 100000).Samples | Should -Be 300
    }

    It 'leaves the network as it was' {
        $net = New-Network 784, 20, 10 -Seed 1
        $before = $net.Clone()
        $null = $net | Get-NetworkGradient $script:data.Training
        $net.Layers[0].Weights | Should -Be $before.Layers[0].Weights
    }

    It 'refuses <Case>: <ErrorId>' -TestCases @(
        @{ Case = 'an index outside the set'; Command = { New-Network 784, 10 -Seed 1 | Get-NetworkGradient $script:data.Training -Index 300 }; ErrorId = 'SampleRangeInvalid' }
        @{ Case = 'a network that does not fit the images'; Command = { New-Network 10, 10 -Seed 1 | Get-NetworkGradient $script:data.Training }; ErrorId = 'NetworkShapeMismatch' }
        @{ Case = 'perceptrons, which have no gradient'; Command = { New-Network 784, 10 -Activation Step -Seed 1 | Get-NetworkGradient $script:data.Training }; ErrorId = 'ActivationNotTrainable' }
    ) {
        $Command | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.GetNetworkGradientCommand"
    }
}

Describe 'Test-NetworkGradient' {
    It 'passes backpropagation for <Name>, far inside the tolerance' -TestCases @(
        @{ Name = 'the book''s network'; Design = @{} }
        @{ Name = 'cross-entropy'; Design = @{ Cost = 'CrossEntropy'; Initialization = 'ScaledGaussian' } }
        @{ Name = 'ReLU, softmax, log-likelihood'; Design = @{ Activation = 'ReLU'; OutputActivation = 'Softmax'; Cost = 'LogLikelihood'; Initialization = 'ScaledGaussian' } }
        @{ Name = 'tanh'; Design = @{ Activation = 'Tanh'; OutputActivation = 'Sigmoid'; Cost = 'CrossEntropy'; Initialization = 'ScaledGaussian' } }
    ) {
        $results = @(New-Network 784, 20, 10 @Design -Seed 1 | Test-NetworkGradient $script:data.Training -First 5 -ParametersPerLayer 12)
        $results.Count | Should -Be 2
        foreach ($result in $results) {
            $result.Passed | Should -BeTrue
            $result.MaxRelativeError | Should -BeLessThan 1e-3
            ($result.WeightsChecked + $result.BiasesChecked) | Should -Be 12
        }
    }

    It 'refuses a step that is not a positive number: GradientCheckSettingInvalid' {
        { New-Network 784, 10 -Seed 1 | Test-NetworkGradient $script:data.Training -Epsilon 0 } |
            Should -Throw -ErrorId 'GradientCheckSettingInvalid,NndlPS.Commands.TestNetworkGradientCommand'
    }
}

Describe 'Invoke-SgdTraining -Monitor LayerSpeed' {
    It 'records each hidden layer''s speed and trains the same bits as without it' {
        $watched = New-Network 784, 20, 15, 10 -Seed 3
        $plain = $watched.Clone()
        $run = $script:data | Invoke-SgdTraining -Network $watched -Epochs 2 -Seed 3 -Monitor LayerSpeed
        $null = $script:data | Invoke-SgdTraining -Network $plain -Epochs 2 -Seed 3
        $run[1].LayerSpeed.Count | Should -Be 2
        $run[1].LayerSpeed[0] | Should -BeGreaterThan 0
        $watched.Layers[0].Weights | Should -Be $plain.Layers[0].Weights
        ($run[1] | Out-String) | Should -Match 'layer speeds'
    }

    It 'draws the speeds on a log axis with Export-LearningCurve -LayerSpeed, also after Export-Clixml' {
        $run = $script:data | Invoke-SgdTraining -Network (New-Network 784, 20, 15, 10 -Seed 3) -Epochs 3 -Seed 3 -Monitor LayerSpeed
        $run | Export-Clixml (Join-Path $TestDrive 'run.xml')
        $file = Import-Clixml (Join-Path $TestDrive 'run.xml') | Export-LearningCurve (Join-Path $TestDrive 'speed.png') -LayerSpeed
        $file.Length | Should -BeGreaterThan 1000
    }

    It 'refuses to draw speeds that were not recorded: PictureEmpty' {
        $run = $script:data | Invoke-SgdTraining -Network (New-Network 784, 20, 10 -Seed 3) -Epochs 1 -Seed 3
        { $run | Export-LearningCurve (Join-Path $TestDrive 'none.png') -LayerSpeed } |
            Should -Throw -ErrorId 'PictureEmpty,NndlPS.Commands.ExportLearningCurveCommand'
        Test-Path (Join-Path $TestDrive 'none.png') | Should -BeFalse
    }
}
