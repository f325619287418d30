BeforeDiscovery {
    # The -TestCases tables build IDX bytes while Pester discovers the tests.
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 400 -Test 100
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 100
}

Describe 'The module' {
    It 'exports its cmdlets' {
        $commands = (Get-Command -Module NndlPS).Name | Sort-Object
        $commands | Should -Be @('Add-NetworkLayer', 'Expand-Mnist', 'Export-LearningCurve', 'Export-Mnist', 'Export-MnistImage', 'Export-Network', 'Export-NetworkImage', 'Get-MnistSample', 'Get-NetworkGradient', 'Import-Mnist', 'Import-Network', 'Invoke-GradientDescent', 'Invoke-Network', 'Invoke-SgdSweep', 'Invoke-SgdTraining', 'Measure-Baseline', 'New-ConvPoolLayer', 'New-FullyConnectedLayer', 'New-Network', 'New-SoftmaxLayer', 'Test-Network', 'Test-NetworkGradient')
    }

    It 'declares what <Name> outputs' -TestCases @(
        @{ Name = 'Import-Mnist'; Type = 'NndlPS.Core.MnistDataset' }
        @{ Name = 'New-Network'; Type = 'NndlPS.Core.Network' }
        @{ Name = 'Invoke-SgdTraining'; Type = 'NndlPS.Core.EpochResult' }
        @{ Name = 'Get-MnistSample'; Type = 'NndlPS.Core.ImageSample' }
        @{ Name = 'Export-Mnist'; Type = 'System.IO.FileInfo' }
        @{ Name = 'Export-Network'; Type = 'System.IO.FileInfo' }
        @{ Name = 'Import-Network'; Type = 'NndlPS.Core.Network' }
        @{ Name = 'Invoke-Network'; Type = 'NndlPS.Core.Prediction' }
        @{ Name = 'Measure-Baseline'; Type = 'NndlPS.Core.EvaluationResult' }
        @{ Name = 'Invoke-GradientDescent'; Type = 'NndlPS.Core.GradientDescentStep' }
        @{ Name = 'Add-NetworkLayer'; Type = 'NndlPS.Core.Network' }
        @{ Name = 'Export-MnistImage'; Type = 'System.IO.FileInfo' }
        @{ Name = 'Export-NetworkImage'; Type = 'System.IO.FileInfo' }
        @{ Name = 'Export-LearningCurve'; Type = 'System.IO.FileInfo' }
    ) {
        (Get-Command $Name).OutputType.Name | Should -Be $Type
    }

    It 'declares that Expand-Mnist outputs a dataset, or an image set given by itself' {
        (Get-Command Expand-Mnist).OutputType.Name | Should -Be @('NndlPS.Core.MnistDataset', 'NndlPS.Core.ImageSet')
    }

    It 'declares that Test-Network outputs an evaluation result (and, for several networks voting, an ensemble result)' {
        (Get-Command Test-Network).OutputType.Name | Should -Be @('NndlPS.Core.EvaluationResult', 'NndlPS.Core.EnsembleResult')
    }

    It 'declares that Invoke-SgdSweep outputs sweep results (and, on a session''s remote side, text)' {
        (Get-Command Invoke-SgdSweep).OutputType.Name | Should -Be @('NndlPS.Core.SweepResult', 'System.String')
    }
}

Describe 'Help' {
    It 'Get-Help <Name> has a synopsis, a description of every parameter and an example' -TestCases @(
        @{ Name = 'Import-Mnist' }, @{ Name = 'Export-Mnist' }, @{ Name = 'Get-MnistSample' },
        @{ Name = 'New-Network' }, @{ Name = 'Invoke-SgdTraining' }, @{ Name = 'Test-Network' },
        @{ Name = 'Measure-Baseline' }, @{ Name = 'Invoke-GradientDescent' },
        @{ Name = 'Add-NetworkLayer' },
        @{ Name = 'Invoke-SgdSweep' }, @{ Name = 'Export-Network' }, @{ Name = 'Import-Network' }, @{ Name = 'Invoke-Network' }
    ) {
        $help = Get-Help $Name -Full
        $help.Synopsis | Should -Not -Match "^\s*$Name" # not the bare syntax PowerShell shows without help
        $help.Synopsis.Length | Should -BeGreaterThan 20
        @($help.Examples.Example).Count | Should -BeGreaterThan 0
        $common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common }) {
            (Get-Help $Name -Parameter $parameter).Description.Text | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }
}

