# The learner's walk (issue #20): what a reader of chapters 1 and 3 typed in an interactive pwsh, each step
# checked for the answer they expected. Small generated data or a slice of MNIST, a few epochs.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 400 -Test 100
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 100
}

Describe 'Every column a view shows is a property of its object' {
    BeforeDiscovery {
        $module = if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' }
        [xml] $format = Get-Content (Join-Path $module 'NndlPS.format.ps1xml') -Raw
        $script:columns = @(foreach ($view in $format.Configuration.ViewDefinitions.View | Where-Object { $_.TableControl }) {
            foreach ($label in $view.TableControl.TableHeaders.TableColumnHeader.Label) {
                @{ Type = $view.ViewSelectedBy.TypeName; Label = $label }
            }
        })
    }

    It '<Type> has a property <Label>' -TestCases $script:columns {
        $properties = @([type]::GetType("$Type, NndlPS.Core", $true).GetProperties().Name) +
            @((Get-TypeData $Type).Members.Keys)
        $properties | Should -Contain $Label
    }

    It 'sorts a sweep by the column the user sees (Best), not silently by nothing' {
        $sweep = $script:tinyData | Invoke-SgdSweep -Grid @{ LearningRate = 0.05, 3; Sizes = '4,3,10' } -Seed 1 -Epochs 2
        $top = $sweep | Sort-Object Best -Descending | Select-Object -First 1
        $top.BestAccuracy | Should -Be ($sweep.BestAccuracy | Measure-Object -Maximum).Maximum
        $top.LearningRate | Should -Be 3
        ($sweep | Sort-Object Last -Descending | Select-Object -First 1).LearningRate | Should -Be 3
    }
}

Describe 'Rebuilding a run from what it shows' {
    It 'New-Network takes a sweep result''s Sizes (text) and Seed, and gives the network the sweep trained' {
        $run = $script:tinyData | Invoke-SgdSweep -Grid @{ Sizes = '4,3,10' } -Seed 5 -Epochs 2
        $run.Sizes | Should -BeOfType [string]
        $net = New-Network -Sizes $run.Sizes -Seed $run.Seed
        $net.Sizes | Should -Be 4, 3, 10
        $again = @($net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 2 -Seed $run.Seed -Threads 1)
        $again.Correct | Should -Be $run.EpochResults.Correct
    }

    It 'takes one number per argument, as a user types them: New-Network 784 30 10' {
        (New-Network 784 30 10 -Seed 1).Sizes | Should -Be 784, 30, 10
        (New-Network '784-30-10' -Seed 1).Sizes | Should -Be 784, 30, 10
    }

    It 'refuses text that is not sizes, naming the forms that work' {
        { New-Network -Sizes '784,x,10' } | Should -Throw -ExpectedMessage '*not a list of layer sizes*784,30,10*' -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewNetworkCommand'
    }
}

