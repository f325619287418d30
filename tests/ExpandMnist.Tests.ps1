# Expand-Mnist on the real MNIST, which './build.ps1 Data' (run by './build.ps1 Test') puts in the data cache: chapter
# 6's expanded training set (expand_mnist.py), in the pipeline, within its memory bound, and its refusals.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:mnist = Import-Mnist -NoDownload

    # Pixel (row, column) of a 28x28 image, 0 outside it.
    function Get-Pixel([float[]] $Image, [int] $Row, [int] $Column) {
        if ($Row -lt 0 -or $Row -ge 28 -or $Column -lt 0 -or $Column -ge 28) { return 0 }
        $Image[$Row * 28 + $Column]
    }
}

Describe 'Import-Mnist | Expand-Mnist' {
    It 'expands the 50,000 training images to 250,000 in less than 300 MB more memory' {
        # Measured with the input already loaded: what expanding adds is the 196 MB of byte pixels and 250,000 labels.
        $process = [System.Diagnostics.Process]::GetCurrentProcess()
        $null = [GC]::GetTotalMemory($true)
        $process.Refresh()
        $workingSet = $process.WorkingSet64
        $private = $process.PrivateMemorySize64
        $heap = [GC]::GetTotalMemory($true)

        $script:expanded = $script:mnist | Expand-Mnist

        $process.Refresh()
        $heapGrowth = [GC]::GetTotalMemory($true) - $heap
        Write-Host ('    expanding grew the heap by {0:N0} MB, the working set by {1:N0} MB, private memory by {2:N0} MB' -f
            ($heapGrowth / 1MB), (($process.WorkingSet64 - $workingSet) / 1MB), (($process.PrivateMemorySize64 - $private) / 1MB))
        $script:expanded.Training.Count | Should -Be 250000
        $heapGrowth | Should -BeGreaterOrEqual (250000 * 784) -Because 'the expanded pixels are held, as bytes'
        $heapGrowth | Should -BeLessThan 300MB
        ($process.WorkingSet64 - $workingSet) | Should -BeLessThan 300MB
        ($process.PrivateMemorySize64 - $private) | Should -BeLessThan 300MB
    }

    It 'returns a new dataset named expanded, whose validation and test sets are the very ones piped in' {
        $script:expanded | Should -BeOfType NndlPS.Core.MnistDataset
        $script:expanded | Should -Not -Be $script:mnist
        $script:expanded.Name | Should -Be 'MNIST expanded'
        $script:expanded.Source | Should -Be $script:mnist.Source
        [object]::ReferenceEquals($script:expanded.Validation, $script:mnist.Validation) | Should -BeTrue
        [object]::ReferenceEquals($script:expanded.Test, $script:mnist.Test) | Should -BeTrue
        $script:expanded.Validation.Count | Should -Be 10000
        $script:expanded.Test.Count | Should -Be 10000
        $script:mnist.Training.Count | Should -Be 50000 -Because 'the input is left as it was'
        "$($script:expanded)" | Should -BeLike 'MNIST expanded: 250000 training, 10000 validation, 10000 test images from *'
    }

    It 'follows training image <Index> with its four copies, each with its label' -TestCases @(
        @{ Index = 0 }, @{ Index = 1 }, @{ Index = 49999 }
    ) {
        $label = $script:mnist.Training.GetLabel($Index)
        foreach ($copy in 0..4) { $script:expanded.Training.GetLabel(5 * $Index + $copy) | Should -Be $label }
        $script:expanded.Training.GetImage(5 * $Index) | Should -Be $script:mnist.Training.GetImage($Index)
    }

    It 'shifts training image <Index> by one pixel <Direction>: each pixel is the original''s neighbour, and the row or column shifted in is 0' -TestCases @(
        @{ Index = 0; Copy = 1; Direction = 'down'; Down = 1; Right = 0 }
        @{ Index = 0; Copy = 2; Direction = 'up'; Down = -1; Right = 0 }
        @{ Index = 0; Copy = 3; Direction = 'right'; Down = 0; Right = 1 }
        @{ Index = 0; Copy = 4; Direction = 'left'; Down = 0; Right = -1 }
        @{ Index = 49999; Copy = 1; Direction = 'down'; Down = 1; Right = 0 }
        @{ Index = 49999; Copy = 4; Direction = 'left'; Down = 0; Right = -1 }
    ) {
        $original = $script:mnist.Training.GetImage($Index)
        $shifted = $script:expanded.Training.GetImage(5 * $Index + $Copy)
        # One pixel by name: the first training image, a 5, has ink at row 6, column 15 (0.9921569, stored as 253).
        if ($Index -eq 0) {
            Get-Pixel $original 6 15 | Should -BeGreaterThan 0.9
            Get-Pixel $shifted (6 + $Down) (15 + $Right) | Should -Be (Get-Pixel $original 6 15)
        }
        $mismatches = foreach ($row in 0..27) {
            foreach ($column in 0..27) {
                $expected = Get-Pixel $original ($row - $Down) ($column - $Right)
                if ((Get-Pixel $shifted $row $column) -ne $expected) { "($row, $column)" }
            }
        }
        @($mismatches) | Should -BeNullOrEmpty
        ($shifted | Measure-Object -Sum).Sum | Should -BeGreaterThan 0 -Because 'a digit stays in the picture'
    }
}