Describe 'Import-Mnist' {
    It 'returns one dataset object split like the book, from <Kind> files' -TestCases @(
        @{ Kind = 'raw'; Gzip = $false }
        @{ Kind = 'gzip'; Gzip = $true }
    ) {
        $folder = Join-Path $TestDrive "split-$Kind"
        New-TinyMnist $folder -Train 300 -Test 50 -Gzip:$Gzip
        $result = @(Import-Mnist -Path $folder -ValidationSize 60)
        $result.Count | Should -Be 1
        $result[0].Training.Count | Should -Be 240
        $result[0].Validation.Count | Should -Be 60
        $result[0].Test.Count | Should -Be 50
        $result[0].Test.InputSize | Should -Be 4
    }

    It 'resolves a relative -Path against the current PowerShell location' {
        Push-Location $TestDrive
        try { (Import-Mnist -Path ./tiny -ValidationSize 10).Test.Count | Should -Be 100 }
        finally { Pop-Location }
    }

    It 'scales pixels to [0, 1]' {
        $pixels = $script:tinyData.Training.GetImage(0)
        ($pixels | Measure-Object -Maximum).Maximum | Should -BeLessOrEqual 1
        ($pixels | Measure-Object -Minimum).Minimum | Should -BeGreaterOrEqual 0
        ($pixels | Measure-Object -Maximum).Maximum | Should -BeGreaterThan (200 / 255 - 1e-6)
    }

    It 'reads from the data cache when no -Path is given' {
        $saved = $env:NNDLPS_DATA
        try {
            $env:NNDLPS_DATA = Join-Path $TestDrive 'cache'
            New-TinyMnist (Join-Path $env:NNDLPS_DATA 'mnist') -Train 30 -Test 10 -Gzip
            (Import-Mnist -ValidationSize 5).Test.Count | Should -Be 10
        } finally { $env:NNDLPS_DATA = $saved }
    }

    It 'says what it tried and how to get the data when nothing is found (-NoDownload)' {
        $saved = $env:NNDLPS_DATA, $env:XDG_CACHE_HOME
        try {
            $env:NNDLPS_DATA = Join-Path $TestDrive 'empty-data'
            $env:XDG_CACHE_HOME = Join-Path $TestDrive 'empty-cache'
            $err = { Import-Mnist -NoDownload } | Should -Throw -ErrorId 'DatasetNotFound,NndlPS.Commands.ImportMnistCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -Match 'NNDLPS_DATA'
            $err.Exception.Message | Should -Match 'user cache'
            $err.Exception.Message | Should -Match 'Without -NoDownload, Import-Mnist downloads them'
        } finally { $env:NNDLPS_DATA, $env:XDG_CACHE_HOME = $saved }
    }

    It 'tries every mirror it is given and reports each failure' {
        $saved = $env:NNDLPS_DATA, $env:XDG_CACHE_HOME
        try {
            $env:NNDLPS_DATA = Join-Path $TestDrive 'mirror-data'
            $env:XDG_CACHE_HOME = Join-Path $TestDrive 'mirror-cache'
            # Port 9 on loopback: nothing listens there, so the connection is refused at once.
            $err = { Import-Mnist -Mirror 'http://127.0.0.1:9/a/', 'http://127.0.0.1:9/b/' -TimeoutSec 5 } |
                Should -Throw -ErrorId 'DatasetNotFound,NndlPS.Commands.ImportMnistCommand' -PassThru
            $err.Exception.Message | Should -Match '127.0.0.1:9/a/train-images-idx3-ubyte.gz'
            $err.Exception.Message | Should -Match '127.0.0.1:9/b/train-images-idx3-ubyte.gz'
            Get-ChildItem $env:NNDLPS_DATA -Recurse -File | Should -BeNullOrEmpty
        } finally { $env:NNDLPS_DATA, $env:XDG_CACHE_HOME = $saved }
    }

    It 'reads the files themselves when -Path names them' {
        $files = Get-ChildItem $script:tiny -File | ForEach-Object FullName
        (Import-Mnist -Path $files -ValidationSize 100).Test.Count | Should -Be 100
    }

    It 'keeps the first n images of each set with -First' {
        $data = Import-Mnist -Path $script:tiny -ValidationSize 100 -First 7
        $data.Training.Count, $data.Validation.Count, $data.Test.Count | Should -Be @(7, 7, 7)
    }

    It 'reads the Kaggle CSV layout' {
        $folder = Join-Path $TestDrive 'csv'
        New-Item -ItemType Directory $folder | Out-Null
        $row = { param($label) (@($label) + (0..3 | ForEach-Object { ($_ * 60 + $label) % 256 })) -join ',' }
        Set-Content (Join-Path $folder 'mnist_train.csv') -Value (@('label,pixel0,pixel1,pixel2,pixel3') + (0..19 | ForEach-Object { & $row ($_ % 4) }))
        Set-Content (Join-Path $folder 'mnist_test.csv') -Value (0..4 | ForEach-Object { & $row ($_ % 4) })
        $data = Import-Mnist -Path $folder -ValidationSize 5
        $data.Training.Count | Should -Be 15
        $data.Test.GetLabel(3) | Should -Be 3
    }

    It 'refuses a CSV row with a pixel that is not a number, naming the file and row' {
        $folder = Join-Path $TestDrive 'bad-csv'
        New-Item -ItemType Directory $folder | Out-Null
        Set-Content (Join-Path $folder 'mnist_train.csv') -Value '1,0,0,0,0', '2,0,x,0,0'
        Set-Content (Join-Path $folder 'mnist_test.csv') -Value '1,0,0,0,0'
        $err = { Import-Mnist -Path $folder -ValidationSize 1 } | Should -Throw -ErrorId 'CsvInvalid,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Match 'Row 2'
        $err.Exception.Message | Should -Match 'mnist_train.csv'
    }

    It 'refuses a pickle that names a global other than numpy''s' {
        $path = Join-Path $TestDrive 'mnist.pkl'
        [IO.File]::WriteAllBytes($path, [byte[]] (@(0x80, 2, [byte][char]'c') + [Text.Encoding]::ASCII.GetBytes("os`nsystem`n") + @([byte][char]')', [byte][char]'R', [byte][char]'.')))
        $err = { Import-Mnist -Path $path } | Should -Throw -ErrorId 'PickleInvalid,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Match 'os.system'
    }

    It 'refuses a missing folder' {
        $err = { Import-Mnist -Path (Join-Path $TestDrive 'nowhere') } | Should -Throw -ErrorId 'MnistFolderNotFound,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a folder with a missing file and names it' {
        $folder = Join-Path $TestDrive 'three-files'
        New-TinyMnist $folder -Train 20 -Test 10
        Remove-Item (Join-Path $folder 't10k-labels-idx1-ubyte')
        $err = { Import-Mnist -Path $folder } | Should -Throw -ErrorId 'MnistFileNotFound,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Match 't10k-labels-idx1-ubyte'
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a file that is not IDX'; ErrorId = 'IdxHeaderInvalid,NndlPS.Commands.ImportMnistCommand'; Bytes = [Text.Encoding]::ASCII.GetBytes('<html>not found</html>') }
        @{ Case = 'a truncated file'; ErrorId = 'IdxTruncated,NndlPS.Commands.ImportMnistCommand'; Bytes = (New-IdxBytes 0x08 @(10) ([byte[]] (1, 2, 3))) }
        @{ Case = 'a header claiming billions of items'; ErrorId = 'IdxTooLarge,NndlPS.Commands.ImportMnistCommand'; Bytes = (New-IdxBytes 0x08 @(2000000000, 28, 28) ([byte[]] (1, 2))) }
        @{ Case = 'labels that do not match the image count'; ErrorId = 'MnistCountMismatch,NndlPS.Commands.ImportMnistCommand'; Bytes = (New-IdxBytes 0x08 @(3) ([byte[]] (1, 2, 3))) }
        @{ Case = 'a label outside 0-9'; ErrorId = 'MnistLabelOutOfRange,NndlPS.Commands.ImportMnistCommand'; Bytes = (New-IdxBytes 0x08 @(10) ([byte[]] (1, 2, 3, 4, 5, 6, 7, 8, 9, 12))) }
    ) {
        $folder = Join-Path $TestDrive ($Case -replace '\W', '-')
        New-TinyMnist $folder -Train 20 -Test 10
        [IO.File]::WriteAllBytes((Join-Path $folder 't10k-labels-idx1-ubyte'), $Bytes)
        $err = { Import-Mnist -Path $folder -ValidationSize 5 } | Should -Throw -ErrorId $ErrorId -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 't10k-labels-idx1-ubyte'
    }

    It 'refuses a validation size larger than the training set' {
        { Import-Mnist -Path $script:tiny -ValidationSize 400 } | Should -Throw -ErrorId 'ValidationSizeOutOfRange,NndlPS.Commands.ImportMnistCommand'
    }
}

Describe 'Get-MnistSample' {
    It 'returns the label, class name and pixels of an image, and draws it' {
        $sample = $script:tinyData.Test | Get-MnistSample 3
        $sample.Label | Should -Be $script:tinyData.Test.GetLabel(3)
        $sample.ClassName | Should -Be ([string] $sample.Label)
        $sample.Pixels.Count | Should -Be 4
        ($sample | Out-String) | Should -Match ('Test\[3\]: label {0}' -f $sample.Label)
    }

    It 'refuses an index past the end' {
        { $script:tinyData.Test | Get-MnistSample 100 } | Should -Throw -ErrorId 'SampleIndexOutOfRange,NndlPS.Commands.GetMnistSampleCommand'
    }
}

Describe 'Export-Mnist' {
    It 'writes four IDX .gz files that import back to the same sets' {
        $folder = Join-Path $TestDrive 'exported'
        $files = $script:tinyData | Export-Mnist -Path $folder
        $files.Name | Sort-Object | Should -Be @('t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz')
        $copy = Import-Mnist -Path $folder -ValidationSize 100
        $copy.Validation.GetImage(5) | Should -Be $script:tinyData.Validation.GetImage(5)
        $copy.Test.GetLabel(99) | Should -Be $script:tinyData.Test.GetLabel(99)
    }

    It 'round-trips with defaults: the split travels with the export' {
        $folder = Join-Path $TestDrive 'exported-defaults'
        $script:tinyData | Export-Mnist -Path $folder | Out-Null
        $copy = Import-Mnist -Path $folder
        $copy.Training.Count | Should -Be $script:tinyData.Training.Count
        $copy.Validation.Count | Should -Be $script:tinyData.Validation.Count
        $copy.Validation.GetImage(0) | Should -Be $script:tinyData.Validation.GetImage(0)
        (Get-Content (Join-Path $folder 'nndlps-export.sha256') -TotalCount 1) | Should -Be "# validation-size: $($script:tinyData.Validation.Count)"
        # An explicit -ValidationSize still wins.
        (Import-Mnist -Path $folder -ValidationSize 10).Validation.Count | Should -Be 10
    }

    It 'reads every file of an export piped from Get-ChildItem as the export, and names a file piped with it that it does not list' {
        $folder = Join-Path $TestDrive 'exported-piped'
        $script:tinyData | Export-Mnist -Path $folder | Out-Null
        # The checksum file comes along: it is the export's own, so the export is read as its folder is, split and all.
        $copy = Get-ChildItem $folder | Import-Mnist
        $copy.Validation.Count | Should -Be $script:tinyData.Validation.Count
        $copy.Source | Should -Be (Import-Mnist -Path $folder).Source
        $copy.Test.GetImage(7) | Should -Be $script:tinyData.Test.GetImage(7)
        # A file of the user's beside it is named, with what is read instead.
        Set-Content (Join-Path $folder 'notes.txt') 'a few digits'
        $err = { Get-ChildItem $folder | Import-Mnist } | Should -Throw -ErrorId 'MnistFilesNotRecognised,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "'notes\.txt' is not among the files that .*nndlps-export\.sha256' lists"
        $err.Exception.Message | Should -Match ([regex]::Escape("-Path '$folder'"))
        # A replaced file is caught as it is with the folder given.
        Remove-Item (Join-Path $folder 'notes.txt')
        Copy-Item (Join-Path $folder 't10k-labels-idx1-ubyte.gz') (Join-Path $folder 'train-labels-idx1-ubyte.gz') -Force
        { Get-ChildItem $folder | Import-Mnist } | Should -Throw -ErrorId 'ExportSetMismatch,NndlPS.Commands.ImportMnistCommand'
    }

    It 'does not overwrite without -Force' {
        $folder = Join-Path $TestDrive 'exported-twice'
        $script:tinyData | Export-Mnist -Path $folder | Out-Null
        { $script:tinyData | Export-Mnist -Path $folder } | Should -Throw -ErrorId 'ExportTargetExists,NndlPS.Commands.ExportMnistCommand'
        { $script:tinyData | Export-Mnist -Path $folder -Force } | Should -Not -Throw
    }
}

Describe 'New-Network' {
    It 'builds the sizes asked for, with N(0,1) parameters' {
        $net = New-Network -Sizes 784, 30, 10 -Seed 1
        $net.Sizes | Should -Be @(784, 30, 10)
        $net.Layers.Count | Should -Be 2
        $net.Layers[0].Weights.Count | Should -Be (30 * 784)
        $net.ParameterCount | Should -Be 23860
        $stats = $net.Layers[0].Weights | Measure-Object -Average -StandardDeviation
        $stats.Average | Should -BeGreaterThan -0.05
        $stats.Average | Should -BeLessThan 0.05
        $stats.StandardDeviation | Should -BeGreaterThan 0.95
        $stats.StandardDeviation | Should -BeLessThan 1.05
    }

    It 'gives the same network for the same seed and a different one otherwise' {
        $a = New-Network 5, 3, 2 -Seed 4
        $b = New-Network 5, 3, 2 -Seed 4
        $c = New-Network 5, 3, 2 -Seed 5
        $a.Layers[0].Weights | Should -Be $b.Layers[0].Weights
        $a.Layers[0].Weights | Should -Not -Be $c.Layers[0].Weights
    }

    It 'lets a script set weights by hand (the NAND perceptron of chapter 1)' {
        $nand = New-Network 2, 1 -Seed 1
        $nand.Layers[0].SetWeight(0, 0, -20); $nand.Layers[0].SetWeight(0, 1, -20); $nand.Layers[0].Biases[0] = 30
        $nand.Predict([float[]] (1, 1)) | Should -Be 0
        $nand.FeedForward([float[]] (1, 1))[0] | Should -BeLessThan 0.01
        $nand.FeedForward([float[]] (0, 1))[0] | Should -BeGreaterThan 0.99
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'a single layer'; Sizes = @(784) }
        @{ Case = 'an empty layer'; Sizes = @(784, 0, 10) }
        @{ Case = 'a negative size'; Sizes = @(784, -30, 10) }
    ) {
        { New-Network -Sizes $Sizes } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NndlPS.Commands.NewNetworkCommand'
    }

    It 'refuses a network too large to allocate' {
        { New-Network -Sizes 1000000, 1000000 } | Should -Throw -ErrorId 'NetworkTooLarge,NndlPS.Commands.NewNetworkCommand'
    }

    It 'shows sizes and parameter count in its default view' {
        (New-Network 784, 30, 10 -Seed 1 | Out-String) | Should -Match '784, 30, 10\s+sigmoid\s+quadratic\s+23,860'
    }
}