Describe 'Ctrl+C during the book''s own command' {
    BeforeAll {
        # Runs the command in its own runspace, waits for three epochs, then stops it as Ctrl+C does.
        function Stop-AfterThreeEpochs([string] $Command) {
            $module = (Get-Module NndlPS).ModuleBase
            $ps = [powershell]::Create()
            [void] $ps.AddScript("Import-Module '$module'; `$data = Import-Mnist -Path '$script:tiny' -ValidationSize 100; $Command")
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            for ($wait = 0; $output.Count -lt 3 -and -not $async.IsCompleted -and $wait -lt 6000; $wait++) { Start-Sleep -Milliseconds 10 }
            $output.Count | Should -BeGreaterOrEqual 3
            $ps.Stop()
            $ps
        }
    }

    It 'keeps the network it made in $StoppedNetwork and says so' {
        $ps = Stop-AfterThreeEpochs '$data | Invoke-SgdTraining -Epochs 1000000 -Seed 1'
        try {
            $kept = $ps.Runspace.SessionStateProxy.GetVariable('StoppedNetwork')
            $kept | Should -BeOfType ([NndlPS.Core.Network])
            $kept.EpochsTrained | Should -BeGreaterOrEqual 3
            "$($ps.Streams.Warning)" | Should -BeLike "Training was stopped after $($kept.EpochsTrained) of 1000000 epochs. The network, with its $($kept.EpochsTrained) epochs of training, is in `$StoppedNetwork*"
        } finally { $ps.Dispose() }
    }

    It 'says which epoch -KeepBest went back to, and that the network is in -NetworkVariable' {
        $ps = Stop-AfterThreeEpochs '$data | Invoke-SgdTraining -Epochs 1000000 -Seed 1 -KeepBest -NetworkVariable kb'
        try {
            $kb = $ps.Runspace.SessionStateProxy.GetVariable('kb')
            "$($ps.Streams.Warning)" | Should -BeLike "*set back to its best epoch by -KeepBest, Epoch $($kb.EpochsTrained - 1): * is in `$kb."
            $ps.Runspace.SessionStateProxy.GetVariable('StoppedNetwork') | Should -BeNullOrEmpty -Because 'the user named where the network goes'
        } finally { $ps.Dispose() }
    }

    It 'says that a network given with -Network has what was learned' {
        $ps = Stop-AfterThreeEpochs '$net = New-Network 4,3,10 -Seed 1; $net | Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Test -Epochs 1000000 -Seed 1'
        try {
            "$($ps.Streams.Warning)" | Should -BeLike '*is the network given with -Network, trained in place.'
            $ps.Runspace.SessionStateProxy.GetVariable('net').EpochsTrained | Should -BeGreaterOrEqual 3
        } finally { $ps.Dispose() }
    }
}

