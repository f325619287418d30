# Using what you trained: saving and loading networks, predictions, the confusion matrix, and getting the right
# network back from a training run.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 400 -Test 100
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 100

    # A [2, 2, 2] network as the book's network2.py saves it (json.dump of Network.save's dict), written here
    # without Python.
    $script:bookJson = '{"sizes": [2, 2, 2], "weights": [[[0.5, -1.25], [2.0, 0.75]], [[1.5, -2.0], [-1.0, 3.0]]], ' +
        '"biases": [[[0.1], [-0.2]], [[0.3], [-0.4]]], "cost": "QuadraticCost"}'
}

Describe 'Help for the cmdlets that use a trained network' {
    It 'Get-Help <Name> has a synopsis, a description of every parameter and two examples' -TestCases @(
        @{ Name = 'Export-Network' }, @{ Name = 'Import-Network' }, @{ Name = 'Invoke-Network' }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis.Length | Should -BeGreaterThan 20
        @($help.Examples.Example).Count | Should -BeGreaterOrEqual 2
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            (Get-Help $Name -Parameter $parameter).Description.Text | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}

Describe 'Export-Network and Import-Network' {
    It 'reads a file in the book''s network2.py format and predicts as the book''s feedforward does' {
        $path = Join-Path $TestDrive 'book.json'
        Set-Content -Path $path -Value $script:bookJson
        $net = Import-Network -Path $path
        $net.Sizes | Should -Be @(2, 2, 2)
        $net.Cost.Name | Should -Be 'quadratic'
        $sigmoid = { param($z) 1 / (1 + [Math]::Exp(-$z)) }
        $h0 = & $sigmoid (0.5 * 1 - 1.25 * 0 + 0.1); $h1 = & $sigmoid (2.0 * 1 + 0.75 * 0 - 0.2)
        $out = & $sigmoid (1.5 * $h0 - 2.0 * $h1 + 0.3)
        $net.FeedForward([float[]] (1, 0))[0] | Should -BeGreaterThan ($out - 1e-6)
        $net.FeedForward([float[]] (1, 0))[0] | Should -BeLessThan ($out + 1e-6)
    }

    It 'saves a trained network and loads it back with the same weights and the same test score' {
        $net = New-Network 4, 8, 10 -Seed 5
        $net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -Epochs 2 -Seed 5 | Out-Null
        $path = Join-Path $TestDrive 'trained.json'
        $file = $net | Export-Network -Path $path
        $file | Should -BeOfType [System.IO.FileInfo]
        $copy = Import-Network -Path $path
        $copy.Layers[0].Weights | Should -Be $net.Layers[0].Weights
        $copy.Layers[1].Biases | Should -Be $net.Layers[1].Biases
        $copy.EpochsTrained | Should -Be 2
        ($copy | Test-Network -Data $script:tinyData.Test).Correct | Should -Be ($net | Test-Network -Data $script:tinyData.Test).Correct
        (Get-Content $path -Raw | ConvertFrom-Json).cost | Should -Be 'QuadraticCost'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json'
        New-Network 2, 1 -Seed 1 | Export-Network -Path $path -WhatIf
        Test-Path $path | Should -BeFalse
    }

    It 'replaces a file only with -Force, and leaves no temporary file' {
        $folder = Join-Path $TestDrive 'replace'
        $null = New-Item -ItemType Directory $folder # exports create files, not folders
        $path = Join-Path $folder 'net.json'
        New-Network 2, 1 -Seed 1 | Export-Network -Path $path | Out-Null
        $err = { New-Network 2, 1 -Seed 2 | Export-Network -Path $path } | Should -Throw -ErrorId 'ExportTargetExists,NndlPS.Commands.ExportNetworkCommand' -PassThru
        $err.Exception.Message | Should -Match '-Force'
        (Import-Network $path).Layers[0].Weights | Should -Be (New-Network 2, 1 -Seed 1).Layers[0].Weights
        New-Network 2, 1 -Seed 2 | Export-Network -Path $path -Force | Out-Null
        (Import-Network $path).Layers[0].Weights | Should -Be (New-Network 2, 1 -Seed 2).Layers[0].Weights
        (Get-ChildItem $folder -Force).Name | Should -Be @('net.json')
    }

    It 'takes the network of an epoch result from the pipeline' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1)
        $path = Join-Path $TestDrive 'epoch.json'
        $run[-1] | Export-Network -Path $path | Out-Null
        (Import-Network $path).Layers[0].Weights | Should -Be $run[-1].Network.Layers[0].Weights
    }

    It 'loads files piped from Get-ChildItem' {
        $folder = Join-Path $TestDrive 'many'
        $null = New-Item -ItemType Directory $folder # exports create files, not folders
        New-Network 2, 3 -Seed 1 | Export-Network (Join-Path $folder 'a.json') | Out-Null
        New-Network 2, 4 -Seed 1 | Export-Network (Join-Path $folder 'b.json') | Out-Null
        $nets = @(Get-ChildItem $folder -Filter *.json | Sort-Object Name | Import-Network)
        $nets.Count | Should -Be 2
        $nets[1].Sizes | Should -Be @(2, 4)
    }

    It 'expands wildcards in -Path (also piped as strings), one network per file, and skips folders' {
        $folder = Join-Path $TestDrive 'wild'; $null = New-Item -ItemType Directory $folder, (Join-Path $folder 'c.json')
        New-Network 2, 3 -Seed 1 | Export-Network (Join-Path $folder 'a.json') | Out-Null
        New-Network 2, 4 -Seed 1 | Export-Network (Join-Path $folder 'b.json') | Out-Null
        $nets = @(Import-Network (Join-Path $folder '*.json'))
        $nets.Count | Should -Be 2
        $nets[0].Sizes | Should -Be @(2, 3)
        $nets[1].Sizes | Should -Be @(2, 4)
        @((Join-Path $folder '[ab].json'), (Join-Path $folder 'b.js?n') | Import-Network).Count | Should -Be 3
    }

    It 'says NetworkFileNotFound when a pattern matches no file' {
        $err = { Import-Network (Join-Path $TestDrive 'wild/*.onnx') } | Should -Throw -ErrorId 'NetworkFileNotFound,NndlPS.Commands.ImportNetworkCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'No network file matches'
        { Import-Network (Join-Path $TestDrive 'no-such-folder/*.json') } | Should -Throw -ErrorId 'NetworkFileNotFound,NndlPS.Commands.ImportNetworkCommand'
    }

    It 'reads a name with [ and ] through -LiteralPath, and through Get-Item in the pipeline' {
        $path = Join-Path $TestDrive 'net[1].json'
        New-Network 2, 5 -Seed 1 | Export-Network -Path $path | Out-Null
        (Import-Network -LiteralPath $path).Sizes | Should -Be @(2, 5)
        (Import-Network -LP $path).Sizes | Should -Be @(2, 5)
        (Get-Item -LiteralPath $path | Import-Network).Sizes | Should -Be @(2, 5)
        { Import-Network -Path $path } | Should -Throw -ErrorId 'NetworkFileNotFound,NndlPS.Commands.ImportNetworkCommand'
        # Escaped, as Get-Content -Path takes it: the brackets are the name's own.
        (Import-Network -Path ([WildcardPattern]::Escape($path))).Sizes | Should -Be @(2, 5)
    }

    It 'says a piped folder is a folder, not that it is missing' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'folder.json')
        $err = { $folder | Import-Network } | Should -Throw -ErrorId 'NetworkFileNotFound,NndlPS.Commands.ImportNetworkCommand' -PassThru
        $err.Exception.Message | Should -Match 'is a folder'
    }

    It 'reads a file saved with a UTF-8 byte-order mark' {
        $path = Join-Path $TestDrive 'bom.json'
        Set-Content -Path $path -Value $script:bookJson -Encoding utf8BOM
        [IO.File]::ReadAllBytes($path)[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
        (Import-Network $path).Sizes | Should -Be @(2, 2, 2)
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a file cut short'; ErrorId = 'NetworkFileInvalid'; Text = '{"sizes": [2, 2, 2], "weights": [[[0.5, -1.25], [2.0' }
        @{ Case = 'NaN, as Python writes a diverged network'; ErrorId = 'NetworkValueInvalid'; Text = '{"sizes": [2, 1], "weights": [[[NaN, 1.0]]], "biases": [[[0.1]]], "cost": "QuadraticCost"}' }
        @{ Case = 'sizes claiming 10^9-element layers'; ErrorId = 'NetworkTooLarge'; Text = '{"sizes": [1000000000, 1000000000], "weights": [], "biases": [], "cost": "QuadraticCost"}' }
        @{ Case = 'rows that do not fit the sizes'; ErrorId = 'NetworkShapeInvalid'; Text = '{"sizes": [3, 1], "weights": [[[0.5, 1.0]]], "biases": [[[0.1]]], "cost": "QuadraticCost"}' }
        @{ Case = 'deep nesting'; ErrorId = 'NetworkFileInvalid'; Text = ('{"sizes": ' + ('[' * 5000) + (']' * 5000) + '}') }
        @{ Case = 'a cost NndlPS does not have'; ErrorId = 'NetworkCostUnsupported'; Text = '{"sizes": [2, 1], "weights": [[[0.5, 1.0]]], "biases": [[[0.1]]], "cost": "HingeCost"}' }
        @{ Case = 'a file that is not JSON'; ErrorId = 'NetworkFileInvalid'; Text = '<html>not found</html>' }
    ) {
        $path = Join-Path $TestDrive 'damaged.json'
        Set-Content -Path $path -Value $Text
        $err = { Import-Network -Path $path } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.ImportNetworkCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 'damaged.json'
    }

    It 'writes an ONNX model for a .onnx file, and says it cannot read one back' {
        $path = Join-Path $TestDrive 'net.onnx'
        New-Network 4, 8, 10 -Seed 1 | Export-Network -Path $path | Out-Null
        $bytes = [IO.File]::ReadAllBytes($path)
        $bytes[0] | Should -Be 0x08 -Because 'an ONNX model starts with field 1, ir_version, as a varint'
        [Text.Encoding]::ASCII.GetString($bytes) | Should -Match 'Gemm'
        { Import-Network -Path $path } | Should -Throw -ErrorId 'NetworkFormatUnsupported,NndlPS.Commands.ImportNetworkCommand'
        New-Network 4, 8, 10 -Seed 1 | Export-Network -Path (Join-Path $TestDrive 'as-onnx.bin') -Format Onnx | Out-Null
        [IO.File]::ReadAllBytes((Join-Path $TestDrive 'as-onnx.bin')) | Should -Be $bytes
    }

    It 'refuses a missing file as not found, and says so rather than blaming a link' {
        $err = { Import-Network -Path (Join-Path $TestDrive 'nowhere.json') } | Should -Throw -ErrorId 'NetworkFileNotFound,NndlPS.Commands.ImportNetworkCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match "nowhere\.json': it does not exist"
        $err.Exception.Message | Should -Not -Match 'link'
    }
}

Describe 'Invoke-Network' {
    BeforeAll {
        # Chapter 1's NAND gate: weights -2, -2 and bias 3, scaled by 10 so the sigmoid saturates.
        $script:nand = New-Network 2, 1 -Seed 1
        $script:nand.Layers[0].SetWeight(0, 0, -20); $script:nand.Layers[0].SetWeight(0, 1, -20); $script:nand.Layers[0].Biases[0] = 30
        $script:trained = New-Network 4, 10 -Seed 2
        $script:trained | Invoke-SgdTraining -TrainingData $script:tinyData.Training -Epochs 3 -Seed 2 | Out-Null
    }

    It 'runs an input given with -InputObject through a piped network' {
        $result = @($script:nand | Invoke-Network -InputObject (, (1, 1)))
        $result.Count | Should -Be 1
        $result[0].Outputs[0] | Should -BeLessThan 0.01
        $result[0].Predicted | Should -Be 0
        $result[0].Label | Should -BeNullOrEmpty
        ($result[0] | Out-String) | Should -Match 'Input \(1, 1\) -> outputs \(0\) -> predicted 0'
    }

    It 'takes a list of inputs, and inputs from the pipeline: NAND on its four inputs' {
        ($script:nand | Invoke-Network -InputObject (0, 0), (0, 1), (1, 0), (1, 1)).Predicted | Should -Be @(1, 1, 1, 0)
        ((0, 0), (0, 1), (1, 0), (1, 1) | Invoke-Network -Network $script:nand).Predicted | Should -Be @(1, 1, 1, 0)
        (, (1, 0) | Invoke-Network -Network $script:nand).Predicted | Should -Be 1
    }

    It 'runs samples from Get-MnistSample and keeps their labels' {
        $results = @(Get-MnistSample 0..9 -Data $script:tinyData.Test | Invoke-Network -Network $script:trained)
        $results.Count | Should -Be 10
        $results.Index | Should -Be (0..9)
        $results.Label | Should -Be (0..9 | ForEach-Object { $script:tinyData.Test.GetLabel($_) })
        $results[3].Predicted | Should -Be $script:trained.Predict($script:tinyData.Test.GetImage(3))
    }

    It 'runs a whole set, one result per image, agreeing with Test-Network' {
        $results = @($script:tinyData.Test | Invoke-Network -Network $script:trained)
        $results.Count | Should -Be 100
        $right = @($results | Where-Object { $_.Label -eq $_.Predicted }).Count
        $right | Should -Be ($script:trained | Test-Network -Data $script:tinyData.Test).Correct
    }

    It 'runs a piped dataset''s Test set, as Test-Network does' {
        @($script:tinyData | Invoke-Network -Network $script:trained).Count | Should -Be $script:tinyData.Test.Count
    }

    It 'finds the mistakes and draws them with the digit view' {
        $untrained = New-Network 4, 10 -Seed 3
        $wrong = @($script:tinyData.Test | Invoke-Network -Network $untrained | Where-Object { $_.Label -ne $_.Predicted })
        $wrong.Count | Should -BeGreaterThan 0
        $wrong[0].IsCorrect | Should -BeFalse
        $text = $wrong[0] | Out-String
        $text | Should -Match ('Test\[{0}\]: label {1} \({1}\), predicted {2}: WRONG' -f $wrong[0].Index, $wrong[0].Label, $wrong[0].Predicted)
        ($wrong[0].Sample | Out-String) | Should -Match ('Test\[{0}\]: label {1}' -f $wrong[0].Index, $wrong[0].Label)
    }

    It 'takes the network of an epoch result from the pipeline' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1)
        ($run[-1] | Invoke-Network -InputObject ($script:tinyData.Test | Get-MnistSample 0)).Predicted |
            Should -Be $run[-1].Network.Predict($script:tinyData.Test.GetImage(0))
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'an input of the wrong size'; InputObject = (, (1, 0, 1)); ErrorId = 'InputSizeMismatch' }
        @{ Case = 'text'; InputObject = 'one'; ErrorId = 'InputInvalid' }
        @{ Case = 'a list mixing numbers and text'; InputObject = (, (1, 'x')); ErrorId = 'InputInvalid' }
    ) {
        $err = { $script:nand | Invoke-Network -InputObject $InputObject } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.InvokeNetworkCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
    }

    It 'refuses a set whose images do not fit the network' {
        { $script:tinyData.Test | Invoke-Network -Network $script:nand } | Should -Throw -ErrorId 'NetworkShapeMismatch,NndlPS.Commands.InvokeNetworkCommand'
    }
}

Describe 'Test-Network: the confusion matrix' {
    It 'counts each image once, actual class by predicted class, and agrees with Invoke-Network' {
        $net = New-Network 4, 10 -Seed 3
        $result = $net | Test-Network -Data $script:tinyData.Test
        $predictions = @($script:tinyData.Test | Invoke-Network -Network $net)
        foreach ($actual in 0..3) {
            foreach ($predicted in 0..9) {
                $expected = @($predictions | Where-Object { $_.Label -eq $actual -and $_.Predicted -eq $predicted }).Count
                $result.Confusion.GetCount($actual, $predicted) | Should -Be $expected
            }
        }
        $result.ClassAccuracy.Count | Should -Be 10
        ($result.ClassAccuracy | Measure-Object Correct -Sum).Sum | Should -Be $result.Correct
    }

    It 'gives a single output neuron the answer Invoke-Network gives, whether it fires, and counts it on two classes' {
        # The NAND gate as two-class data: class 1 where NAND is 1. A perceptron answers 1 when it fires.
        $pixels = [byte[]] (0, 0, 0, 255, 255, 0, 255, 255)
        $labels = [byte[]] (1, 1, 1, 0)
        $gate = [NndlPS.Core.ImageSet]::new('Nand', [ReadOnlyMemory[byte]] $pixels, [ReadOnlyMemory[byte]] $labels, 1, 2, 2)
        $nand = New-Network -Sizes 2, 1 -Activation Step -Weights -2, -2 -Biases 3
        $answers = @($gate | Invoke-Network -Network $nand)
        $answers.Predicted | Should -Be 1, 1, 1, 0
        $answers.IsCorrect | Should -Be $true, $true, $true, $true
        $result = $nand | Test-Network -Data $gate
        $result.Correct | Should -Be 4   # arg-max of one output would say 0 for all four: 1 of 4
        $result.Confusion.GetCount(1, 1) | Should -Be 3
        $nand.Predict([float[]] (0, 0)) | Should -Be 1
        { New-Network 2, 1 | Test-Network -Data $script:tinyData.Test } | Should -Throw -ErrorId 'NetworkShapeMismatch,NndlPS.Commands.TestNetworkCommand'
    }

    It 'draws the matrix as a table with the class names and each class''s accuracy' {
        $result = New-Network 4, 10 -Seed 3 | Test-Network -Data $script:tinyData.Test
        $lines = ($result.Confusion | Out-String).Trim() -split "`n"
        $lines[0] | Should -Match '^actual \\ predicted\s+0\s+1\s+2\s+3\s+4\s+5\s+6\s+7\s+8\s+9\s+accuracy'
        $lines.Count | Should -Be 11
        $lines[1] | Should -Match '^0(\s+\d+){10}\s+\d+\.\d\d%'
        ($result.ClassAccuracy | Out-String) | Should -Match 'Class\s+Name\s+Correct\s+Total\s+Accuracy'
    }

    It 'tests each of many piped networks, of one size or several, as it tests it alone' {
        $nets = (New-Network 4, 10 -Seed 3), (New-Network 4, 10 -Seed 4), (New-Network 4, 20, 10 -Seed 5), (New-Network 4, 10 -Seed 6)
        $together = @($nets | Test-Network -Data $script:tinyData.Test)
        $together.Count | Should -Be 4
        for ($i = 0; $i -lt 4; $i++) {
            $together[$i].Correct | Should -Be ($nets[$i] | Test-Network -Data $script:tinyData.Test).Correct
        }
        $together.Correct | Select-Object -Unique | Measure-Object | ForEach-Object Count | Should -BeGreaterThan 1
    }

    It 'tests a piped dataset on its Test set' {
        $net = New-Network 4, 10 -Seed 3
        ($script:tinyData | Test-Network -Network $net).Correct | Should -Be ($net | Test-Network -Data $script:tinyData.Test).Correct
    }

    It 'takes the network of an epoch result from the pipeline' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 2 -Seed 4)
        ($run[-1] | Test-Network -Data $script:tinyData.Test).Correct | Should -Be $run[-1].Correct
    }
}