Describe 'Invoke-SgdTraining' {
    It 'trains a new network on a piped dataset, one result per epoch' {
        $results = @($script:tinyData | Invoke-SgdTraining -Epochs 3 -Seed 1)
        $results.Count | Should -Be 3
        $results.Epoch | Should -Be @(0, 1, 2)
        $results[-1].Total | Should -Be 100
        $results[-1].Network.Sizes | Should -Be @(4, 30, 10)
        $results[-1].Seed | Should -Be 1
    }

    It 'learns the tiny problem' {
        $results = @($script:tinyData | Invoke-SgdTraining -Epochs 5 -Seed 2)
        $results[-1].Accuracy | Should -BeGreaterThan 0.95
    }

    It 'trains a piped network in place with -TrainingData and -TestData' {
        $net = New-Network 4, 8, 10 -Seed 3
        $before = $net.Layers[0].Weights.Clone()
        $results = @($net | Invoke-SgdTraining -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Epochs 4 -MiniBatchSize 10 -LearningRate 3.0 -Seed 3)
        $results[-1].Network | Should -Be $net
        $net.Layers[0].Weights | Should -Not -Be $before
        ($net | Test-Network -Data $script:tinyData.Test).Correct | Should -Be $results[-1].Correct
    }

    It 'reports "Epoch j complete" when there is no test data' {
        $results = @(New-Network 4, 5, 10 -Seed 1 | Invoke-SgdTraining -TrainingData $script:tinyData.Training -Epochs 1 -Seed 1)
        $results[0].Evaluation | Should -BeNullOrEmpty
        $results[0].ToString() | Should -Be 'Epoch 0 complete'
    }

    It 'prints epochs the way the book does' {
        $text = $script:tinyData | Invoke-SgdTraining -Epochs 2 -Seed 1 | Out-String
        $text | Should -Match '(?m)^Epoch 0: \d+ / 100\s+\d+\.\d\d%\s+\d+\.\d\d s$'
        $text | Should -Match '(?m)^Epoch 1: \d+ / 100'
    }

    It 'gives the same results for the same seed' {
        $a = $script:tinyData | Invoke-SgdTraining -Epochs 3 -Seed 11 | ForEach-Object Correct
        $b = $script:tinyData | Invoke-SgdTraining -Epochs 3 -Seed 11 | ForEach-Object Correct
        $a | Should -Be $b
    }

    It 'gives the same results in ForEach-Object -Parallel as serially' {
        $module = (Get-Module NndlPS).ModuleBase
        $folder = $script:tiny
        $serial = 1..3 | ForEach-Object { (Import-Mnist -Path $folder -ValidationSize 100 | Invoke-SgdTraining -Epochs 2 -Seed $_)[-1].Correct }
        $parallel = 1..3 | ForEach-Object -ThrottleLimit 3 -Parallel {
            Import-Module $using:module
            [pscustomobject]@{ Seed = $_; Correct = (Import-Mnist -Path $using:folder -ValidationSize 100 | Invoke-SgdTraining -Epochs 2 -Seed $_)[-1].Correct }
        } | Sort-Object Seed | ForEach-Object Correct
        $parallel | Should -Be $serial
    }

    It 'refuses <Case>' -TestCases @(
        @{ Case = 'zero epochs'; Arguments = @{ Epochs = 0 }; ErrorId = 'ParameterArgumentValidationError,NndlPS.Commands.InvokeSgdTrainingCommand' }
        @{ Case = 'negative epochs'; Arguments = @{ Epochs = -1 }; ErrorId = 'ParameterArgumentValidationError,NndlPS.Commands.InvokeSgdTrainingCommand' }
        @{ Case = 'a zero mini-batch size'; Arguments = @{ MiniBatchSize = 0 }; ErrorId = 'ParameterArgumentValidationError,NndlPS.Commands.InvokeSgdTrainingCommand' }
        @{ Case = 'a zero learning rate'; Arguments = @{ LearningRate = 0 }; ErrorId = 'InvalidLearningRate,NndlPS.Commands.InvokeSgdTrainingCommand' }
        @{ Case = 'a negative learning rate'; Arguments = @{ LearningRate = -3 }; ErrorId = 'InvalidLearningRate,NndlPS.Commands.InvokeSgdTrainingCommand' }
    ) {
        { $script:tinyData | Invoke-SgdTraining @Arguments } | Should -Throw -ErrorId $ErrorId
    }

    It 'refuses a network whose <Which> layer does not fit the data' -TestCases @(
        @{ Which = 'input'; Sizes = @(784, 30, 10) }
        @{ Which = 'output'; Sizes = @(4, 30, 3) }
    ) {
        $net = New-Network -Sizes $Sizes -Seed 1
        $err = { $script:tinyData | Invoke-SgdTraining -Network $net -Epochs 1 } | Should -Throw -ErrorId 'NetworkShapeMismatch,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'New-Network -Sizes 4,30,10'
    }
}