Describe 'Learning curves that show chapter 3''s comparisons' {
    BeforeAll {
        $script:mnist = Import-Mnist -First 500 -NoDownload
        # The text an SVG picture writes: titles, tick labels, legend entries.
        function Get-SvgText([string] $Path) {
            [xml] $svg = Get-Content $Path -Raw
            @($svg.GetElementsByTagName('text') | ForEach-Object { $_.InnerText.Trim() })
        }
        $train = { param($Cost, [int] $Seed = 1, [double] $Eta = 0.5, [int] $Epochs = 3, [string[]] $Monitor = @('TrainingCost'))
            New-Network 784, 30, 10 -Cost $Cost -Seed $Seed |
                Invoke-SgdTraining -TrainingData $script:mnist.Training -TestData $script:mnist.Test -Epochs $Epochs -LearningRate $Eta -Seed $Seed -Monitor $Monitor
        }
        $script:quadratic = & $train Quadratic
        $script:crossEntropy = & $train CrossEntropy
    }

    It 'names each run by what differs (the cost), the shared settings in the title, each cost on its own axis' {
        $text = Get-SvgText (@($script:quadratic) + @($script:crossEntropy) | Export-LearningCurve (Join-Path $TestDrive 'costs.svg')).FullName
        $text | Should -Contain 'quadratic cost: test accuracy'
        $text | Should -Contain 'cross-entropy cost: test accuracy'
        $text | Should -Contain 'quadratic cost: training cost'
        $text | Should -Contain '[784,30,10], sigmoid, weights N(0,1), η 0.5, batch 10, seed 1'
        $text | Should -Contain 'Training cost (quadratic)'
        $text | Should -Contain 'Training cost (cross-entropy)'
    }

    It 'draws training accuracy beside test accuracy: the book''s overfitting figure' {
        $run = & $train CrossEntropy -Monitor TrainingAccuracy
        $text = Get-SvgText ($run | Export-LearningCurve (Join-Path $TestDrive 'overfit.svg')).FullName
        $text | Should -Contain 'Test accuracy'
        $text | Should -Contain 'Training accuracy'
    }

    It 'ticks whole epochs only, on an 8-epoch plot' {
        $run = & $train Quadratic -Epochs 8 -Eta 3 -Monitor @()
        $text = Get-SvgText ($run | Export-LearningCurve (Join-Path $TestDrive 'ticks.svg')).FullName
        foreach ($epoch in 0..7) { $text | Should -Contain "$epoch" }
        $text | Where-Object { $_ -match '^[0-7]\.5$' } | Should -BeNullOrEmpty
    }

    It 'marks the epoch -KeepBest went back to' {
        $net = New-Network 4, 3, 10 -Seed 1
        $run = @($net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 6 -Seed 1 -KeepBest)
        $kept = $run[-1].KeptEpoch
        $kept | Should -BeLessThan 5 -Because 'seed 1 on the tiny set peaks before its last epoch'
        $kept | Should -Be ($net.EpochsTrained - 1)
        Get-SvgText ($run | Export-LearningCurve (Join-Path $TestDrive 'kept.svg')).FullName | Should -Contain "network kept epoch $kept"
    }

    It 'knows the epoch early stopping went back to' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 200 -EarlyStopping 2 -LearningRate 0.5 -Seed 1 -InformationAction SilentlyContinue)
        $run[-1].StopReason -match 'back at epoch (\d+)' | Should -BeTrue
        $run[-1].KeptEpoch | Should -Be ([int] $Matches[1])
        @($run | Where-Object { $null -ne $_.KeptEpoch }).Count | Should -Be 1 -Because 'only the epoch it stopped at has gone back'
    }

    It 'draws epoch results that went through Export-Clixml and Import-Clixml, as it draws them live' {
        $runs = @($script:quadratic) + @($script:crossEntropy)
        $runs | Export-Clixml (Join-Path $TestDrive 'runs.xml')
        $live = $runs | Export-LearningCurve (Join-Path $TestDrive 'live.png')
        $back = Import-Clixml (Join-Path $TestDrive 'runs.xml') | Export-LearningCurve (Join-Path $TestDrive 'back.png')
        (Get-FileHash $back.FullName).Hash | Should -Be (Get-FileHash $live.FullName).Hash
    }

    It 'draws a sweep''s results, named by the setting the grid varied, live or deserialized' {
        $sweep = $script:mnist | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 3 } -Seed 1 -Epochs 2
        $text = Get-SvgText ($sweep | Export-LearningCurve (Join-Path $TestDrive 'sweep.svg')).FullName
        $text | Should -Contain 'η 0.5'
        $text | Should -Contain 'η 3'
        $sweep | Export-Clixml (Join-Path $TestDrive 'sweep.xml')
        $live = $sweep | Export-LearningCurve (Join-Path $TestDrive 'sweep.png')
        $back = Import-Clixml (Join-Path $TestDrive 'sweep.xml') | Export-LearningCurve (Join-Path $TestDrive 'sweep-back.png')
        (Get-FileHash $back.FullName).Hash | Should -Be (Get-FileHash $live.FullName).Hash
    }

    It 'says which object it cannot draw, and draws the rest' {
        $file = @($script:quadratic) + @(New-Network 4, 3, 2 -Seed 1) | Export-LearningCurve (Join-Path $TestDrive 'mixed.png') -ErrorVariable refused -ErrorAction SilentlyContinue
        $refused.FullyQualifiedErrorId | Should -Be 'LearningCurveInputInvalid,NndlPS.Commands.ExportLearningCurveCommand'
        "$refused" | Should -BeLike '*Invoke-SgdTraining*Invoke-SgdSweep*'
        $file.Name | Should -Be 'mixed.png'
    }
}

