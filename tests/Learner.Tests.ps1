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