Describe 'Test-Network' {
    It 'counts correct answers' {
        $result = New-Network 4, 10 -Seed 1 | Test-Network -Data $script:tinyData.Test
        $result.Total | Should -Be 100
        $result.Correct | Should -BeGreaterOrEqual 0
        $result.Accuracy | Should -Be ($result.Correct / 100)
    }

    It 'refuses a network that does not fit the data' {
        { New-Network 784, 10 -Seed 1 | Test-Network -Data $script:tinyData.Test } | Should -Throw -ErrorId 'NetworkShapeMismatch,NndlPS.Commands.TestNetworkCommand'
    }
}

Describe 'Measure-Baseline' {
    It 'scores <Method> on the Test set of a piped dataset, as Test-Network does' -TestCases @(
        @{ Method = 'Random' }, @{ Method = 'AverageDarkness' }, @{ Method = 'LinearSvm' }
    ) {
        $result = $script:tinyData | Measure-Baseline $Method -Seed 1
        $result | Should -BeOfType NndlPS.Core.EvaluationResult
        $result.Total | Should -Be 100
        $result.Confusion.ClassCount | Should -Be 10
        (0..9 | ForEach-Object { $result.Confusion.GetCount($_, $_) } | Measure-Object -Sum).Sum | Should -Be $result.Correct
    }

    It 'learns the tiny set (bright pixel = label) with a linear SVM, and guesses at random without learning' {
        ($script:tinyData | Measure-Baseline LinearSvm -Seed 1).Correct | Should -Be 100
        $random = Measure-Baseline Random -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Seed 3
        $random.Correct | Should -BeLessThan 50
        (Measure-Baseline Random -TrainingData $script:tinyData.Training -TestData $script:tinyData.Test -Seed 3).Correct | Should -Be $random.Correct
    }
}

