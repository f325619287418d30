# Tests on the real MNIST, which './build.ps1 Data' (run by './build.ps1 Test') puts in the data cache.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:mnist = Import-Mnist
}

Describe 'Real MNIST' {
    It 'loads 50,000 / 10,000 / 10,000 images of 28x28 as the book splits them' {
        $script:mnist.Training.Count | Should -Be 50000
        $script:mnist.Validation.Count | Should -Be 10000
        $script:mnist.Test.Count | Should -Be 10000
        $script:mnist.Test.InputSize | Should -Be 784
        # The well-known first labels: the training set starts with a 5, the test set with a 7, and
        # the validation set (training image 50,000) with a 3.
        $script:mnist.Training.GetLabel(0) | Should -Be 5
        $script:mnist.Test.GetLabel(0) | Should -Be 7
        $script:mnist.Validation.GetLabel(0) | Should -Be 3
    }

    It "reaches the book's accuracy: best epoch of 30 at least 94.5% (seed <Seed>)" -TestCases @(
        @{ Seed = 1 }, @{ Seed = 2 }, @{ Seed = 3 }
    ) {
        $epochs = @($script:mnist | Invoke-SgdTraining -Epochs 30 -Seed $Seed)
        $best = $epochs | Sort-Object Accuracy -Descending | Select-Object -First 1
        $perEpoch = ($epochs | Measure-Object Seconds -Average).Average
        Write-Host ("    seed {0}: best epoch {1}: {2} / 10000 ({3:P2}); {4:N3} s per epoch" -f $Seed, $best.Epoch, $best.Correct, $best.Accuracy, $perEpoch)
        $epochs.Count | Should -Be 30
        $best.Accuracy | Should -BeGreaterOrEqual 0.945
    }
}

Describe 'Fashion-MNIST from the Debian package dataset-fashion-mnist' {
    It 'is found in the system dataset folder, with its class names, and trains' {
        # The data, not the feature, can be missing: only root can install a Debian package, which './build.ps1
        # Data' does where it can (CI). The system-folder search itself is tested with a folder of our own in xunit
        # (DownloadTests.A_system_dataset_folder_is_read_when_the_caches_are_empty).
        if (-not (Test-Path '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')) {
            Set-ItResult -Skipped -Because 'Fashion-MNIST is not installed on this machine: as root, run apt-get install dataset-fashion-mnist (./build.ps1 Data does this where it can)'
            return
        }

        $saved = $env:NNDLPS_DATA
        try {
            $env:NNDLPS_DATA = Join-Path $TestDrive 'no-fashion-here'
            $fashion = Import-Mnist -Name FashionMnist -NoDownload
        } finally { $env:NNDLPS_DATA = $saved }
        $fashion.Name | Should -Be 'Fashion-MNIST'
        $fashion.Source | Should -Match 'fashion-mnist'
        $fashion.ClassNames[0] | Should -Be 'T-shirt/top'
        $fashion.ClassNames[9] | Should -Be 'Ankle boot'
        $fashion.Training.Count | Should -Be 50000
        $epochs = @($fashion | Invoke-SgdTraining -Epochs 5 -Seed 1)
        Write-Host ("    Fashion-MNIST, 5 epochs: best {0:P2}" -f ($epochs | Measure-Object Accuracy -Maximum).Maximum)
        $epochs.Count | Should -Be 5
        ($epochs | Measure-Object Accuracy -Maximum).Maximum | Should -BeGreaterThan 0.75
    }
}