Describe 'Get-MnistSample: indexes' {
    It 'takes indexes from the pipeline' {
        (0..4 | Get-MnistSample -Data $script:tinyData.Test).Index | Should -Be (0..4)
    }

    It 'takes a range written as an argument, as in Get-MnistSample 3..1' {
        (Get-MnistSample 3..1 -Data $script:tinyData.Test).Index | Should -Be @(3, 2, 1)
    }
}

Describe 'Networks through PowerShell''s serialization' {
    It 'comes back from Export-Clixml / Import-Clixml as a network that Test-Network and Invoke-SgdTraining take' {
        $net = New-Network 4, 8, 10 -Seed 6
        $net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -Epochs 1 -Seed 6 | Out-Null
        $path = Join-Path $TestDrive 'net.clixml'
        $net | Export-Clixml -Path $path
        $back = Import-Clixml -Path $path
        $back.psobject.BaseObject | Should -BeOfType ([NndlPS.Core.Network])
        $back.Layers[0].Weights | Should -Be $net.Layers[0].Weights
        $back.EpochsTrained | Should -Be 1
        ($back | Test-Network -Data $script:tinyData.Test).Correct | Should -Be ($net | Test-Network -Data $script:tinyData.Test).Correct
        $epochs = @($back | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 1 -Seed 7)
        $epochs[0].Epoch | Should -Be 1
    }

    It 'comes back from the serializer remoting uses' {
        $net = New-Network 3, 2 -Seed 8
        $back = [System.Management.Automation.PSSerializer]::Deserialize([System.Management.Automation.PSSerializer]::Serialize($net))
        $back.psobject.BaseObject | Should -BeOfType ([NndlPS.Core.Network])
        $back.Layers[0].Biases | Should -Be $net.Layers[0].Biases
    }

    It 'comes back from a background job' {
        $module = (Get-Module NndlPS).ModuleBase
        $back = Start-Job { Import-Module $using:module; New-Network 3, 2 -Seed 9 } | Receive-Job -Wait -AutoRemoveJob
        $back.psobject.BaseObject | Should -BeOfType ([NndlPS.Core.Network])
        $back.Layers[0].Weights | Should -Be (New-Network 3, 2 -Seed 9).Layers[0].Weights
    }

    It 'comes back inside epoch results, one network for all of them' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 2 -Seed 1)
        $path = Join-Path $TestDrive 'run.clixml'
        $run | Export-Clixml -Path $path
        $back = @(Import-Clixml -Path $path)
        $back[1].Network.psobject.BaseObject | Should -BeOfType ([NndlPS.Core.Network])
        $back[1].Network.Layers[1].Weights | Should -Be $run[1].Network.Layers[1].Weights
        $back[1] | Test-Network -Data $script:tinyData.Test | ForEach-Object Correct | Should -Be $run[1].Correct
    }

    It 'hides the property that carries it' {
        New-Network 2, 1 -Seed 1 | Get-Member -Name NetworkJson | Should -BeNullOrEmpty
    }
}

