# Chapter 1's exercises through the cmdlets: perceptrons built by hand (NAND, the adder), perceptrons against
# sigmoid neurons, then on real MNIST the binary output layer, the network without a hidden layer and online learning.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule

    # The adder of two bits from the chapter, in layers: our networks connect only consecutive layers, so where
    # the book wires x1 and x2 past the first NAND gate, a "wire" perceptron (weight 1, bias -0.5) carries each
    # bit forward one layer. Layer 1: g1 = NAND(x1, x2) and the wires; layer 2: NAND(x1, g1), NAND(x2, g1) and
    # the carry NAND(g1, g1) (the book's weight -4: both inputs from g1); layer 3: the sum NAND and the carry's wire.
    $script:adder = @{
        Sizes   = 2, 3, 3, 2
        Weights = ((-2, -2), (1, 0), (0, 1)), ((-2, -2, 0), (-2, 0, -2), (-4, 0, 0)), ((-2, -2, 0), (0, 0, 1))
        Biases  = (3, -0.5, -0.5), (3, 3, 3), (3, -0.5)
    }
    $script:nand = @{ Sizes = 2, 1; Weights = -2, -2; Biases = 3 }
    $script:inputs = (0, 0), (0, 1), (1, 0), (1, 1)

    # Every weight and bias times c, in a copy.
    function Get-ScaledNetwork($Network, [float] $C) {
        $copy = $Network.Clone()
        foreach ($layer in $copy.Layers) {
            for ($i = 0; $i -lt $layer.Weights.Length; $i++) { $layer.Weights[$i] *= $C }
            for ($i = 0; $i -lt $layer.Biases.Length; $i++) { $layer.Biases[$i] *= $C }
        }
        $copy
    }

    # The largest difference between two networks' outputs over the given inputs.
    function Get-LargestDifference($First, $Second, $Inputs) {
        [double] $largest = 0
        foreach ($x in $Inputs) {
            $a = $First.FeedForward([float[]] $x); $b = $Second.FeedForward([float[]] $x)
            for ($j = 0; $j -lt $a.Length; $j++) { $largest = [Math]::Max($largest, [Math]::Abs([double] $a[$j] - [double] $b[$j])) }
        }
        $largest
    }
}

