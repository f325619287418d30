# Chapter 6's ensemble through the cmdlets: Test-Network and Invoke-Network given several networks vote, on real
# MNIST (3,000 images of each set, three [784, 30, 10] networks trained one epoch each), checked against what each
# network answers alone; one network, or networks piped one by one, behave as they always did.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:data = Import-Mnist -First 3000
    $script:nets = @(1..3 | ForEach-Object { ($script:data | Invoke-SgdTraining -Epochs 1 -Seed $_)[-1].Network })
    $script:vote = Test-Network -Network $script:nets -Data $script:data.Test
}

Describe 'Test-Network -Network $a, $b, $c: the plurality vote' {
    It 'returns one EnsembleResult whose confusion matrix counts every test image once' {
        $script:vote | Should -BeOfType ([NndlPS.Core.EnsembleResult])
        $script:vote.Total | Should -Be $script:data.Test.Count
        $cells = foreach ($actual in 0..9) { foreach ($predicted in 0..9) { $script:vote.Confusion.GetCount($actual, $predicted) } }
        ($cells | Measure-Object -Sum).Sum | Should -Be $script:data.Test.Count
        ($script:vote.ClassAccuracy | Measure-Object Correct -Sum).Sum | Should -Be $script:vote.Correct
        $script:vote.Accuracy | Should -Be ($script:vote.Correct / $script:vote.Total)
    }

    It 'gives each network the result Test-Network gives it alone' {
        $alone = @($script:nets | Test-Network -Data $script:data.Test)
        $alone.Count | Should -Be 3
        $script:vote.Members.Count | Should -Be 3
        for ($i = 0; $i -lt 3; $i++) {
            $script:vote.Members[$i].Correct | Should -Be $alone[$i].Correct
            $script:vote.Members[$i].Accuracy | Should -Be $alone[$i].Accuracy
        }
        $alone.Correct | Select-Object -Unique | Measure-Object | ForEach-Object Count | Should -BeGreaterThan 1 -Because 'three seeds, three different networks'
    }

    It 'counts as many right as a recount, in PowerShell, of each network''s own Invoke-Network answers' {
        $answers = @(foreach ($net in $script:nets) { , @($script:data.Test | Invoke-Network -Network $net) })
        $correct = 0; $ties = 0
        for ($i = 0; $i -lt $script:data.Test.Count; $i++) {
            $votes = [int[]]::new(10); $sums = [double[]]::new(10)
            foreach ($network in $answers) {
                $votes[$network[$i].Predicted]++
                for ($c = 0; $c -lt 10; $c++) { $sums[$c] += $network[$i].Outputs[$c] }
            }
            $most = ($votes | Measure-Object -Maximum).Maximum
            $tied = @(0..9 | Where-Object { $votes[$_] -eq $most })
            if ($tied.Count -gt 1) { $ties++ }
            # The tie rule: the largest summed outputs, then the lowest class (a stable sort keeps the lower first).
            $winner = $tied | Sort-Object -Stable -Descending { $sums[$_] } | Select-Object -First 1
            if ($winner -eq $answers[0][$i].Label) { $correct++ }
        }
        $script:vote.Correct | Should -Be $correct
        $script:vote.Ties | Should -Be $ties
    }

    It 'votes on an array piped whole (,$nets), and tests networks piped one by one each alone, as before' {
        $whole = @(, $script:nets | Test-Network -Data $script:data.Test)
        $whole.Count | Should -Be 1
        $whole[0].Correct | Should -Be $script:vote.Correct
        $one = Test-Network -Network $script:nets[0] -Data $script:data.Test
        $one | Should -BeOfType ([NndlPS.Core.EvaluationResult])
        $one.Correct | Should -Be $script:vote.Members[0].Correct
        ($script:data | Test-Network -Network $script:nets).Correct | Should -Be $script:vote.Correct
    }

    It 'shows the vote''s accuracy beside each network''s' {
        $lines = ($script:vote | Out-String).Trim() -split "`n"
        $lines[0] | Should -Match '^Correct\s+Total\s+Accuracy\s+Ties\s+Members$'
        $members = ($script:vote.Members | ForEach-Object { '{0:N2}%' -f (100 * $_.Accuracy) }) -join ' '
        $lines[2] | Should -Match ('^\s*{0}\s+{1}\s+{2:N2}%\s+{3}\s+{4}$' -f $script:vote.Correct, $script:vote.Total, (100 * $script:vote.Accuracy), $script:vote.Ties, [regex]::Escape($members))
    }

    It 'votes with networks that came back from serialization (Import-Clixml, remoting), and names a damaged one''s fault' {
        $back = @($script:nets | ForEach-Object { [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($_)) })
        (Test-Network -Network $back -Data $script:data.Test).Correct | Should -Be $script:vote.Correct
        $text = [System.Management.Automation.PSSerializer]::Serialize($script:nets[1]) -replace '"cost"', '"kost"'
        $damaged = [System.Management.Automation.PSSerializer]::Deserialize($text)
        $damaged.psobject.TypeNames | Should -Contain 'Deserialized.NndlPS.Core.Network'
        foreach ($use in { Test-Network -Network $script:nets[0], $damaged -Data $script:data.Test }, { Invoke-Network -Network $script:nets[0], $damaged -InputObject $script:data.Test }) {
            $err = $use | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError,*'
            $err.Exception.GetBaseException().ErrorId | Should -Be 'NetworkFileInvalid'
        }
    }

    It 'warns when the same network is given twice, which then votes twice' {
        $twice = Test-Network -Network $script:nets[0], $script:nets[1], $script:nets[0] -Data $script:data.Test -WarningVariable said -WarningAction SilentlyContinue
        "$said" | Should -BeLike '*network 3 is network 1*votes once for each time*'
        $twice.Members.Count | Should -Be 3
        $many = Test-Network -Network (@($script:nets[0]) * 40) -Data $script:data.Test.Slice('Test', 0, 10) -WarningVariable said -WarningAction SilentlyContinue
        "$said" | Should -BeLike '*network 6 is network 1 and 34 more*'
        "$said".Length | Should -BeLessThan 600
    }
}