Describe 'The wrong object, or a missing one, said in words' {
    It '$net | Invoke-SgdTraining without data says what to give' {
        $net = New-Network 4, 3, 10 -Seed 1
        { $net | Invoke-SgdTraining -Epochs 1 } | Should -Throw -ErrorId 'TrainingDataRequired,NndlPS.Commands.InvokeSgdTrainingCommand' -ExpectedMessage '*-TrainingData*-Network $net*'
    }

    It '$data.Training | Invoke-SgdTraining trains on the piped set' {
        $run = @($script:tinyData.Training | Invoke-SgdTraining -Epochs 1 -Seed 1)
        $run.Count | Should -Be 1
        $run[0].TrainingCount | Should -Be $script:tinyData.Training.Count
    }

    It '$data | Get-MnistSample takes the dataset''s Test set, as Test-Network does' {
        ($script:tinyData | Get-MnistSample 3).Label | Should -Be $script:tinyData.Test.GetLabel(3)
        ($script:tinyData | Get-MnistSample 3).Set | Should -Be 'Test'
    }

    It 'Test-Network names what is missing instead of prompting for it' {
        $net = New-Network 4, 3, 10 -Seed 1
        { $net | Test-Network } | Should -Throw -ErrorId 'TestDataRequired,NndlPS.Commands.TestNetworkCommand' -ExpectedMessage '*-Data $data.Test*'
        { Test-Network -Data $script:tinyData.Test } | Should -Throw -ErrorId 'NetworkRequired,NndlPS.Commands.TestNetworkCommand'
        ($script:tinyData | Test-Network -Network $net).Total | Should -Be $script:tinyData.Test.Count
    }

    It 'refuses -LearningRate "3,0" instead of training at 30' {
        { $script:tinyData | Invoke-SgdTraining -Epochs 1 -LearningRate '3,0' } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.InvokeSgdTrainingCommand' -ExpectedMessage '*point*'
        ($script:tinyData | Invoke-SgdTraining -Epochs 1 -LearningRate '0.5' -Seed 1).LearningRate | Should -Be 0.5
    }
}