Describe 'Perceptrons built by hand (New-Network -Activation Step -Weights -Biases)' {
    It 'the NAND perceptron (weights -2, -2, bias 3) gives <Out> for <X1>, <X2>' -TestCases @(
        @{ X1 = 0; X2 = 0; Out = 1 }, @{ X1 = 0; X2 = 1; Out = 1 }, @{ X1 = 1; X2 = 0; Out = 1 }, @{ X1 = 1; X2 = 1; Out = 0 }
    ) {
        $nand = New-Network -Activation Step @script:nand
        $nand.FeedForward([float[]] ($X1, $X2)) | Should -Be $Out
    }

    It 'the adder of NAND perceptrons gives sum <Sum> and carry <Carry> for <X1> + <X2>' -TestCases @(
        @{ X1 = 0; X2 = 0; Sum = 0; Carry = 0 }, @{ X1 = 0; X2 = 1; Sum = 1; Carry = 0 }
        @{ X1 = 1; X2 = 0; Sum = 1; Carry = 0 }, @{ X1 = 1; X2 = 1; Sum = 0; Carry = 1 }
    ) {
        $adder = New-Network -Activation Step @script:adder
        $adder.FeedForward([float[]] ($X1, $X2)) | Should -Be @($Sum, $Carry)
    }

    It 'multiplying every weight and bias by c = <C> leaves the perceptrons'' outputs unchanged' -TestCases @(
        @{ C = 0.01 }, @{ C = 0.5 }, @{ C = 7 }, @{ C = 1000 }
    ) {
        foreach ($definition in $script:nand, $script:adder) {
            $net = New-Network -Activation Step @definition
            Get-LargestDifference $net (Get-ScaledNetwork $net $C) $script:inputs | Should -Be 0
        }
    }

    It 'sigmoid neurons with the same weights and biases times c approach the perceptrons as c grows' {
        foreach ($definition in $script:nand, $script:adder) {
            $perceptrons = New-Network -Activation Step @definition
            $sigmoid = New-Network -Activation Sigmoid @definition
            $gaps = foreach ($c in 1, 2, 4, 8) { Get-LargestDifference $perceptrons (Get-ScaledNetwork $sigmoid $c) $script:inputs }
            for ($i = 1; $i -lt $gaps.Count; $i++) { $gaps[$i] | Should -BeLessThan $gaps[$i - 1] }
            $gaps[0] | Should -BeGreaterThan 0.1 # at c = 1 the sigmoid network is visibly not the perceptrons
            # By c = 64 every |z| is at least 32, and float32's sigmoid rounds to exactly 0 or 1.
            Get-LargestDifference $perceptrons (Get-ScaledNetwork $sigmoid 64) $script:inputs | Should -BeLessThan 1e-6
        }
    }

    It 'except where w.x + b = 0: there the sigmoid neuron stays at 1/2 for every c, the perceptron at 0' {
        $perceptron = New-Network 2, 1 -Activation Step -Weights 1, 1 -Biases -1
        $sigmoid = New-Network 2, 1 -Activation Sigmoid -Weights 1, 1 -Biases -1
        $perceptron.FeedForward([float[]] (1, 0)) | Should -Be 0
        foreach ($c in 1, 100, 10000) { (Get-ScaledNetwork $sigmoid $c).FeedForward([float[]] (1, 0)) | Should -Be 0.5 }
    }

    It 'Add-NetworkLayer appends a layer and returns a new network, leaving the original as it was' {
        $nand = New-Network -Activation Step @script:nand
        $and = $nand | Add-NetworkLayer -Weights -2 -Biases 1 # NOT after NAND
        $and.Sizes | Should -Be @(2, 1, 1)
        $nand.Sizes | Should -Be @(2, 1)
        foreach ($x in $script:inputs) { $and.FeedForward([float[]] $x) | Should -Be ([int] ($x[0] -and $x[1])) }
        $and.Layers[0].Weights[0] = 5
        $nand.Layers[0].Weights[0] | Should -Be -2
        ($nand | Add-NetworkLayer -Weights (1), (-1) -Biases 0, 0 -Activation Sigmoid).Layers[1].Activation.Kind | Should -Be 'Sigmoid'
    }

    It 'takes a one-layer network''s rows alone, and the same rows as one layer of a longer list' {
        $wires = New-Network -Sizes 2, 2 -Activation Step -Weights (1, 0), (0, 1) -Biases -0.5, -0.5
        foreach ($x in $script:inputs) { $wires.FeedForward([float[]] $x) | Should -Be $x }
        $same = New-Network -Sizes 2, 2 -Activation Step -Weights (, ((1, 0), (0, 1))) -Biases (, (-0.5, -0.5))
        $same.Layers[0].Weights | Should -Be $wires.Layers[0].Weights
        $same.Layers[0].Biases | Should -Be $wires.Layers[0].Biases
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a row of three weights into a neuron with two inputs'; ErrorId = 'NetworkWeightsShapeMismatch'; Sizes = 2, 1; Weights = (, (1, 2, 3)); Biases = , 1 }
        @{ Case = 'two rows for a layer of one neuron'; ErrorId = 'NetworkWeightsShapeMismatch'; Sizes = 2, 1; Weights = (, ((1, 2), (3, 4))); Biases = , 1 }
        @{ Case = 'two biases for one neuron'; ErrorId = 'NetworkBiasesShapeMismatch'; Sizes = 2, 1; Weights = (, (1, 2)); Biases = (, (1, 2)) }
        @{ Case = 'weights for one layer of a two-layer network'; ErrorId = 'NetworkLayerCountMismatch'; Sizes = 2, 2, 1; Weights = (, (1, 2, 3, 4)); Biases = (1, 1), 1 }
        @{ Case = 'a weight that is not a number'; ErrorId = 'NetworkParameterNotANumber'; Sizes = 2, 1; Weights = 'heavy', 1; Biases = 1 }
    ) {
        { New-Network -Sizes $Sizes -Activation Step -Weights $Weights -Biases $Biases } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.NewNetworkCommand"
    }

    It 'Add-NetworkLayer refuses weights that do not fit the network''s output layer' {
        $nand = New-Network -Activation Step @script:nand
        { $nand | Add-NetworkLayer -Weights 1, 2 -Biases 0 } | Should -Throw -ErrorId 'NetworkWeightsShapeMismatch,NndlPS.Commands.AddNetworkLayerCommand'
    }
}

