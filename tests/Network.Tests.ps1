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
        @{ Name = 'Export-Network' }, @{ Name = 'Import-Network' }
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
        New-Network 2, 3 -Seed 1 | Export-Network (Join-Path $folder 'a.json') | Out-Null
        New-Network 2, 4 -Seed 1 | Export-Network (Join-Path $folder 'b.json') | Out-Null
        $nets = @(Get-ChildItem $folder -Filter *.json | Sort-Object Name | Import-Network)
        $nets.Count | Should -Be 2
        $nets[1].Sizes | Should -Be @(2, 4)
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

    It 'refuses a missing file as not found' {
        $err = { Import-Network -Path (Join-Path $TestDrive 'nowhere.json') } | Should -Throw -ErrorId 'NetworkFileNotFound,NndlPS.Commands.ImportNetworkCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}