Describe 'Fashion-MNIST''s files in a folder of any name' {
    It 'are taken for Fashion-MNIST by their test labels, unless -Name says otherwise, and MNIST''s for MNIST' {
        # ~/data/clothes holding the four files read clothes as the digits 0 to 9, silently: names, sizes and headers
        # are MNIST's. The published test labels' SHA-256 tells them apart.
        if (-not (Test-Path '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz')) {
            Set-ItResult -Skipped -Because 'Fashion-MNIST is not installed on this machine: as root, run apt-get install dataset-fashion-mnist (./build.ps1 Data does this where it can)'
            return
        }

        $clothes = New-Item -ItemType Directory (Join-Path $TestDrive 'clothes')
        Copy-Item /usr/share/datasets/fashion-mnist/*.gz $clothes
        $data = Import-Mnist -Path $clothes -First 100 -ValidationSize 0 -Verbose 4>&1
        $said = @($data | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
        $fashion = @($data | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] })[0]
        $fashion.Name | Should -Be 'Fashion-MNIST'
        $fashion.ClassNames[7] | Should -Be 'Sneaker'
        $said | Should -Contain "Taking $clothes for Fashion-MNIST: its test labels are that set's published ones (-Name would override this)"
        (Import-Mnist -Path $clothes -First 100 -ValidationSize 0 -Name Mnist).Name | Should -Be 'MNIST'
        # The contents outweigh a folder's name: MNIST's own files in a folder named for Fashion-MNIST are digits.
        $digits = New-Item -ItemType Directory (Join-Path $TestDrive 'fashion-mnist')
        Copy-Item (Join-Path ([NndlPS.Core.DataFolders]::ForDataset('mnist')) '*') $digits
        (Import-Mnist -Path $digits -First 100 -ValidationSize 0).Name | Should -Be 'MNIST'
        (Import-Mnist -Path $digits -First 100 -ValidationSize 0 -Name FashionMnist).Name | Should -Be 'Fashion-MNIST'
    }

    It 'exported, a hundred of them come back as Fashion-MNIST; an export whose record contradicts its published labels is refused' {
        if (-not (Test-Path '/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz')) {
            Set-ItResult -Skipped -Because 'Fashion-MNIST is not installed on this machine: as root, run apt-get install dataset-fashion-mnist (./build.ps1 Data does this where it can)'
            return
        }

        # A hundred test labels are not the published ten thousand: the export's checksum file says which set it was.
        $few = Join-Path $TestDrive 'few-clothes'
        Import-Mnist -Path /usr/share/datasets/fashion-mnist -First 100 -ValidationSize 10 | Export-Mnist -Path $few | Out-Null
        $back = Import-Mnist -Path $few
        $back.Name | Should -Be 'Fashion-MNIST'
        $back.ClassNames[7] | Should -Be 'Sneaker'
        (Get-ChildItem $few -Filter *.gz | Import-Mnist -ValidationSize 10).Name | Should -Be 'Fashion-MNIST'

        # The record is a comment outside the checksums: MNIST's published test labels under a record of Fashion-MNIST
        # are refused, not named either way; -Name reads them.
        $digits = Join-Path $TestDrive 'digits'
        Import-Mnist -Path ([NndlPS.Core.DataFolders]::ForDataset('mnist')) -ValidationSize 10 | Export-Mnist -Path $digits | Out-Null
        $manifest = Join-Path $digits 'nndlps-export.sha256'
        (Get-Content -Raw $manifest) | Should -Match '# dataset: mnist'
        [IO.File]::WriteAllText($manifest, ((Get-Content -Raw $manifest) -replace '# dataset: mnist', '# dataset: fashion-mnist'))
        { Import-Mnist -Path $digits } | Should -Throw -ErrorId 'ExportDatasetMismatch,NndlPS.Commands.ImportMnistCommand'
        (Import-Mnist -Path $digits -Name Mnist).Name | Should -Be 'MNIST'
    }
}

Describe 'The chapter''s baselines on real MNIST (Measure-Baseline)' {
    It 'average darkness gets exactly the book''s 2,225 of 10,000' {
        $result = $script:mnist | Measure-Baseline AverageDarkness
        $result.Correct | Should -Be 2225
        $result.Total | Should -Be 10000
    }

    It 'random guessing gets about one in ten' {
        ($script:mnist | Measure-Baseline Random -Seed 1).Accuracy | Should -BeGreaterThan 0.09
        ($script:mnist | Measure-Baseline Random -Seed 1).Accuracy | Should -BeLessThan 0.11
    }

    It 'one-vs-rest linear SVMs reach at least 91.5% (scikit-learn''s LinearSVC: 91.52%)' {
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $result = $script:mnist | Measure-Baseline LinearSvm -Seed 1
        Write-Host ("    LinearSvm: {0} / 10000 ({1:P2}) in {2:N1} s" -f $result.Correct, $result.Accuracy, $clock.Elapsed.TotalSeconds)
        $result.Accuracy | Should -BeGreaterOrEqual 0.915
    }

    It 'refuses training and test images of different shapes' {
        $tiny = Join-Path $TestDrive 'tiny'
        New-TinyMnist $tiny -Train 20 -Test 10
        $small = Import-Mnist -Path $tiny -ValidationSize 10
        { Measure-Baseline AverageDarkness -TrainingData $script:mnist.Training -TestData $small.Test } |
            Should -Throw -ErrorId 'BaselineDataMismatch,NndlPS.Commands.MeasureBaselineCommand'
    }
}