Describe 'Chapter 1 on real MNIST' {
    BeforeAll {
        $script:mnist = Import-Mnist
    }

    It 'a hand-set layer turning the ten digit outputs into four bits decodes to the arg-max digit for at least 99% of test images' {
        $net = New-Network 784, 30, 10 -Seed 1
        $null = $net | Invoke-SgdTraining -TrainingData $script:mnist.Training -Epochs 30 -Seed 1
        # Bit b's neuron adds the outputs of the digits whose bit b is 1 and subtracts the others (weights +-10,
        # bias 0): when the winning output dominates, as the book assumes (>= 0.99 against <= 0.01), its bits win.
        $weights = foreach ($b in 0..3) { , [float[]] (0..9 | ForEach-Object { 10 * (2 * (($_ -shr $b) -band 1) - 1) }) }
        $bits = $net | Add-NetworkLayer -Weights $weights -Biases 0, 0, 0, 0
        $agree = 0; $unsure = 0
        for ($i = 0; $i -lt $script:mnist.Test.Count; $i++) {
            $x = $script:mnist.Test.GetImage($i)
            $digit = $net.Predict($x)
            $code = 0; $b = 0
            foreach ($bit in $bits.FeedForward($x)) { if ($bit -gt 0.5) { $code += 1 -shl $b }; $b++ }
            if ($code -eq $digit) { $agree++; continue }
            # Where the book's assumption holds, |z| >= 10 (0.99 - 9 x 0.01) > 0 with the winner's sign in every
            # bit, so a disagreement can only come from an image where it does not.
            $outputs = @($net.FeedForward($x) | Sort-Object -Descending)
            if ($outputs[0] -lt 0.99 -or $outputs[1] -gt 0.01) { $unsure++ }
        }
        $differ = $script:mnist.Test.Count - $agree
        Write-Host "    binary layer: $agree / 10000 decode to the arg-max digit; all $differ others break the book's assumption: $unsure"
        $agree | Should -BeGreaterOrEqual 9900
        $unsure | Should -Be $differ
    }

    It '[784, 10] trained with the book''s settings (30 epochs, mini-batch 10, eta 3.0) learns, but less than with a hidden layer' {
        $epochs = @(New-Network 784, 10 -Seed 1 | Invoke-SgdTraining -TrainingData $script:mnist.Training -TestData $script:mnist.Test -Epochs 30 -MiniBatchSize 10 -LearningRate 3.0 -Seed 1)
        $best = $epochs | Sort-Object Accuracy -Descending | Select-Object -First 1
        Write-Host ("    [784, 10], seed 1: best epoch {0}: {1} / 10000 ({2:P2})" -f $best.Epoch, $best.Correct, $best.Accuracy)
        $best.Accuracy | Should -BeGreaterThan 0.7
        $best.Accuracy | Should -BeLessThan 0.9
    }

    It 'online learning (mini-batch 1) against mini-batch 20 at the same eta/m = 0.3' {
        $rows = foreach ($m in 1, 20) {
            $epochs = @(New-Network 784, 30, 10 -Seed 1 | Invoke-SgdTraining -TrainingData $script:mnist.Training -TestData $script:mnist.Test -Epochs 3 -MiniBatchSize $m -LearningRate (0.3 * $m) -Seed 1)
            [pscustomobject]@{ MiniBatch = $m; Eta = 0.3 * $m; Best = ($epochs | Measure-Object Accuracy -Maximum).Maximum; SecondsPerEpoch = ($epochs | Measure-Object Seconds -Average).Average }
        }
        foreach ($row in $rows) { Write-Host ("    mini-batch {0,2}, eta {1,3}: best of 3 epochs {2:P2}, {3:N2} s/epoch" -f $row.MiniBatch, $row.Eta, $row.Best, $row.SecondsPerEpoch) }
        $rows | ForEach-Object { $_.Best | Should -BeGreaterThan 0.9 }
    }
}
