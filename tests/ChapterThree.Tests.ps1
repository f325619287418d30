# Chapter 3's options through the cmdlets: neurons, costs, initialisation, L2, momentum, the schedule, early
# stopping and monitoring, on small generated data; then the book's recipes on real MNIST.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 600 -Test 100
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 100
}

Describe 'New-Network with chapter 3''s neurons and costs' {
    It 'builds <Activation> hidden neurons, a <Output> output and the <Cost> cost' -TestCases @(
        @{ Activation = 'Sigmoid'; Output = 'Sigmoid'; Cost = 'CrossEntropy' }
        @{ Activation = 'Tanh'; Output = 'Softmax'; Cost = 'LogLikelihood' }
        @{ Activation = 'ReLU'; Output = 'Softmax'; Cost = 'Quadratic' }
    ) {
        $net = New-Network 784, 20, 10 -Activation $Activation -OutputActivation $Output -Cost $Cost -Seed 1
        $net.Layers[0].Activation.Kind | Should -Be $Activation
        $net.Layers[1].Activation.Kind | Should -Be $Output
        $net.Cost.Kind | Should -Be $Cost
    }

    It 'keeps the chapter-1 defaults: sigmoid, quadratic, N(0, 1)' {
        $net = New-Network 784, 30, 10 -Seed 1
        "$net" | Should -Match 'sigmoid, quadratic cost'
        ($net.Layers[0].Weights | Measure-Object -StandardDeviation).StandardDeviation | Should -BeGreaterThan 0.9
    }

    It 'scales the initial weights by 1/sqrt(n_in) with -Initialization ScaledGaussian' {
        $net = New-Network 784, 30, 10 -Initialization ScaledGaussian -Seed 1
        ($net.Layers[0].Weights | Measure-Object -StandardDeviation).StandardDeviation | Should -BeLessThan 0.05
    }

    It 'refuses <Cost> with a <Output> output layer: <ErrorId>' -TestCases @(
        @{ Output = 'Sigmoid'; Cost = 'LogLikelihood'; ErrorId = 'CostOutputMismatch' }
        @{ Output = 'Softmax'; Cost = 'CrossEntropy'; ErrorId = 'CostOutputMismatch' }
    ) {
        { New-Network 784, 10 -OutputActivation $Output -Cost $Cost } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.NewNetworkCommand"
    }

    It 'refuses softmax in a hidden layer' {
        { New-Network 784, 30, 10 -Activation Softmax } | Should -Throw -ErrorId 'SoftmaxOnlyOnOutput,NndlPS.Commands.NewNetworkCommand'
    }

    It 'refuses to train step neurons, saying why' {
        $perceptron = New-Network 4, 10 -Activation Step -Seed 1
        $err = { $script:tinyData | Invoke-SgdTraining -Network $perceptron -Epochs 1 } | Should -Throw -ErrorId 'ActivationNotTrainable,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'sigmoid'
    }
}