Describe 'Getting the right network back from training' {
    It 'numbers epochs on when a network is trained again' {
        $net = New-Network 4, 8, 10 -Seed 1
        ($net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 2 -Seed 1).Epoch | Should -Be @(0, 1)
        ($net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 2 -Seed 1).Epoch | Should -Be @(2, 3)
        $net.EpochsTrained | Should -Be 4
        "$net" | Should -Match 'trained 4 epochs'
    }

    It 'continues training the network of a piped epoch result' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 2 -Seed 1)
        $more = @($run[-1] | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 1 -Seed 1)
        $more[0].Epoch | Should -Be 2
        $more[0].Network | Should -Be $run[-1].Network
    }

    It 'says that every epoch''s .Network is the one live network' {
        $run = @($script:tinyData | Invoke-SgdTraining -Epochs 2 -Seed 1)
        [object]::ReferenceEquals($run[0].Network, $run[1].Network) | Should -BeTrue
        ($run[0] | Format-List Network | Out-String) | Should -Match 'trained 2 epochs'
        (Get-Help Invoke-SgdTraining).Description.Text | Should -Match 'live network'
    }

    It 'with -KeepBest leaves the network at the best epoch''s weights, the earliest of equals' {
        # Seed 1, eta 3 on the tiny set: 47, 62, 76, 100, 100, 100 correct, so epoch 3 is the best, not the last.
        $net = New-Network 4, 3, 10 -Seed 1
        $snapshots = @{}
        $run = @($net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 6 -Seed 1 -KeepBest |
            ForEach-Object { $snapshots[$_.Epoch] = $_.Network.Clone(); $_ })
        $best = $run | Sort-Object @{ Expression = 'Correct'; Descending = $true }, Epoch | Select-Object -First 1
        $best.Epoch | Should -BeLessThan 5 -Because 'the test needs a best epoch that is not the last'
        $net.Layers[0].Weights | Should -Be $snapshots[$best.Epoch].Layers[0].Weights
        $net.Layers[0].Weights | Should -Not -Be $snapshots[5].Layers[0].Weights
        $net.EpochsTrained | Should -Be ($best.Epoch + 1)
        ($net | Test-Network -Data $script:tinyData.Test).Correct | Should -Be $best.Correct
    }

    It 'refuses -KeepBest without test data' {
        { New-Network 4, 3, 10 -Seed 1 | Invoke-SgdTraining -TrainingData $script:tinyData.Training -Epochs 1 -KeepBest } |
            Should -Throw -ErrorId 'KeepBestNeedsTestData,NndlPS.Commands.InvokeSgdTrainingCommand'
    }

    It 'with -NetworkVariable keeps the new network reachable when the run is stopped' {
        $module = (Get-Module NndlPS).ModuleBase
        $ps = [powershell]::Create()
        try {
            [void] $ps.AddScript("Import-Module '$module'; Import-Mnist -Path '$script:tiny' -ValidationSize 100 | Invoke-SgdTraining -Epochs 1000000 -Seed 1 -KeepBest -NetworkVariable trained")
            $output = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $async = $ps.BeginInvoke([System.Management.Automation.PSDataCollection[psobject]]::new(), $output)
            # Wait for three epochs to arrive (bounded, so a broken run fails instead of hanging), then stop as Ctrl+C does.
            for ($wait = 0; $output.Count -lt 3 -and -not $async.IsCompleted -and $wait -lt 6000; $wait++) { Start-Sleep -Milliseconds 10 }
            $output.Count | Should -BeGreaterOrEqual 3
            $ps.Stop()
            $trained = $ps.Runspace.SessionStateProxy.GetVariable('trained')
            $trained | Should -BeOfType ([NndlPS.Core.Network])
            $trained.EpochsTrained | Should -BeGreaterOrEqual 1
            $bestShown = ($output | Measure-Object Correct -Maximum).Maximum
            ($trained | Test-Network -Data $script:tinyData.Test).Correct | Should -BeGreaterOrEqual $bestShown
        } finally { $ps.Dispose() }
    }
}

Describe 'Import-Mnist from the pipeline' {
    It 'makes one dataset of the files piped from Get-ChildItem' {
        $data = @(Get-ChildItem $script:tiny -File | Import-Mnist -ValidationSize 100)
        $data.Count | Should -Be 1
        $data[0].Test.Count | Should -Be 100
    }

    It 'reads a folder piped from Get-Item' {
        (Get-Item $script:tiny | Import-Mnist -ValidationSize 100).Training.Count | Should -Be 300
    }
}