Describe 'Invoke-GradientDescent' {
    BeforeAll {
        $script:bowl = { param($v1, $v2) $v1 * $v1 + $v2 * $v2 }
    }

    It 'returns the start and every step, and for a small eta C falls every step' {
        $path = @(Invoke-GradientDescent -Cost $script:bowl -Start 1, 1 -LearningRate 0.1 -Steps 50)
        $path.Count | Should -Be 51
        $path[0].Step | Should -Be 0
        $path[0].C | Should -Be 2
        for ($i = 1; $i -lt $path.Count; $i++) { $path[$i].C | Should -BeLessThan $path[$i - 1].C }
        # On this bowl, grad C = 2v, so each step multiplies v by 1 - 2 eta = 0.8 exactly.
        $path[1].V1 | Should -BeGreaterThan (0.8 - 1e-8)
        $path[1].V1 | Should -BeLessThan (0.8 + 1e-8)
        $path[-1].C | Should -BeLessThan 1e-9
    }

    It 'overshoots the valley floor and diverges for a large eta, ending with a warning when C is no longer finite' {
        $path = @(Invoke-GradientDescent -Cost $script:bowl -Start 1, 1 -LearningRate 1.5 -Steps 20)
        # Each step multiplies v by 1 - 2 eta = -2: across the valley and higher up the other side.
        [Math]::Sign($path[1].V1) | Should -Be -1
        for ($i = 1; $i -lt $path.Count; $i++) { $path[$i].C | Should -BeGreaterThan $path[$i - 1].C }
        $far = @(Invoke-GradientDescent -Cost $script:bowl -Start 1, 1 -LearningRate 1e150 -Steps 20 -WarningVariable warnings -WarningAction SilentlyContinue)
        [double]::IsFinite($far[-1].C) | Should -BeFalse
        $far.Count | Should -BeLessThan 21
        $warnings | Should -Match 'smaller -LearningRate'
    }

    It 'uses a -Gradient scriptblock when given' {
        # A deliberately wrong "gradient" (twice the true one) moves v by 1 - 4 eta: proof it was used.
        $path = @(Invoke-GradientDescent -Cost $script:bowl -Gradient { param($v1, $v2) (4 * $v1), (4 * $v2) } -Start 1, 1 -LearningRate 0.1 -Steps 1)
        $path[1].V1 | Should -Be 0.6
        $path[0].Gradient | Should -Be @(4, 4)
    }

    It 'minimises a cost of any number of variables' {
        $path = @(Invoke-GradientDescent -Cost { param($a, $b, $c) ($a - 1) * ($a - 1) + ($b + 2) * ($b + 2) + $c * $c } -Start 0, 0, 5 -Steps 200)
        $path[-1].V[0] | Should -BeGreaterThan 0.999
        $path[-1].V[1] | Should -BeLessThan -1.999
        $path[-1].V2 | Should -Be $path[-1].V[1]
    }

    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a cost that returns text'; ErrorId = 'CostNotANumber'; Cost = { 'steep' }; Gradient = $null; Rate = 0.1 }
        @{ Case = 'a cost that returns two values'; ErrorId = 'CostNotANumber'; Cost = { 1; 2 }; Gradient = $null; Rate = 0.1 }
        @{ Case = 'a cost that throws'; ErrorId = 'CostFailed'; Cost = { throw 'no' }; Gradient = $null; Rate = 0.1 }
        @{ Case = 'a gradient of the wrong length'; ErrorId = 'GradientShapeMismatch'; Cost = { 1 }; Gradient = { 1, 2, 3 }; Rate = 0.1 }
        @{ Case = 'a negative learning rate'; ErrorId = 'InvalidLearningRate'; Cost = { 1 }; Gradient = $null; Rate = -1 }
    ) {
        $arguments = @{ Cost = $Cost; Start = 1, 1; LearningRate = $Rate; Steps = 3 }
        if ($Gradient) { $arguments.Gradient = $Gradient }
        { Invoke-GradientDescent @arguments } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.InvokeGradientDescentCommand"
    }
}

Describe 'Invoke-SgdTraining progress' {
    It 'shows the last epoch''s monitored cost under the bar, and the time remaining while it runs' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript("Import-Module '$((Get-Module NndlPS).ModuleBase)'; `$ProgressPreference = 'Continue'; Import-Mnist -Path '$($script:tiny)' -ValidationSize 100 | Invoke-SgdTraining -Epochs 3 -Seed 1 -Monitor TrainingCost").Invoke()
            $records = @($shell.Streams.Progress | Where-Object Activity -Like 'Training*')
            $last = $records[-1]
            $last.RecordType | Should -Be 'Completed'
            $last.CurrentOperation | Should -Match '^Epoch 2: cost \d'
            foreach ($record in $records | Where-Object RecordType -EQ 'Processing') { $record.SecondsRemaining | Should -BeGreaterOrEqual 0 }
        } finally {
            $shell.Dispose()
        }
    }
}