Describe 'Invoke-Network -Network $a, $b, $c: one vote per input' {
    BeforeAll {
        $script:predictions = @($script:data.Test | Invoke-Network -Network $script:nets)
    }

    It 'answers every image with the vote Test-Network counts, and the votes beside it' {
        $script:predictions.Count | Should -Be $script:data.Test.Count
        @($script:predictions | Where-Object IsCorrect).Count | Should -Be $script:vote.Correct
        foreach ($p in $script:predictions[0..20]) {
            $p.MemberAnswers.Count | Should -Be 3
            ($p.VoteCounts | Measure-Object -Sum).Sum | Should -Be 3
            $p.Votes | Should -Be $p.VoteCounts[$p.Predicted]
            $p.Votes | Should -Be @($p.MemberAnswers | Where-Object { $_ -eq $p.Predicted }).Count
        }
    }

    It 'gives each network''s own answer, as Invoke-Network gives it alone' {
        $alone = @(foreach ($net in $script:nets) { , @(Get-MnistSample 0..49 -Data $script:data.Test | Invoke-Network -Network $net) })
        for ($i = 0; $i -lt 50; $i++) {
            $script:predictions[$i].MemberAnswers | Should -Be @($alone[0][$i].Predicted, $alone[1][$i].Predicted, $alone[2][$i].Predicted)
        }
    }

    It 'votes the same on samples from Get-MnistSample as on the whole set' {
        $samples = @(Get-MnistSample 0..49 -Data $script:data.Test | Invoke-Network -Network $script:nets)
        $samples.Predicted | Should -Be $script:predictions[0..49].Predicted
        $samples.Votes | Should -Be $script:predictions[0..49].Votes
        $samples.Index | Should -Be (0..49)
    }

    It 'draws an image''s vote with the count of networks that voted for it' {
        $p = $script:predictions[0]
        ($p | Out-String) | Should -Match ('Test\[0\]: label {0} \({0}\), predicted {1} \({2} of 3 votes\)' -f $p.Label, $p.Predicted, $p.Votes)
        $one = $script:data.Test | Get-MnistSample 0 | Invoke-Network -Network $script:nets[0]
        ($one | Out-String) | Should -Not -Match 'votes'
        $one.Votes | Should -BeNullOrEmpty
    }

    It 'lets Export-MnistImage draw the vote''s mistakes' {
        $path = Join-Path $TestDrive 'wrong.png'
        $file = $script:predictions | Where-Object { -not $_.IsCorrect } | Export-MnistImage $path -First 10
        $file.Name | Should -Be 'wrong.png'
    }

    It 'votes on numbers: chapter 1''s NAND, OR and AND together answer as OR' {
        $nand = New-Network 2, 1 -Activation Step -Weights -2, -2 -Biases 3
        $or = New-Network 2, 1 -Activation Step -Weights 2, 2 -Biases -1
        $and = New-Network 2, 1 -Activation Step -Weights 2, 2 -Biases -3
        $answers = @(Invoke-Network -Network $nand, $or, $and -InputObject (0, 0), (0, 1), (1, 0), (1, 1))
        $answers.Predicted | Should -Be 0, 1, 1, 1
        $answers.Votes | Should -Be 2, 2, 2, 2
        $answers[0].MemberAnswers | Should -Be 1, 0, 0
    }
}