Describe 'A count given with a fraction' {
    # PowerShell's own conversion to an int rounds without a word: -ValidationSize 0.2, meant as a fifth of the
    # training set, kept no validation images; New-Network 784, 30.5, 10 made 30 neurons.
    It 'refuses -ValidationSize 0.2, saying how to ask for a share of the training set' {
        { Import-Mnist -Path $script:tiny -ValidationSize 0.2 } |
            Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.ImportMnistCommand' -ExpectedMessage '*0.2 is not a whole number of images*round it to 0*(0.2 * 60000)*'
        (Import-Mnist -Path $script:tiny -ValidationSize 100.0).Validation.Count | Should -Be 100
        (Import-Mnist -Path $script:tiny -ValidationSize (0.07 * 300)).Validation.Count | Should -Be 21 # 21.000000000000004
        { Import-Mnist -Path $script:tiny -ValidationSize '2,5' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.ImportMnistCommand' -ExpectedMessage "*'2,5' is not a whole number as PowerShell writes one*point*"
        { Import-Mnist -Path $script:tiny -ValidationSize -0.2 } | Should -Throw -ExpectedMessage '*round it to 0 *'
    }

    It 'refuses 30.5 neurons, as a number or as text, and takes 30.0' {
        { New-Network -Sizes 784, 30.5, 10 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewNetworkCommand' -ExpectedMessage '*30.5 is not a whole number of neurons*'
        { New-Network 784 '30.5' 10 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewNetworkCommand' -ExpectedMessage "*'30.5' is not a list of layer sizes*"
        # Sizes as text name the part that is wrong.
        { New-Network -Sizes '784,30,10.5' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewNetworkCommand' -ExpectedMessage "*'784,30,10.5' is not a list of layer sizes: '10.5' is not a whole number of neurons.*"
        { New-Network -Sizes '784,-30,10' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewNetworkCommand' -ExpectedMessage '*a size is missing between two separators*'
        # A whole number that a product left a double's rounding away from whole is whole: 0.07 * 10000 is 700.0000000000001.
        (New-Network 784, (0.07 * 10000), 10).Sizes | Should -Be 784, 700, 10
        { $script:tinyData | Invoke-SgdTraining -Epochs '2.5d' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.InvokeSgdTrainingCommand' -ExpectedMessage "*'2.5d' is not*"
        { New-FullyConnectedLayer -Neurons 2.5 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewFullyConnectedLayerCommand'
        (New-Network -Sizes 784, 30.0, 10).Sizes | Should -Be 784, 30, 10
    }

    It 'refuses -Epochs 1.5 and -MiniBatchSize 2.5 before training' {
        { $script:tinyData | Invoke-SgdTraining -Epochs 1.5 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.InvokeSgdTrainingCommand' -ExpectedMessage '*1.5 is not a whole number of epochs*round it to 2*'
        { $script:tinyData | Invoke-SgdTraining -Epochs 1 -MiniBatchSize 2.5 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.InvokeSgdTrainingCommand'
    }

    It 'refuses a sweep grid''s whole-number values with a fraction, which made two values one run' {
        { $script:tinyData | Invoke-SgdSweep -Grid @{ Epochs = 1, 1.4 } -Seed 1 } | Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -ExpectedMessage "*Epochs value 1.4 is not a whole number: PowerShell would round it to 1*"
        { $script:tinyData | Invoke-SgdSweep -Grid @{ Sizes = (4, 2.5, 10) } -Seed 1 -Epochs 1 } | Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -ExpectedMessage '*value (4, 2.5, 10): 2.5 is not a whole number of neurons: PowerShell would round it to 2*'
        { $script:tinyData | Invoke-SgdSweep -Grid @{ Sizes = (4, 3, 10), 2.5 } -Seed 1 -Epochs 1 } | Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -ExpectedMessage '*value 2.5 is not a whole number of neurons*'
        @($script:tinyData | Invoke-SgdSweep -Grid @{ MiniBatchSize = '10', 20.0; Sizes = (4, 3.0, 10) } -Seed 1 -Epochs 1).Count | Should -Be 2
    }

    It 'checks every parameter of every cmdlet that takes a whole number' {
        $whole = [int], [Nullable[int]], [int[]], [long], [Nullable[long]]
        $unchecked = @(foreach ($command in Get-Command -Module NndlPS -CommandType Cmdlet) {
                foreach ($parameter in $command.Parameters.Values) {
                    if ($parameter.Name -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $parameter.ParameterType -in $whole -and -not ($parameter.Attributes | Where-Object { $_.GetType().Name -eq 'WholeNumberAttribute' })) {
                        "$($command.Name) -$($parameter.Name)"
                    }
                }
            })
        # A seed is no count, and rounding it loses nothing: -Seed (Get-Random -Maximum 1e9) is a double.
        $unchecked | Where-Object { $_ -notmatch ' -Seed$' } | Should -BeNullOrEmpty
        # (and there are such parameters: the list is not empty for want of any)
        @(Get-Command -Module NndlPS -CommandType Cmdlet | ForEach-Object { $_.Parameters.Values } |
                Where-Object { $_.Name -notin [System.Management.Automation.Cmdlet]::CommonParameters -and $_.ParameterType -in $whole }).Count | Should -BeGreaterThan 30
    }
}

Describe 'Epoch results and their one live network' {
    It 'tests a run''s network once, saying why, when all its epoch results are piped' {
        $run = $script:tinyData | Invoke-SgdTraining -Epochs 3 -Seed 1
        $scores = @($run | Test-Network -Data $script:tinyData.Test -WarningVariable said -WarningAction SilentlyContinue)
        $scores.Count | Should -Be 1
        "$said" | Should -BeLike '*2 more times*one live network*Clone()*'
    }

    It 'saves a run''s network once, saying why, when every epoch''s .Network is piped to one file' {
        $run = $script:tinyData | Invoke-SgdTraining -Epochs 3 -Seed 1
        $path = Join-Path $TestDrive 'r.json'
        $files = @($run.Network | Export-Network $path -WarningVariable said -WarningAction SilentlyContinue -ErrorAction Stop)
        $files.Count | Should -Be 1
        "$said" | Should -BeLike '*2 more times*saved once*'
        (Import-Network $path).EpochsTrained | Should -Be 3
    }
}

Describe 'What an epoch prints' {
    It 'shows the monitored series and the watched validation accuracy, as network2.py prints them' {
        $text = $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -EarlyStopping 3 -Monitor TrainingCost, TrainingAccuracy, EvaluationCost | Out-String
        $text | Should -Match 'Epoch 0: \d+ / 100'
        $text | Should -Match 'validation \d+\.\d\d%, training cost \d\.\d{4}, training \d+\.\d\d%, test cost \d\.\d{4}'
    }

    It 'shows accuracies in percent in Format-Table, not a fraction rounded to 0.95' {
        $run = $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1
        $table = $run | Format-Table | Out-String
        $table | Should -Match ('{0:N2}%' -f (100 * $run.Accuracy)).Replace('.', '\.')
    }
}

Describe 'A learning rate so large the neurons saturate' {
    It 'says so once, naming saturation and a smaller -LearningRate' {
        $data = Import-Mnist -First 500 -NoDownload
        $run = @($data | Invoke-SgdTraining -Epochs 3 -LearningRate 100 -Seed 1 -WarningVariable said -WarningAction SilentlyContinue)
        $run.Count | Should -Be 3
        @($said).Count | Should -Be 1
        "$said" | Should -BeLike '*saturated*smaller -LearningRate*'
        @($run.Warning | Where-Object { $_ }).Count | Should -Be 1
    }

    It 'says nothing for the book''s η' {
        $data = Import-Mnist -First 500 -NoDownload
        $null = $data | Invoke-SgdTraining -Epochs 2 -LearningRate 3 -Seed 1 -WarningVariable said
        $said | Should -BeNullOrEmpty
    }
}

Describe 'Small things a reader types' {
    It '$nand.FeedForward((1,1)) answers, as the chapter''s NAND does' {
        $nand = New-Network -Sizes 2,1 -Activation Step -Weights -2,-2 -Biases 3
        $nand.FeedForward((1,1)) | Should -Be 0
        $nand.FeedForward((0,1)) | Should -Be 1
    }

    It '$data.Test[0] is the first image, not the whole set' {
        $first = $script:tinyData.Test[0]
        $first | Should -BeOfType ([NndlPS.Core.ImageSample])
        $first.Label | Should -Be $script:tinyData.Test.GetLabel(0)
    }

    It 'says "1 epoch", not "1 epochs"' {
        $said = $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        "$said" | Should -Match 'for 1 epoch, mini-batch'
    }
}

Describe 'Digit grids say what their colours mean' {
    It 'opens a grid of predictions with a key (LABEL, RIGHT, WRONG), one caption row high' {
        $data = Import-Mnist -First 100 -NoDownload
        $net = New-Network 784, 30, 10 -Seed 1
        $plain = Get-MnistSample (0..9) -Data $data.Test | Export-MnistImage (Join-Path $TestDrive 'plain.png') -Scale 2
        $answered = $data.Test | Invoke-Network -Network $net | Select-Object -First 10 | Export-MnistImage (Join-Path $TestDrive 'answered.png') -Scale 2
        $height = { param($path) $b = [IO.File]::ReadAllBytes($path); ([int] $b[20] -shl 24) -bor ([int] $b[21] -shl 16) -bor ([int] $b[22] -shl 8) -bor $b[23] }
        (& $height $answered.FullName) - (& $height $plain.FullName) | Should -Be (5 * 3 + 4) -Because 'the key is one caption row (5 dots of 3 pixels at scale 2) and a gap'
    }
}
