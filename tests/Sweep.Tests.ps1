# Invoke-SgdSweep on this computer: every run equal to the same training done alone, shards that partition the
# grid and merge back, errors, and Ctrl+C. Small generated data; the remoting tests are in SweepRemoting.Tests.ps1.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 600 -Test 100
    $script:data = Import-Mnist -Path $script:tiny -ValidationSize 100
    $script:grid = @{ LearningRate = 0.5, 3; Sizes = (4, 8, 10), (4, 20, 10); MiniBatchSize = 10, 25 }
    $script:sweep = @($script:data | Invoke-SgdSweep -Grid $script:grid -Seed 1, 2 -Epochs 3 -ThrottleLimit 2)
}

Describe 'Invoke-SgdSweep' {
    It 'trains every combination once per seed, in the documented order' {
        $script:sweep.Count | Should -Be 16
        ($script:sweep.Index | Sort-Object) | Should -Be (0..15)
        $byIndex = $script:sweep | Sort-Object Index
        # Sizes slowest, then MiniBatchSize, then LearningRate, the seed fastest, whatever order the grid was typed in.
        $byIndex[0].Settings | Should -Be 'Sizes=4,8,10; MiniBatchSize=10; LearningRate=0.5'
        $byIndex[1].Seed | Should -Be 2
        $byIndex[2].Settings | Should -Be 'Sizes=4,8,10; MiniBatchSize=10; LearningRate=3'
        $byIndex[4].MiniBatchSize | Should -Be 25
        $byIndex[8].Sizes | Should -Be '4,20,10'
        $script:sweep | ForEach-Object { $_.Epochs | Should -Be 3; $_.Accuracies.Count | Should -Be 3 }
    }

    It 'gives each run bit for bit what New-Network -Seed s | Invoke-SgdTraining -Seed s -Threads 1 gives alone: run <Index>' -TestCases @(
        @{ Index = 0 }, @{ Index = 7 }, @{ Index = 10 }, @{ Index = 15 }
    ) {
        $run = $script:sweep | Where-Object Index -EQ $Index
        $net = New-Network -Sizes ([int[]] ($run.Sizes -split ',')) -Seed $run.Seed
        $epochs = @($script:data | Invoke-SgdTraining -Network $net -Epochs 3 -LearningRate $run.LearningRate -MiniBatchSize $run.MiniBatchSize -Seed $run.Seed -Threads 1)
        $run.EpochResults.Correct | Should -Be $epochs.Correct
        $run.BestAccuracy | Should -Be ($epochs.Accuracy | Measure-Object -Maximum).Maximum
        $run.LastAccuracy | Should -Be $epochs[-1].Accuracy
        $run.Network | Should -BeOfType NndlPS.Core.Network
        for ($l = 0; $l -lt $net.Layers.Count; $l++) {
            [Linq.Enumerable]::SequenceEqual([float[]] $run.Network.Layers[$l].Weights, [float[]] $net.Layers[$l].Weights) | Should -BeTrue
            [Linq.Enumerable]::SequenceEqual([float[]] $run.Network.Layers[$l].Biases, [float[]] $net.Layers[$l].Biases) | Should -BeTrue
        }
    }

    It 'learned something, and the runs differ (so the comparisons above compare something)' {
        ($script:sweep.BestAccuracy | Measure-Object -Maximum).Maximum | Should -BeGreaterThan 0.9
        ($script:sweep.BestAccuracy | Sort-Object -Unique).Count | Should -BeGreaterThan 1
    }

    It 'gives the same results on one thread as on several' {
        $one = @($script:data | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 3 } -Seed 1, 2 -Epochs 2 -ThrottleLimit 1 | Sort-Object Index)
        $two = @($script:data | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 3 } -Seed 1, 2 -Epochs 2 -ThrottleLimit 3 | Sort-Object Index)
        $one.Count | Should -Be 4
        for ($i = 0; $i -lt 4; $i++) {
            $one[$i].EpochResults.Correct | Should -Be $two[$i].EpochResults.Correct
            [Linq.Enumerable]::SequenceEqual([float[]] $one[$i].Network.Layers[0].Weights, [float[]] $two[$i].Network.Layers[0].Weights) | Should -BeTrue
        }
    }

    It 'sweeps chapter 3''s settings: <Key>' -TestCases @(
        @{ Key = 'Cost'; Values = @('Quadratic', 'CrossEntropy') }
        @{ Key = 'Lambda'; Values = @(0, 5) }
        @{ Key = 'Momentum'; Values = @(0, 0.5) }
        @{ Key = 'Initialization'; Values = @('Gaussian', 'ScaledGaussian') }
    ) {
        $results = @($script:data | Invoke-SgdSweep -Grid @{ $Key = $Values } -Seed 3 -Epochs 1 | Sort-Object Index)
        $results.Count | Should -Be 2
        "$($results[0].$Key)" | Should -Be "$($Values[0])"
        "$($results[1].$Key)" | Should -Be "$($Values[1])"
    }
}