Describe 'Expand-Mnist' {
    It 'expands an image set given by itself, and returns an image set' {
        $training = (Import-Mnist -First 100 -NoDownload).Training
        $set = $training | Expand-Mnist
        $set | Should -BeOfType NndlPS.Core.ImageSet
        $set.Count | Should -Be 500
        $set.Name | Should -Be 'Training'
        (Expand-Mnist -TrainingData $training).Count | Should -Be 500
    }

    It 'shifts by -Distance pixels, and says so in the name' {
        $data = Import-Mnist -First 10 -NoDownload
        $expanded = $data | Expand-Mnist -Distance 2
        $expanded.Name | Should -Be 'MNIST expanded by 2 px'
        $original = $data.Training.GetImage(0)
        $up = $expanded.Training.GetImage(2)
        Get-Pixel $up 4 15 | Should -Be (Get-Pixel $original 6 15)
        $up[(26 * 28)..(28 * 28 - 1)] | Should -Be (@(0) * 56) -Because 'the two bottom rows are shifted in'
    }

    It 'feeds Invoke-SgdTraining: five times the training images, evaluated on the test set as it was' {
        $epochs = @(Import-Mnist -First 1000 -NoDownload | Expand-Mnist | Invoke-SgdTraining -Epochs 1 -Seed 1)
        $epochs.Count | Should -Be 1
        $epochs[0].TrainingCount | Should -Be 5000
        $epochs[0].Total | Should -Be 1000
        $epochs[0].Accuracy | Should -BeGreaterThan 0.3 -Because 'a network learns from shifted digits'
    }

    It 'refuses -Distance <Distance>, which would leave a copy blank: ShiftDistanceOutOfRange' -TestCases @(
        @{ Distance = 28 }, @{ Distance = 1000 }
    ) {
        $data = Import-Mnist -First 10 -NoDownload
        { $data | Expand-Mnist -Distance $Distance } | Should -Throw -ErrorId 'ShiftDistanceOutOfRange,NndlPS.Commands.ExpandMnistCommand'
        try { $data | Expand-Mnist -Distance $Distance } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'from 1 to 27'
    }

    It 'refuses a -Distance below 1 before it runs' {
        $data = Import-Mnist -First 10 -NoDownload
        { $data | Expand-Mnist -Distance 0 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NndlPS.Commands.ExpandMnistCommand'
    }

    It 'refuses a result over 2 GiB before allocating it: ExpandedDataTooLarge' {
        # 430 images of 1000x1000 bytes expand to 2.15 GB. The input's pixels are never written, so they take
        # address space, not memory; the refusal comes before the result's would be allocated.
        $count = 430
        $pixels = [GC]::AllocateUninitializedArray[byte]($count * 1000 * 1000)
        $big = [NndlPS.Core.ImageSet]::new('Training', [ReadOnlyMemory[byte]] $pixels, [ReadOnlyMemory[byte]] [byte[]]::new($count), 1000, 1000, 10, $null)
        $heap = [GC]::GetTotalMemory($false)
        { $big | Expand-Mnist } | Should -Throw -ErrorId 'ExpandedDataTooLarge,NndlPS.Commands.ExpandMnistCommand'
        ([GC]::GetTotalMemory($false) - $heap) | Should -BeLessThan 64MB
        try { $big | Expand-Mnist } catch { $err = $_ }
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'more than the bound of 2 GiB'
        $err.Exception.Message | Should -Match 'Import-Mnist -First 429'
    }
}

AfterAll {
    $script:expanded = $null
    $script:mnist = $null
    [GC]::Collect()
}