Describe 'Several networks refused' {
    It '<Command> refuses networks of other output sizes with EnsembleShapeMismatch, naming the network and its sizes' -TestCases @(
        @{ Command = 'Test-Network'; Use = { Test-Network -Network $script:nets[0], (New-Network 784, 30, 5 -Seed 1) -Data $script:data.Test } }
        @{ Command = 'Invoke-Network'; Use = { Invoke-Network -Network $script:nets[0], (New-Network 784, 30, 5 -Seed 1) -InputObject $script:data.Test } }
    ) {
        $err = $Use | Should -Throw -ErrorId "EnsembleShapeMismatch,NndlPS.Commands.$($Command -replace '-')Command" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike 'Network 2 of 2, `[784, 30, 5`], takes 784 inputs and has 5 outputs, but network 1, `[784, 30, 10`]*Leave network 2 out*'
    }

    It 'refuses convolutional networks of other image shapes, though both take 784 numbers (a raw input read as two pictures)' {
        $square = New-Network -InputShape 1, 28, 28 -Layers 'ConvPool 2@5x5, pool 2x2 relu + Softmax 10' -Seed 1
        $wide = New-Network -InputShape 1, 14, 56 -Layers 'ConvPool 2@5x5, pool 2x2 relu + Softmax 10' -Seed 1
        $err = { Invoke-Network -Network $square, $wide -InputObject (, [double[]]::new(784)) } |
            Should -Throw -ErrorId 'EnsembleShapeMismatch,NndlPS.Commands.InvokeNetworkCommand' -PassThru
        $err.Exception.Message | Should -BeLike 'Network 2 of 2,*1x14x56*network 1,*1x28x28*Leave network 2 out*'
        { Test-Network -Network $square, $wide -Data $script:data.Test } | Should -Throw -ErrorId 'EnsembleShapeMismatch,NndlPS.Commands.TestNetworkCommand'
    }

    It 'refuses networks that do not fit the data with NetworkShapeMismatch, naming them all' {
        $err = { Test-Network -Network (New-Network 4, 10 -Seed 1), (New-Network 4, 3, 10 -Seed 2) -Data $script:data.Test } |
            Should -Throw -ErrorId 'NetworkShapeMismatch,NndlPS.Commands.TestNetworkCommand' -PassThru
        $err.Exception.Message | Should -BeLike 'The 2 networks (`[4, 10`], `[4, 3, 10`]) do not fit the Test data*784 inputs and 10 outputs*'
    }

    It 'refuses a $null among the networks with NetworkRequired, saying which' {
        $err = { Test-Network -Network $script:nets[0], $null -Data $script:data.Test } | Should -Throw -ErrorId 'NetworkRequired,NndlPS.Commands.TestNetworkCommand' -PassThru
        $err.Exception.Message | Should -BeLike 'Network 2 of the 2*$null*'
        { Test-Network -Network @() -Data $script:data.Test } | Should -Throw -ErrorId 'NetworkRequired,NndlPS.Commands.TestNetworkCommand'
    }
}