Describe 'Invoke-SgdSweep -Shard' {
    It 'splits the grid into shards that hold every run exactly once, and merge back through <Format>' -TestCases @(
        @{ Format = 'Export-Clixml' }, @{ Format = 'Export-Csv' }
    ) {
        foreach ($i in 0..2) {
            $shard = @($script:data | Invoke-SgdSweep -Grid $script:grid -Seed 1, 2 -Epochs 3 -Shard "$i/3")
            $shard | ForEach-Object { $_.Index % 3 | Should -Be $i }
            $file = Join-Path $TestDrive "shard-$i"
            if ($Format -eq 'Export-Clixml') { $shard | Export-Clixml "$file.xml" } else { $shard | Export-Csv "$file.csv" }
        }
        $merged = if ($Format -eq 'Export-Clixml') { Get-ChildItem (Join-Path $TestDrive 'shard-*.xml') | Import-Clixml }
                  else { Get-ChildItem (Join-Path $TestDrive 'shard-*.csv') | Import-Csv }
        $merged = @($merged | Sort-Object { [int] $_.Index })
        $merged.Count | Should -Be 16
        $merged.Index | ForEach-Object { [int] $_ } | Should -Be (0..15)
        $whole = $script:sweep | Sort-Object Index
        for ($r = 0; $r -lt 16; $r++) {
            [double] $merged[$r].BestAccuracy | Should -Be $whole[$r].BestAccuracy
            $merged[$r].Settings | Should -Be $whole[$r].Settings
            if ($Format -eq 'Export-Clixml') { # networks serialize themselves: they come back live, weight for weight
                $merged[$r].Network | Should -BeOfType NndlPS.Core.Network
                [Linq.Enumerable]::SequenceEqual([float[]] $merged[$r].Network.Layers[0].Weights, [float[]] $whole[$r].Network.Layers[0].Weights) | Should -BeTrue
            }
        }
    }
}