Describe 'Invoke-SgdTraining with chapter 3''s learning' {
    It 'trains every trainable pairing: <Activation>/<Output>/<Cost>' -TestCases @(
        @{ Activation = 'Sigmoid'; Output = 'Sigmoid'; Cost = 'CrossEntropy'; Eta = 0.5 }
        @{ Activation = 'Sigmoid'; Output = 'Softmax'; Cost = 'LogLikelihood'; Eta = 0.5 }
        @{ Activation = 'Tanh'; Output = 'Softmax'; Cost = 'LogLikelihood'; Eta = 0.1 }
        @{ Activation = 'ReLU'; Output = 'Softmax'; Cost = 'LogLikelihood'; Eta = 0.1 }
    ) {
        $net = New-Network 4, 30, 10 -Activation $Activation -OutputActivation $Output -Cost $Cost -Initialization ScaledGaussian -Seed 1
        $before = ($net | Test-Network -Data $script:tinyData.Test).Accuracy
        $epochs = @($script:tinyData | Invoke-SgdTraining -Network $net -Epochs 5 -LearningRate $Eta -Seed 1)
        $epochs[-1].Accuracy | Should -BeGreaterThan ($before + 0.3)
    }

    It 'shrinks the weights with -Lambda (L2 regularisation)' {
        $norms = foreach ($lambda in 0, 50) {
            $net = New-Network 4, 30, 10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 2
            $null = $script:tinyData | Invoke-SgdTraining -Network $net -Epochs 3 -LearningRate 0.5 -Lambda $lambda -Seed 2
            ($net.Layers[0].Weights | ForEach-Object { $_ * $_ } | Measure-Object -Sum).Sum
        }
        $norms[1] | Should -BeLessThan ($norms[0] * 0.8)
    }

    It 'carries lambda and momentum on every epoch and learns with -Momentum' {
        $net = New-Network 4, 30, 10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 3
        $epochs = @($script:tinyData | Invoke-SgdTraining -Network $net -Epochs 3 -LearningRate 0.1 -Momentum 0.9 -Lambda 1 -Seed 3)
        $epochs[-1].Momentum | Should -Be ([float] 0.9)
        $epochs[-1].Lambda | Should -Be 1
        $epochs[-1].Accuracy | Should -BeGreaterThan 0.5
    }

    It 'refuses -Momentum 1 and a negative -Lambda: <ErrorId>' -TestCases @(
        @{ Arguments = @{ Momentum = 1 }; ErrorId = 'InvalidMomentum' }
        @{ Arguments = @{ Lambda = -1 }; ErrorId = 'InvalidLambda' }
        @{ Arguments = @{ LearningRate = 1; MinimumLearningRate = 2; LearningRateSchedule = 'HalveOnPlateau' }; ErrorId = 'InvalidMinimumLearningRate' }
    ) {
        { $script:tinyData | Invoke-SgdTraining -Epochs 1 @Arguments } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.InvokeSgdTrainingCommand"
    }

    It 'carries the four monitored series, so Export-Csv is one line' {
        $csv = Join-Path $TestDrive 'curves.csv'
        $script:tinyData | Invoke-SgdTraining -Epochs 3 -Seed 4 -Monitor TrainingCost, TrainingAccuracy, EvaluationCost, EvaluationAccuracy |
            Select-Object Epoch, TrainingCost, TrainingAccuracy, EvaluationCost, EvaluationAccuracy | Export-Csv $csv
        $rows = @(Import-Csv $csv)
        $rows.Count | Should -Be 3
        [double] $rows[2].TrainingCost | Should -BeLessThan ([double] $rows[0].TrainingCost)
        $rows | ForEach-Object { [double] $_.EvaluationAccuracy | Should -BeGreaterThan 0 }
    }

    It 'halves eta on plateaus with -LearningRateSchedule HalveOnPlateau and stops below the floor, saying so' {
        $epochs = @($script:tinyData | Invoke-SgdTraining -Epochs 200 -LearningRate 1 -LearningRateSchedule HalveOnPlateau -Patience 1 -MinimumLearningRate 0.1 -Seed 5 -InformationVariable info)
        $epochs.Count | Should -BeLessThan 200
        $epochs[-1].StopReason | Should -Match 'below'
        ($epochs.LearningRate | Select-Object -Unique).Count | Should -BeGreaterThan 1
        $epochs | ForEach-Object { $_.ValidationAccuracy | Should -Not -BeNullOrEmpty }
        "$info" | Should -Match 'Learning-rate schedule'
    }

    It 'stops early at the best validation epoch''s weights with -EarlyStopping' {
        $net = New-Network 4, 30, 10 -Seed 6
        $epochs = @($script:tinyData | Invoke-SgdTraining -Network $net -Epochs 200 -LearningRate 3 -EarlyStopping 2 -Seed 6)
        $epochs.Count | Should -BeLessThan 200
        $best = $epochs | Sort-Object ValidationAccuracy -Descending | Select-Object -First 1
        $epochs[-1].StopReason | Should -Match "epoch $($best.Epoch)"
        $net | Test-Network -Data $script:tinyData.Validation | ForEach-Object Accuracy | Should -Be $best.ValidationAccuracy
    }

    It 'refuses <Name>, which would have no effect' -TestCases @(
        @{ Name = '-Patience without the schedule'; Arguments = @{ Patience = 4 }; Target = 'Patience' }
        @{ Name = '-Patience with only -EarlyStopping'; Arguments = @{ Patience = 4; EarlyStopping = 3 }; Target = 'Patience' }
        @{ Name = '-MinimumLearningRate without the schedule'; Arguments = @{ MinimumLearningRate = 0.1 }; Target = 'MinimumLearningRate' }
        @{ Name = '-ValidationData that nothing watches'; Arguments = @{ ValidationData = 'validation' }; Target = 'ValidationData' }
        @{ Name = '-Monitor EvaluationAccuracy without test data'; Arguments = @{ Monitor = 'EvaluationAccuracy' }; Target = 'Monitor' }
    ) {
        if ($Arguments.ValidationData) { $Arguments.ValidationData = $script:tinyData.Validation }
        $net = New-Network 4, 30, 10 -Seed 7
        $err = { $net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -Epochs 1 @Arguments } |
            Should -Throw -ErrorId 'ParameterHasNoEffect,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Target
        $err.Exception.Message | Should -Match "-$Target"
    }

    It 'asks for a validation set when the schedule or early stopping has none' {
        $net = New-Network 4, 30, 10 -Seed 7
        { $net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -EarlyStopping 3 -Epochs 2 } |
            Should -Throw -ErrorId 'ValidationDataRequired,NndlPS.Commands.InvokeSgdTrainingCommand'
    }
}

Describe 'Chapter 3''s recipes on real MNIST' -Tag 'Mnist' {
    BeforeAll {
        $script:mnist = Import-Mnist -NoDownload
    }

    It 'reaches 97.6% with <Name>, lambda 5, eta 0.5, 30 epochs (seed <Seed>)' -TestCases @(
        @{ Name = 'cross-entropy'; Seed = 1; Design = @{ Cost = 'CrossEntropy' } }
        @{ Name = 'cross-entropy'; Seed = 2; Design = @{ Cost = 'CrossEntropy' } }
        @{ Name = 'cross-entropy'; Seed = 3; Design = @{ Cost = 'CrossEntropy' } }
        @{ Name = 'softmax + log-likelihood'; Seed = 1; Design = @{ OutputActivation = 'Softmax'; Cost = 'LogLikelihood' } }
        @{ Name = 'softmax + log-likelihood'; Seed = 2; Design = @{ OutputActivation = 'Softmax'; Cost = 'LogLikelihood' } }
        @{ Name = 'softmax + log-likelihood'; Seed = 3; Design = @{ OutputActivation = 'Softmax'; Cost = 'LogLikelihood' } }
    ) {
        $net = New-Network 784, 100, 10 -Initialization ScaledGaussian -Seed $Seed @Design
        $epochs = @($script:mnist | Invoke-SgdTraining -Network $net -Epochs 30 -LearningRate 0.5 -Lambda 5 -Seed $Seed)
        $best = $epochs | Sort-Object Accuracy -Descending | Select-Object -First 1
        Write-Host ("    {0}, seed {1}: best epoch {2}: {3} / 10000 ({4:P2}); {5:N2} s per epoch" -f $Name, $Seed, $best.Epoch, $best.Correct, $best.Accuracy, (($epochs | Measure-Object Seconds -Average).Average))
        $best.Accuracy | Should -BeGreaterOrEqual 0.976
    }
}