Describe 'Invoke-SgdSweep errors' {
    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'an unknown grid key'; Grid = @{ LearnRate = 1 }; Extra = @{}; ErrorId = 'SweepGridKeyUnknown' }
        @{ Case = 'Seed in the grid'; Grid = @{ Seed = 1, 2 }; Extra = @{}; ErrorId = 'SweepGridKeyUnknown' }
        @{ Case = 'a value of the wrong type'; Grid = @{ Activation = 'Sigmoid', 'Bogus' }; Extra = @{}; ErrorId = 'SweepGridValueInvalid' }
        @{ Case = 'Epochs twice'; Grid = @{ Epochs = 1, 2 }; Extra = @{ Epochs = 3 }; ErrorId = 'SweepGridKeyRepeated' }
        @{ Case = 'a shard without seeds'; Grid = @{ LearningRate = 1 }; Extra = @{ Shard = '0/2' }; ErrorId = 'SweepShardNeedsSeed' }
        @{ Case = 'a shard past the last'; Grid = @{ LearningRate = 1 }; Extra = @{ Shard = '2/2'; Seed = 1 }; ErrorId = 'SweepShardInvalid' }
        @{ Case = 'a shard that is not i/N'; Grid = @{ LearningRate = 1 }; Extra = @{ Shard = 'first'; Seed = 1 }; ErrorId = 'SweepShardInvalid' }
        @{ Case = 'sizes that do not fit the data'; Grid = @{ Sizes = (784, 30, 10) }; Extra = @{}; ErrorId = 'NetworkShapeMismatch' }
        @{ Case = 'a softmax hidden layer'; Grid = @{ Activation = 'Softmax' }; Extra = @{}; ErrorId = 'SoftmaxOnlyOnOutput' }
        @{ Case = 'a negative learning rate'; Grid = @{ LearningRate = 1, -1 }; Extra = @{}; ErrorId = 'InvalidLearningRate' }
        @{ Case = 'a $null value (not 0)'; Grid = @{ LearningRate = 1, $null }; Extra = @{}; ErrorId = 'SweepGridValueInvalid' }
        @{ Case = 'a $null key'; Grid = @{ Momentum = $null }; Extra = @{}; ErrorId = 'SweepGridValueInvalid' }
        @{ Case = 'a $null inside sizes'; Grid = @{ Sizes = (4, $null, 10) }; Extra = @{}; ErrorId = 'SweepGridValueInvalid' }
        @{ Case = 'sizes as text that are not numbers'; Grid = @{ Sizes = '4,thirty,10' }; Extra = @{}; ErrorId = 'SweepGridValueInvalid' }
        @{ Case = 'patience without the schedule'; Grid = @{ Patience = 2, 4 }; Extra = @{}; ErrorId = 'ParameterHasNoEffect' }
    ) {
        $parameters = @{ Grid = $Grid } + $Extra
        if (-not $parameters.ContainsKey('Epochs') -and -not $Grid.ContainsKey('Epochs')) { $parameters.Epochs = 1 }
        $err = { $script:data | Invoke-SgdSweep @parameters } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.InvokeSgdSweepCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses two values of <Key> that one run would stand for, naming both as given' -TestCases @(
        # Each made one run of the two, silently.
        @{ Key = 'LearningRate'; Grid = @{ LearningRate = 0.1, 0.1000000001 }; Match = "^The grid's LearningRate gives 0\.1 and 0\.1000000001, which are one float as training keeps them \(0\.1\), so they would train the same network, as one run\. Give values that differ as floats" }
        @{ Key = 'Lambda'; Grid = @{ Lambda = '0.5', 0.5 }; Match = "^The grid's Lambda gives 0\.5 twice, and a sweep trains each combination once per seed\. Give each value once" }
        @{ Key = 'Sizes'; Grid = @{ Sizes = '4-8-10', (4, 8, 10) }; Match = "^The grid's Sizes gives 4,8,10 twice" }
    ) {
        $err = { $script:data | Invoke-SgdSweep -Grid $Grid -Seed 1 -Epochs 1 } |
            Should -Throw -ErrorId 'SweepGridValueRepeated,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be $Key
        $err.Exception.Message | Should -Match $Match
    }

    It 'refuses a seed given twice, which would train the same runs again to the same numbers' {
        $err = { $script:data | Invoke-SgdSweep -Grid @{ LearningRate = 1, 3 } -Seed 2, 1, 2 -Epochs 1 } |
            Should -Throw -ErrorId 'SweepSeedRepeated,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.TargetObject | Should -Be '2'
        $err.Exception.Message | Should -Match '^-Seed gives 2 2 times, .* Give each seed once'
    }

    It 'takes sizes written as text, as its results show them (4,8,10) or as the book draws them (4-20-10)' {
        $results = @($script:data | Invoke-SgdSweep -Grid @{ Sizes = '4,8,10', '4-20-10' } -Seed 1 -Epochs 1 | Sort-Object Index)
        $results.Sizes | Should -Be '4,8,10', '4,20,10'
        $results[1].Network.Sizes | Should -Be 4, 20, 10
        $one = @($script:data | Invoke-SgdSweep -Grid @{ Sizes = '4, 8, 10' } -Seed 1 -Epochs 1)
        $one.Sizes | Should -Be '4,8,10'
        $one[0].Accuracies | Should -Be $results[0].Accuracies
    }

    It 'reports a run that fails as a non-terminating SweepRunFailed, naming the run, and goes on with the others' {
        $results = @($script:data | Invoke-SgdSweep -Grid @{ LearningRate = 3, 1e30 } -Seed 1 -Epochs 2 -ErrorVariable failures -ErrorAction SilentlyContinue)
        $results.Count | Should -Be 1
        $results[0].LearningRate | Should -Be 3
        @($failures).Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SweepRunFailed,NndlPS.Commands.InvokeSgdSweepCommand'
        $failures[0].Exception.Message | Should -Match '^Run 1: LearningRate 1E\+30, Seed 1 failed on .*: Training diverged'
    }

    It 'says which keys there are when a key is unknown' {
        $err = { $script:data | Invoke-SgdSweep -Grid @{ LearnRate = 1 } } | Should -Throw -PassThru
        $err.Exception.Message | Should -Match 'LearningRate, Lambda, Momentum'
    }
}

Describe 'Invoke-SgdSweep and Ctrl+C' {
    It 'stops every run when the pipeline is stopped' {
        $big = Import-Mnist -Path $script:tiny -ValidationSize 100
        $shell = [powershell]::Create()
        $null = $shell.AddScript({
                param($Module, $Data)
                Import-Module $Module
                $Data | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 1, 3 } -Seed 1 -Epochs 100000 -ThrottleLimit 2
            }).AddArgument((Get-Module NndlPS).Path).AddArgument($big)
        $async = $shell.BeginInvoke()
        # Wait (no assertion on time) until the sweep says two runs are training.
        $deadline = [DateTime]::UtcNow.AddMinutes(2)
        while (-not ($shell.Streams.Progress | Where-Object StatusDescription -Match '2 running') -and [DateTime]::UtcNow -lt $deadline) {
            Start-Sleep -Milliseconds 50
        }
        $shell.Streams.Progress | Where-Object StatusDescription -Match '2 running' | Should -Not -BeNullOrEmpty
        $shell.Stop() # what Ctrl+C does: StopProcessing; returns once the cmdlet has returned, its threads joined
        $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        $async.IsCompleted | Should -BeTrue
        $shell.Streams.Error.Count | Should -Be 0
        $shell.Dispose()
    }
}
