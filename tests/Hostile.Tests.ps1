# Hostile cases (issue #8): files and parameters built to hurt, each made by the test itself under TestDrive:.
# Each must end in an ErrorRecord with a stable ErrorId and category, within a bound, never a raw .NET exception,
# a hang or silent garbage. The real data cache is never touched: every test that needs a cache sets NNDLPS_DATA.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:module = (Get-Module NndlPS).ModuleBase
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 100 -Test 20
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 20

    function Write-GzipBomb([string] $Path, [byte[]] $Bytes) {
        $file = [IO.File]::Create($Path)
        try {
            $gzip = [IO.Compression.GZipStream]::new($file, [IO.Compression.CompressionLevel]::SmallestSize)
            $gzip.Write($Bytes, 0, $Bytes.Length)
            $gzip.Dispose()
        } finally { $file.Dispose() }
    }

    # Pickle opcodes, as the book's file (and a bomb) uses them.
    function Get-PickleInt([int] $Value) { , ([byte[]] (@([byte][char]'J') + [BitConverter]::GetBytes($Value))) }
    function Get-PickleBytes([byte[]] $Data) { , ([byte[]] (@([byte][char]'T') + [BitConverter]::GetBytes($Data.Length) + $Data)) }
    function Get-PickleText([string] $Text) {
        $utf8 = [Text.Encoding]::UTF8.GetBytes($Text)
        , ([byte[]] (@([byte][char]'X') + [BitConverter]::GetBytes($utf8.Length) + $utf8))
    }
    function Get-PickleGlobal([string] $Module, [string] $Name) { , ([byte[]] (@([byte][char]'c') + [Text.Encoding]::ASCII.GetBytes("$Module`n$Name`n"))) }
    function Get-PickleArray([int[]] $Shape, [string] $Type, [byte[]] $Data) {
        $b = [Collections.Generic.List[byte]]::new()
        $b.AddRange((Get-PickleGlobal 'numpy.core.multiarray' '_reconstruct')); $b.AddRange((Get-PickleGlobal 'numpy' 'ndarray'))
        $b.AddRange((Get-PickleInt 0)); $b.Add(0x85); $b.AddRange((Get-PickleBytes ([byte[]] @(98)))); $b.Add(0x87); $b.Add([byte][char]'R')
        $b.Add([byte][char]'('); $b.AddRange((Get-PickleInt 1)); $b.Add([byte][char]'(')
        foreach ($size in $Shape) { $b.AddRange((Get-PickleInt $size)) }
        $b.Add([byte][char]'t')
        $b.AddRange((Get-PickleGlobal 'numpy' 'dtype')); $b.AddRange((Get-PickleBytes ([Text.Encoding]::ASCII.GetBytes($Type))))
        $b.AddRange((Get-PickleInt 0)); $b.AddRange((Get-PickleInt 1)); $b.Add(0x87); $b.Add([byte][char]'R')
        $b.Add([byte][char]'('); $b.AddRange((Get-PickleInt 3)); $b.AddRange((Get-PickleBytes ([byte[]] @(60))))
        $b.AddRange([byte[]] @(78, 78, 78)); $b.AddRange((Get-PickleInt -1)); $b.AddRange((Get-PickleInt -1)); $b.AddRange((Get-PickleInt 0))
        $b.AddRange([byte[]] @([byte][char]'t', [byte][char]'b', 0x89))
        $b.AddRange((Get-PickleBytes $Data)); $b.AddRange([byte[]] @([byte][char]'t', [byte][char]'b'))
        , $b.ToArray()
    }

    function Use-DataRoot([string] $Name) {
        $script:savedData = $env:NNDLPS_DATA, $env:XDG_CACHE_HOME
        $env:NNDLPS_DATA = Join-Path $TestDrive $Name
        $env:XDG_CACHE_HOME = Join-Path $TestDrive "$Name-xdg"
        return $env:NNDLPS_DATA
    }
    function Restore-DataRoot { $env:NNDLPS_DATA, $env:XDG_CACHE_HOME = $script:savedData }
}

Describe 'Export-Mnist, hostile' {
    It 'refuses a folder that holds raw MNIST files without -Force, and with -Force imports the export, not the raw files' {
        $folder = Join-Path $TestDrive 'raw-then-export'
        New-TinyMnist $folder -Train 300 -Test 50
        $small = Import-Mnist -Path $script:tiny -ValidationSize 20 -First 10
        $err = { $small | Export-Mnist -Path $folder } | Should -Throw -ErrorId 'ExportTargetExists,NndlPS.Commands.ExportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $small | Export-Mnist -Path $folder -Force | Out-Null
        $back = Import-Mnist -Path $folder -ValidationSize 10
        $back.Training.Count + $back.Validation.Count | Should -Be 20
        $back.Test.Count | Should -Be 10
    }

    It 'refuses to read a mix of two exports (what a killed Export-Mnist -Force leaves)' {
        $first = Join-Path $TestDrive 'export-a'; $second = Join-Path $TestDrive 'export-b'
        $script:tinyData | Export-Mnist -Path $first | Out-Null
        Import-Mnist -Path $script:tiny -ValidationSize 20 -First 5 | Export-Mnist -Path $second | Out-Null
        Copy-Item (Join-Path $second 't10k-images-idx3-ubyte.gz') (Join-Path $first 't10k-images-idx3-ubyte.gz') -Force
        $err = { Import-Mnist -Path $first -ValidationSize 20 } | Should -Throw -ErrorId 'ExportSetMismatch,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 't10k-images-idx3-ubyte.gz'
    }

    It 'refuses a file as the target folder with ExportPathIsFile, and a folder below a file with ExportFolderNotFound' {
        $file = Join-Path $TestDrive 'a-file.txt'
        Set-Content $file 'not a folder'
        $err = { $script:tinyData | Export-Mnist -Path $file } | Should -Throw -ErrorId 'ExportPathIsFile,NndlPS.Commands.ExportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err = { $script:tinyData | Export-Mnist -Path (Join-Path $file 'below') } | Should -Throw -ErrorId 'ExportFolderNotFound,NndlPS.Commands.ExportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'is a file, not a folder'
        Get-Content $file | Should -Be 'not a folder'
    }

    It 'warns when it clamps pixels outside [0, 1]' {
        $folder = Join-Path $TestDrive 'float-images'
        New-Item -ItemType Directory $folder | Out-Null
        $pixels = [byte[]] ((ConvertTo-BigEndian ([BitConverter]::SingleToInt32Bits(2.5))) + (ConvertTo-BigEndian ([BitConverter]::SingleToInt32Bits(-1))) + [byte[]]::new(24))
        [IO.File]::WriteAllBytes((Join-Path $folder 'train-images-idx3-ubyte'), (New-IdxBytes 0x0D @(2, 2, 2) $pixels))
        [IO.File]::WriteAllBytes((Join-Path $folder 'train-labels-idx1-ubyte'), (New-IdxBytes 0x08 @(2) ([byte[]] (1, 2))))
        [IO.File]::WriteAllBytes((Join-Path $folder 't10k-images-idx3-ubyte'), (New-IdxBytes 0x0D @(1, 2, 2) ([byte[]]::new(16))))
        [IO.File]::WriteAllBytes((Join-Path $folder 't10k-labels-idx1-ubyte'), (New-IdxBytes 0x08 @(1) ([byte[]] (3))))
        Import-Mnist -Path $folder -ValidationSize 1 | Export-Mnist -Path (Join-Path $TestDrive 'float-export') -WarningVariable warnings -WarningAction SilentlyContinue | Out-Null
        @($warnings).Count | Should -Be 1
        "$warnings" | Should -Match '^2 pixels .* outside \[0, 1\]'
    }
}

Describe 'Import-Mnist, hostile files' {
    It 'refuses <Case> with <ErrorId>' -TestCases @(
        @{ Case = 'a .gz whose 8-byte trailer was cut off'; ErrorId = 'GzipInvalid'; Cut = 8; Junk = @() }
        @{ Case = 'a .gz with trailing junk'; ErrorId = 'GzipInvalid'; Cut = 0; Junk = @(1, 2, 3, 4) }
        @{ Case = 'an empty file'; ErrorId = 'DataFileNotRegular'; Cut = -1; Junk = @() }
    ) {
        $folder = Join-Path $TestDrive ($Case -replace '\W', '-')
        New-TinyMnist $folder -Train 20 -Test 10 -Gzip
        $path = Join-Path $folder 't10k-labels-idx1-ubyte.gz'
        $bytes = [IO.File]::ReadAllBytes($path)
        if ($Cut -lt 0) { $bytes = [byte[]]::new(0) } else { $bytes = [byte[]] ($bytes[0..($bytes.Length - 1 - $Cut)] + $Junk) }
        [IO.File]::WriteAllBytes($path, $bytes)
        $err = { Import-Mnist -Path $folder -ValidationSize 5 } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.ImportMnistCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 't10k-labels-idx1-ubyte'
    }

    It 'reads .gz files of two gzip members (as cat a.gz b.gz makes) as the IDX files they hold' {
        $raw = Join-Path $TestDrive 'members-raw'; $folder = Join-Path $TestDrive 'members'
        New-TinyMnist $raw -Train 40 -Test 10
        $null = New-Item -ItemType Directory $folder
        foreach ($file in Get-ChildItem $raw) {
            $bytes = [IO.File]::ReadAllBytes($file.FullName); $half = [int] ($bytes.Length / 2)
            Write-Gzip (Join-Path $TestDrive 'a.gz') $bytes[0..($half - 1)]
            Write-Gzip (Join-Path $TestDrive 'b.gz') $bytes[$half..($bytes.Length - 1)]
            [IO.File]::WriteAllBytes((Join-Path $folder "$($file.Name).gz"), [byte[]] ([IO.File]::ReadAllBytes((Join-Path $TestDrive 'a.gz')) + [IO.File]::ReadAllBytes((Join-Path $TestDrive 'b.gz'))))
        }
        $expected = Import-Mnist -Path $raw -ValidationSize 10
        $members = Import-Mnist -Path $folder -ValidationSize 10
        $members.Test.Count | Should -Be 10
        (Get-MnistSample 0..9 -Data $members.Test).Pixels | Should -Be (Get-MnistSample 0..9 -Data $expected.Test).Pixels
        (Get-MnistSample 0..29 -Data $members.Training).Label | Should -Be (Get-MnistSample 0..29 -Data $expected.Training).Label
    }

    It 'stops an IDX gzip bomb (an honest header of 2^25 int16 items in a small .gz) at its expansion bound' {
        $folder = Join-Path $TestDrive 'idx-bomb'
        New-TinyMnist $folder -Train 20 -Test 10
        $items = 1 -shl 25
        Write-GzipBomb (Join-Path $folder 'train-images-idx3-ubyte.gz') (New-IdxBytes 0x0B @($items, 1, 1) ([byte[]]::new(2 * $items)))
        Remove-Item (Join-Path $folder 'train-images-idx3-ubyte')
        (Get-Item (Join-Path $folder 'train-images-idx3-ubyte.gz')).Length | Should -BeLessThan 200KB
        $err = { Import-Mnist -Path $folder -ValidationSize 5 } | Should -Throw -ErrorId 'GzipTooLarge,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Match '16 MiB'
    }

    It 'refuses a named pipe in place of a data file instead of waiting for a writer' {
        $folder = Join-Path $TestDrive 'with-a-pipe'
        New-TinyMnist $folder -Train 20 -Test 10
        $pipe = Join-Path $folder 't10k-labels-idx1-ubyte'
        Remove-Item $pipe
        & mkfifo $pipe
        $job = Start-ThreadJob {
            Import-Module $using:module
            try { Import-Mnist -Path $using:folder -ValidationSize 5 | Out-Null; 'loaded' } catch { $_.FullyQualifiedErrorId }
        }
        $finished = Wait-Job $job -Timeout 60 # a timeout only against a hang
        if (-not $finished) { [IO.File]::WriteAllBytes($pipe, [byte[]] @()) } # opening it for writing releases the reader
        $result = Receive-Job $job -Wait -AutoRemoveJob
        $finished | Should -Not -BeNullOrEmpty -Because 'Import-Mnist must not wait on a pipe'
        $result | Should -Be 'DataFileNotRegular,NndlPS.Commands.ImportMnistCommand'
    }

    It 'refuses a pickle whose shape wraps around 64 bits, before allocating' {
        # [1397975606, 40613²] of 8-byte floats: 1397975606 × 1649415769 × 8 wraps around 2^64 to 296,496 bytes.
        $pickle = [Collections.Generic.List[byte]]::new()
        $pickle.AddRange([byte[]] @(0x80, 2))
        foreach ($set in 1..3) {
            $pickle.AddRange((Get-PickleArray @(1397975606, 1649415769) 'f8' ([byte[]]::new(296496))))
            $pickle.AddRange((Get-PickleArray @(1397975606) 'i8' ([byte[]]::new(8))))
            $pickle.Add(0x86)
        }
        $pickle.AddRange([byte[]] @(0x87, [byte][char]'.'))
        $path = Join-Path $TestDrive 'wrap.pkl'
        [IO.File]::WriteAllBytes($path, $pickle.ToArray())
        $err = { Import-Mnist -Path $path } | Should -Throw -ErrorId 'PickleInvalid,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Match '1397975606'
    }

    It 'holds a memoized string encoded 200 times once, not 200 times (<Kind>)' -TestCases @(
        @{ Kind = 'raw pickle'; Gzip = $false; ErrorId = 'PickleInvalid' }
        @{ Kind = 'gzipped pickle'; Gzip = $true; ErrorId = 'GzipTooLarge' }
    ) {
        $size = 20MB
        $bomb = [Collections.Generic.List[byte]]::new()
        $bomb.AddRange([byte[]] @(0x80, 2)); $bomb.AddRange((Get-PickleGlobal '_codecs' 'encode')); $bomb.AddRange([byte[]] @([byte][char]'q', 0))
        $bomb.Add([byte][char]'X'); $bomb.AddRange([BitConverter]::GetBytes([int] $size))
        $bomb.AddRange([Text.Encoding]::ASCII.GetBytes([string]::new([char] 'a', $size)))
        $bomb.AddRange([byte[]] @([byte][char]'q', 1, [byte][char]'('))
        $copy = [byte[]] (@([byte][char]'h', 0, [byte][char]'h', 1) + (Get-PickleText 'latin1') + @(0x86, [byte][char]'R'))
        foreach ($i in 1..200) { $bomb.AddRange($copy) }
        $bomb.AddRange([byte[]] @([byte][char]'t', [byte][char]'.'))
        $path = Join-Path $TestDrive "bomb-$Gzip.pkl"
        if ($Gzip) { $path += '.gz'; Write-GzipBomb $path $bomb.ToArray() } else { [IO.File]::WriteAllBytes($path, $bomb.ToArray()) }
        $bomb = $null
        $before = [GC]::GetTotalAllocatedBytes($true)
        { Import-Mnist -Path $path } | Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.ImportMnistCommand"
        ([GC]::GetTotalAllocatedBytes($true) - $before) | Should -BeLessThan 400MB -Because '200 copies of 20 MiB would be 4 GB'
    }

    It 'explains a CSV row too long for one image in the user''s terms' {
        $folder = Join-Path $TestDrive 'long-csv'
        New-Item -ItemType Directory $folder | Out-Null
        [IO.File]::WriteAllText((Join-Path $folder 'mnist_train.csv'), '1,' + ('0,' * 600000) + "0`n")
        Set-Content (Join-Path $folder 'mnist_test.csv') -Value '1,0,0,0,0'
        $err = { Import-Mnist -Path $folder -ValidationSize 0 } | Should -Throw -ErrorId 'CsvInvalid,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'MaxBufferSize'
        $err.Exception.Message | Should -Match 'one image per line'
    }
}

Describe 'Import-Mnist, hostile caches and mirrors' {
    AfterEach { Restore-DataRoot }

    It 'refuses a cached file of the published length whose contents differ (a flipped byte)' {
        $cache = Join-Path (Use-DataRoot 'flipped') 'mnist'
        New-Item -ItemType Directory $cache | Out-Null
        [IO.File]::WriteAllBytes((Join-Path $cache 'train-images-idx3-ubyte'), (New-IdxBytes 0x08 @(20, 1, 1) ([byte[]]::new(20))))
        [IO.File]::WriteAllBytes((Join-Path $cache 'train-labels-idx1-ubyte'), (New-IdxBytes 0x08 @(20) ([byte[]]::new(20))))
        [IO.File]::WriteAllBytes((Join-Path $cache 't10k-images-idx3-ubyte'), (New-IdxBytes 0x08 @(10000, 1, 1) ([byte[]]::new(10000))))
        [IO.File]::WriteAllBytes((Join-Path $cache 't10k-labels-idx1-ubyte'), (New-IdxBytes 0x08 @(10000) ([byte[]]::new(10000))))
        $err = { Import-Mnist -ValidationSize 5 -NoDownload } | Should -Throw -ErrorId 'DatasetChecksumMismatch,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -Match 't10k-labels-idx1-ubyte'
    }

    It 'refuses -Mirror <Mirror> with MirrorInvalid' -TestCases @(
        @{ Mirror = 'file:///tmp/mnist/' }
        @{ Mirror = 'relative/' }
        @{ Mirror = 'ftp://127.0.0.1/mnist/' }
    ) {
        Use-DataRoot 'mirror-invalid' | Out-Null
        $err = { Import-Mnist -Mirror $Mirror, 'http://127.0.0.1:9/' } | Should -Throw -ErrorId 'MirrorInvalid,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '-Path'
    }

    It 'keeps the last path segment of a mirror without a trailing slash, and cleans stale .partial files' {
        $cache = Join-Path (Use-DataRoot 'no-slash') 'mnist'
        New-Item -ItemType Directory $cache | Out-Null
        $stale = Join-Path $cache '.train-images-idx3-ubyte.gz.0123.partial'
        [IO.File]::WriteAllText($stale, 'left by a killed download')
        [IO.File]::SetLastWriteTimeUtc($stale, [DateTime]::UtcNow.AddHours(-3))
        # Port 9 on loopback refuses at once: the address asked for shows in the error.
        $err = { Import-Mnist -Mirror 'http://127.0.0.1:9/data/mnist' -TimeoutSec 5 } | Should -Throw -ErrorId 'DatasetNotFound,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.Exception.Message | Should -Match '127\.0\.0\.1:9/data/mnist/train-images-idx3-ubyte\.gz'
        [IO.File]::Exists($stale) | Should -BeFalse
    }

    It 'says so when the cache cannot be written (a file where its folder should be)' {
        $root = Use-DataRoot 'blocked'
        Set-Content $root 'a file, not a folder'
        $err = { Import-Mnist -Mirror 'http://127.0.0.1:9/' -TimeoutSec 5 } | Should -Throw -ErrorId 'CacheNotWritable,NndlPS.Commands.ImportMnistCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'WriteError'
        $err.Exception.Message | Should -Match 'NNDLPS_DATA'
    }

    It 'resolves a relative NNDLPS_DATA against the PowerShell location, not the process directory' {
        New-TinyMnist (Join-Path $TestDrive 'relative-root/mnist') -Train 30 -Test 7 -Gzip
        Use-DataRoot 'unused' | Out-Null
        $env:NNDLPS_DATA = 'relative-root'
        Push-Location $TestDrive
        try {
            [Environment]::CurrentDirectory | Should -Not -Be (Get-Location).ProviderPath
            (Import-Mnist -ValidationSize 5 -NoDownload).Test.Count | Should -Be 7
        } finally { Pop-Location }
    }
}

Describe 'Invoke-SgdTraining and Test-Network, hostile' {
    It 'refuses a mini-batch whose buffers would overflow (<Sizes> × <Batch>)' -TestCases @(
        @{ Sizes = @(4, 3000, 10); Batch = 1000000 }
        @{ Sizes = @(4, 4295, 10); Batch = 1000000 }
    ) {
        $net = New-Network -Sizes $Sizes -Seed 1
        $err = { $script:tinyData | Invoke-SgdTraining -Network $net -MiniBatchSize $Batch -Epochs 1 } |
            Should -Throw -ErrorId 'MiniBatchTooLarge,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '-MiniBatchSize'
    }

    It 'stops training that diverges (eta = 1e30) with a word on the learning rate, and gives the network back' {
        $net = New-Network 4, 8, 10 -Seed 1
        $before = $net.Layers[0].Weights.Clone()
        $err = { $script:tinyData | Invoke-SgdTraining -Network $net -Epochs 3 -LearningRate 1e30 -Seed 1 } |
            Should -Throw -ErrorId 'TrainingDiverged,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        $err.Exception.Message | Should -Match 'learning rate'
        $net.Layers[0].Weights | Should -Be $before
    }

    It 'never counts NaN outputs as a prediction' {
        $net = New-Network 4, 10 -Seed 1
        $net.Layers[0].Biases[3] = [float]::NaN
        $err = { $net | Test-Network -Data $script:tinyData.Test } | Should -Throw -ErrorId 'NetworkOutputNotFinite,NndlPS.Commands.TestNetworkCommand' -PassThru
        $err.Exception.Message | Should -Match 'learning rate'
    }

    It 'refuses a second training of a network that is being trained' {
        $net = New-Network 4, 8, 10 -Seed 1
        $trainer = [NndlPS.Core.SgdTrainer]::new($net, [NndlPS.Core.SgdOptions]@{ Epochs = 3; Seed = 1 })
        $epochs = $trainer.Train($script:tinyData.Training)
        # The engine's iterator type is private: call GetEnumerator through the interface.
        $running = [Collections.Generic.IEnumerable[NndlPS.Core.EpochResult]].GetMethod('GetEnumerator').Invoke($epochs, $null)
        try {
            $running.MoveNext() | Should -BeTrue # the first training is between two epochs
            $err = { $script:tinyData | Invoke-SgdTraining -Network $net -Epochs 1 } |
                Should -Throw -ErrorId 'NetworkInTraining,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
            $err.CategoryInfo.Category | Should -Be 'InvalidOperation'
        } finally { $running.Dispose(); $trainer.Dispose() }
        @($script:tinyData | Invoke-SgdTraining -Network $net -Epochs 1).Count | Should -Be 1
    }

    It 'gives seeds s and -s different runs' {
        (New-Network 4, 8, 10 -Seed 5).Layers[0].Weights | Should -Not -Be (New-Network 4, 8, 10 -Seed -5).Layers[0].Weights
        (New-Network 4, 8, 10 -Seed -5).Layers[0].Weights | Should -Be (New-Network 4, 8, 10 -Seed -5).Layers[0].Weights
        $a = New-Network 4, 8, 10 -Seed 1; $b = New-Network 4, 8, 10 -Seed 1
        $script:tinyData | Invoke-SgdTraining -Network $a -Epochs 1 -Seed 7 | Out-Null
        $script:tinyData | Invoke-SgdTraining -Network $b -Epochs 1 -Seed -7 | Out-Null
        $a.Layers[0].Weights | Should -Not -Be $b.Layers[0].Weights
    }

    It 'lowers -Threads above the core count, with a warning' {
        $results = @($script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -Threads 1000 -WarningVariable warnings -WarningAction SilentlyContinue)
        $results.Count | Should -Be 1
        "$warnings" | Should -Match ('more than the {0} cores' -f [Environment]::ProcessorCount)
    }
}

Describe 'Training numbers a float would not hold' {
    # PowerShell bound -Lambda, -LearningRate, -Momentum and -MinimumLearningRate to floats before NndlPS saw them:
    # -Lambda 1e-50 became 0 and trained with no L2, -LearningRate 1e-50 was refused as "got 0", -Momentum
    # 0.99999999999 as "got 1", numbers never typed. A sweep's grid converted its values the same way.
    It 'Invoke-SgdTraining refuses <Case> with <ErrorId>, quoting the number given' -TestCases @(
        @{ Case = '-Lambda 1e-50 (no L2, silently)'; Arguments = @{ Lambda = 1e-50 }; ErrorId = 'InvalidLambda'; Match = '^λ 1E-50 is 0 as a float, so training would have no L2 regularisation\. Give 0 for none' }
        @{ Case = "-Lambda '1e-50'"; Arguments = @{ Lambda = '1e-50' }; ErrorId = 'InvalidLambda'; Match = '^λ 1E-50 is 0 as a float' }
        @{ Case = '-Lambda -1e-50'; Arguments = @{ Lambda = -1e-50 }; ErrorId = 'InvalidLambda'; Match = 'zero or positive.*got -1E-50\.$' }
        @{ Case = '-LearningRate 1e-50'; Arguments = @{ LearningRate = 1e-50 }; ErrorId = 'InvalidLearningRate'; Match = 'got 1E-50 \(0 as a float\)\.$' }
        @{ Case = '-LearningRate -1e-50'; Arguments = @{ LearningRate = -1e-50 }; ErrorId = 'InvalidLearningRate'; Match = 'got -1E-50\.$' }
        @{ Case = '-LearningRate 1e39 (infinite as a float)'; Arguments = @{ LearningRate = 1e39 }; ErrorId = 'InvalidLearningRate'; Match = 'got 1E\+39 \(Infinity as a float\)\. A float holds at most 3\.4028235E\+38\.$' }
        @{ Case = '-MinimumLearningRate 1e-50'; Arguments = @{ MinimumLearningRate = 1e-50; LearningRateSchedule = 'HalveOnPlateau' }; ErrorId = 'InvalidMinimumLearningRate'; Match = 'got 1E-50 \(0 as a float\)\.$' }
        @{ Case = '-Momentum 0.99999999999'; Arguments = @{ Momentum = 0.99999999999 }; ErrorId = 'InvalidMomentum'; Match = 'below 1 .*got 0\.99999999999 \(1 as a float\)\.$' }
        @{ Case = '-Momentum 1e-50'; Arguments = @{ Momentum = 1e-50 }; ErrorId = 'InvalidMomentum'; Match = '^μ 1E-50 is 0 as a float, so training would have no momentum' }
    ) {
        $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 @Arguments } |
            Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.InvokeSgdTrainingCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match $Match
    }

    It 'Invoke-SgdSweep refuses a grid''s <Key> = <Value> in the same words' -TestCases @(
        @{ Key = 'Lambda'; Value = 1e-50; ErrorId = 'InvalidLambda'; Match = '^λ 1E-50 is 0 as a float' }
        @{ Key = 'LearningRate'; Value = 1e-50; ErrorId = 'InvalidLearningRate'; Match = 'got 1E-50 \(0 as a float\)\.$' }
        @{ Key = 'Momentum'; Value = 0.99999999999; ErrorId = 'InvalidMomentum'; Match = 'got 0\.99999999999 \(1 as a float\)\.$' }
        @{ Key = 'MinimumLearningRate'; Value = 1e-50; ErrorId = 'InvalidMinimumLearningRate'; Match = 'got 1E-50 \(0 as a float\)\.$' }
    ) {
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ $Key = 0.5, $Value; LearningRateSchedule = 'HalveOnPlateau' } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId "$ErrorId,NndlPS.Commands.InvokeSgdSweepCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        # The engine's words, after the key they are about.
        $err.Exception.Message | Should -Match "^The grid's ${Key}: "
        $err.Exception.Message | Should -Match ($Match -replace '^\^', ': ')
    }

    It 'refuses a floor that is not below η as floats, quoting both as given, in the invariant culture' {
        $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -LearningRate 3 -LearningRateSchedule HalveOnPlateau -MinimumLearningRate 2.99999999 } |
            Should -Throw -ErrorId 'InvalidMinimumLearningRate,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        # It said "below the learning rate 3; got 3", a floor never typed.
        $err.Exception.Message | Should -Match 'below the learning rate 3, as the floats training keeps; got 2\.99999999 \(3 as a float\)\.'
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -LearningRate 0.05 -LearningRateSchedule HalveOnPlateau -MinimumLearningRate 0.1 } |
                Should -Throw -ErrorId 'InvalidMinimumLearningRate,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
            $err.Exception.Message | Should -Match 'below the learning rate 0\.05, as the floats training keeps; got 0\.1\.'
        } finally { [cultureinfo]::CurrentCulture = $culture }
    }

    It 'Invoke-SgdSweep refuses a run''s floor that is not below η as floats in the same words, quoting both as given' {
        # It said "below the learning rate 3, as the floats training keeps; got 3", a floor never typed.
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ LearningRate = 3; LearningRateSchedule = 'HalveOnPlateau'; MinimumLearningRate = 0.01, 2.99999999 } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId 'InvalidMinimumLearningRate,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.Exception.Message | Should -Match '^Run 1: .*: The minimum learning rate must be positive and below the learning rate 3, as the floats training keeps; got 2\.99999999 \(3 as a float\)\.'
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ LearningRate = 0.1; LearningRateSchedule = 'HalveOnPlateau'; MinimumLearningRate = '0.1000000001' } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId 'InvalidMinimumLearningRate,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.Exception.Message | Should -Match 'below the learning rate 0\.1, as the floats training keeps; got 0\.1000000001 \(0\.1 as a float\)\.'
        # η left out of the grid is the default, named as such.
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ LearningRateSchedule = 'HalveOnPlateau'; MinimumLearningRate = 2.99999999 } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId 'InvalidMinimumLearningRate,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.Exception.Message | Should -Match 'below the learning rate 3 \(the default η\), as the floats training keeps; got 2\.99999999 \(3 as a float\)\.'
    }

    It 'quotes a float passed on as that float, and says what a float holds at most' {
        $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -Lambda ([float] -0.1) } | Should -Throw -ErrorId 'InvalidLambda,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.Exception.Message | Should -Match 'got -0\.1\.$' # not -0.10000000149011612
        $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -Lambda 1e39 } | Should -Throw -ErrorId 'InvalidLambda,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.Exception.Message | Should -Match 'got 1E\+39 \(Infinity as a float\)\. A float holds at most 3\.4028235E\+38\.$'
        $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -Lambda -1 } | Should -Throw -ErrorId 'InvalidLambda,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.Exception.Message | Should -Not -Match 'float holds' # only where the float made it infinite
    }

    It 'refuses a floor without HalveOnPlateau as having no effect, whatever its value, and names a default η as the default' {
        { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -MinimumLearningRate 5 } |
            Should -Throw -ErrorId 'ParameterHasNoEffect,NndlPS.Commands.InvokeSgdTrainingCommand'
        $err = { $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -LearningRateSchedule HalveOnPlateau -MinimumLearningRate 5 } |
            Should -Throw -ErrorId 'InvalidMinimumLearningRate,NndlPS.Commands.InvokeSgdTrainingCommand' -PassThru
        $err.Exception.Message | Should -Match 'below the learning rate 3 \(the default η\), as the floats training keeps; got 5\.'
    }

    It 'Invoke-SgdSweep says a whole-number setting''s value too large for it is not a whole number it can hold, in the invariant culture' {
        $culture = [cultureinfo]::CurrentCulture
        try {
            [cultureinfo]::CurrentCulture = 'de-DE'
            $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ Epochs = 2147483648.5 } -Seed 1 } |
                Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
            $err.Exception.Message | Should -Match "The grid's Epochs value '2147483648\.5' is not a whole number Epochs can hold \(at most 2147483647\)"
            $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ Epochs = '1e10' } -Seed 1 } |
                Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
            $err.Exception.Message | Should -Match "The grid's Epochs value '1e10' is not a whole number"
        } finally { [cultureinfo]::CurrentCulture = $culture }
    }

    It 'Invoke-SgdSweep reads a grid''s number given as text <Text> as Invoke-SgdTraining does: refused, never <Read>' -TestCases @(
        @{ Text = '0,5'; Read = '5 (the comma a thousands separator)' }
        @{ Text = '0x3'; Read = '3' }
    ) {
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ LearningRate = $Text } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match "The grid's LearningRate value '$Text' is not a number as PowerShell writes one: use a point"
    }

    It 'Invoke-SgdSweep says a grid value that is no number is not a number, in no .NET type''s name' {
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ Lambda = 'abc' } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.Exception.Message | Should -Match "The grid's Lambda value 'abc' is not a number as PowerShell writes one"
        $err = { $script:tinyData | Invoke-SgdSweep -Grid @{ Lambda = [datetime]::Now } -Epochs 1 -Seed 1 } |
            Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.Exception.Message | Should -Match "is not a number\. Give values as"
        $err.Exception.Message | Should -Not -Match 'System\.|Single|Double'
        # Numbers written as text the way PowerShell writes them are read, as before.
        @($script:tinyData | Invoke-SgdSweep -Grid @{ Lambda = '0.5', '1e-1' } -Epochs 1 -Seed 1).Count | Should -Be 2
    }

    It 'New-FullyConnectedLayer and New-SoftmaxLayer read -Dropout ''0,5'' as no number, not as 5' {
        { New-FullyConnectedLayer -Neurons 10 -Dropout '0,5' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewFullyConnectedLayerCommand'
        { New-SoftmaxLayer -Neurons 10 -Dropout '0,5' } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewSoftmaxLayerCommand'
        (New-SoftmaxLayer -Neurons 10 -Dropout '0.5').Dropout | Should -Be 0.5
    }

    It 'keeps what a float holds as given, and -0 as 0' {
        $result = $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1 -LearningRate 0.5 -Lambda ([double][float]::Epsilon) -Momentum -0.0
        $result.LearningRate | Should -Be 0.5
        $result.Lambda | Should -Be ([float]::Epsilon)
        [BitConverter]::SingleToInt32Bits($result.Momentum) | Should -Be 0
        $swept = @($script:tinyData | Invoke-SgdSweep -Grid @{ Lambda = 0, 0.1; Momentum = 0.5 } -Epochs 1 -Seed 1)
        @($swept.Settings | Sort-Object) | Should -Be @('Lambda=0; Momentum=0.5', 'Lambda=0.1; Momentum=0.5')
    }
}

Describe 'Invoke-Network, hostile' {
    It 'refuses a NaN network''s answers for a whole set with NetworkOutputNotFinite, never a raw exception' {
        $net = New-Network 4, 3, 10 -Seed 1
        $net.Layers[0].Biases[0] = [float]::NaN
        { $script:tinyData.Test | Invoke-Network -Network $net } | Should -Throw -ErrorId 'NetworkOutputNotFinite,NndlPS.Commands.InvokeNetworkCommand'
    }

    It 'refuses NaN or infinite input with InputInvalid instead of answering class 0' {
        $net = New-Network 2, 3, 2 -Seed 1
        { Invoke-Network -Network $net -InputObject (, ([double]::NaN, 1)) } | Should -Throw -ErrorId 'InputInvalid,NndlPS.Commands.InvokeNetworkCommand'
        { Invoke-Network -Network $net -InputObject (, ([double]::PositiveInfinity, 1)) } | Should -Throw -ErrorId 'InputInvalid,NndlPS.Commands.InvokeNetworkCommand'
    }
}

Describe 'Hand-set networks and -NetworkVariable, hostile' {
    It 'refuses a weight or bias that is not a finite float: <Case>' -TestCases @(
        @{ Case = 'NaN weight'; Weights = (, (, ([double]::NaN, 1))); Biases = (, (, 0)) }
        @{ Case = '1e300 weight (infinite as float32)'; Weights = (, (, (1e300, 1))); Biases = (, (, 0)) }
        @{ Case = 'infinite bias'; Weights = (, (, (1, 1))); Biases = (, (, [double]::PositiveInfinity)) }
    ) {
        { New-Network 2, 1 -Weights $Weights -Biases $Biases } | Should -Throw -ErrorId 'NetworkParameterNotANumber,NndlPS.Commands.NewNetworkCommand'
    }

    It 'warns when Add-NetworkLayer has to change the cost for the new output neurons' {
        $ce = New-Network 2, 2 -Cost CrossEntropy -Seed 1
        $appended = $ce | Add-NetworkLayer -Weights (1, 1), (1, 1) -Biases 0, 0 -Activation ReLU -WarningVariable warned -WarningAction SilentlyContinue
        $appended.Cost.Name | Should -Be 'quadratic'
        "$warned" | Should -Match 'crossentropy cost does not suit relu'
    }

    It 'refuses -NetworkVariable <Name> before training' -TestCases @(
        @{ Name = 'env:NNDLPS_NET' }, @{ Name = 'function:evil' }, @{ Name = 'a b;$x' }
    ) {
        { $script:tinyData | Invoke-SgdTraining -Epochs 1 -NetworkVariable $Name } | Should -Throw -ErrorId 'ParameterArgumentValidationError,NndlPS.Commands.InvokeSgdTrainingCommand'
    }

    It 'refuses to export a network onto a symbolic link with ExportTargetNotAFile, leaving link and target alone' {
        $target = Join-Path $TestDrive 'real.json'; Set-Content $target 'keep'
        $link = Join-Path $TestDrive 'link.json'; $null = New-Item -ItemType SymbolicLink -Path $link -Target $target
        { New-Network 2, 1 -Seed 1 | Export-Network -Path $link -Force } | Should -Throw -ErrorId 'ExportTargetNotAFile,NndlPS.Commands.ExportNetworkCommand'
        (Get-Item $link).LinkTarget | Should -Be $target
        Get-Content $target | Should -Be 'keep'
    }
}

Describe 'File exports, hostile paths' {
    BeforeAll {
        $script:run = $script:tinyData | Invoke-SgdTraining -Epochs 1 -Seed 1
        # One export per cmdlet, each given its usual input; $Path is the file (or Export-Mnist's folder) to write.
        $script:exports = @{
            'Export-Network'       = { param($Path, [switch] $Force) New-Network 4, 2 -Seed 1 | Export-Network -Path $Path -Force:$Force }
            'Export-MnistImage'    = { param($Path, [switch] $Force) $script:tinyData.Test | Export-MnistImage -Path $Path -First 4 -Force:$Force }
            'Export-NetworkImage'  = { param($Path, [switch] $Force) New-Network 4, 3, 2 -Seed 1 | Export-NetworkImage -Path $Path -Force:$Force }
            'Export-LearningCurve' = { param($Path, [switch] $Force) $script:run | Export-LearningCurve -Path $Path -Force:$Force }
            'Export-Mnist'         = { param($Path, [switch] $Force) $script:tinyData | Export-Mnist -Path $Path -Force:$Force }
        }
    }

    It '<Name> refuses a missing folder with ExportFolderNotFound and creates none' -TestCases @(
        @{ Name = 'Export-Network'; File = 'net.json' }, @{ Name = 'Export-MnistImage'; File = 'grid.png' },
        @{ Name = 'Export-NetworkImage'; File = 'w.png' }, @{ Name = 'Export-LearningCurve'; File = 'curve.png' },
        @{ Name = 'Export-Mnist'; File = 'export' }
    ) {
        $missing = Join-Path $TestDrive "no-such-folder-$Name"
        $err = { & $script:exports[$Name] (Join-Path $missing $File) } | Should -Throw -ErrorId "ExportFolderNotFound,NndlPS.Commands.$($Name -replace '-')Command" -PassThru
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $err.Exception.Message | Should -Match 'New-Item -ItemType Directory'
        Test-Path $missing | Should -BeFalse
    }

    It '<Name> -Force refuses to replace a named pipe with ExportTargetNotAFile, and the pipe stays' -TestCases @(
        @{ Name = 'Export-Network'; File = 'net.json' }, @{ Name = 'Export-MnistImage'; File = 'grid.png' },
        @{ Name = 'Export-NetworkImage'; File = 'w.png' }, @{ Name = 'Export-LearningCurve'; File = 'curve.png' },
        @{ Name = 'Export-Mnist'; File = 'train-labels-idx1-ubyte.gz' }
    ) {
        if ($IsWindows) { Set-ItResult -Skipped -Because 'named pipes made by mkfifo are a Unix thing' }
        $folder = Join-Path $TestDrive "fifo-$Name"; $null = New-Item -ItemType Directory $folder
        $fifo = Join-Path $folder $File
        mkfifo $fifo
        $LASTEXITCODE | Should -Be 0
        $path = if ($Name -eq 'Export-Mnist') { $folder } else { $fifo }
        $err = { & $script:exports[$Name] $path -Force } | Should -Throw -ErrorId "ExportTargetNotAFile,NndlPS.Commands.$($Name -replace '-')Command" -PassThru
        $err.Exception.Message | Should -Match 'named pipe'
        test -p $fifo # (Get-Item).UnixMode shows a pipe as '-'
        $LASTEXITCODE | Should -Be 0 -Because 'the named pipe is still there'
        @(Get-ChildItem $folder -Force).Count | Should -Be 1 -Because 'nothing else is written, not even a temporary file'
    }

    It 'Export-Mnist flushes all five files to disk before the first rename (seen by strace)' {
        if ($IsWindows -or -not (Get-Command strace -ErrorAction Ignore)) { Set-ItResult -Skipped -Because 'needs strace' }
        strace -qq -o /dev/null true 2>$null
        if ($LASTEXITCODE -ne 0) { Set-ItResult -Skipped -Because 'strace may not trace processes here (no ptrace)' }
        $folder = Join-Path $TestDrive 'fsync-export'; $log = Join-Path $TestDrive 'fsync.log'
        $script:tinyData | Export-Mnist -Path (Join-Path $TestDrive 'fsync-source') | Out-Null
        $command = "Import-Module '$((Get-Module NndlPS).ModuleBase)'; Import-Mnist -Path '$(Join-Path $TestDrive 'fsync-source')' | Export-Mnist -Path '$folder' | Out-Null"
        $pwsh = @(Get-ChildPwshCommand)
        strace -f -qq -e trace=fsync,fdatasync,rename,renameat,renameat2,link,linkat -o $log @pwsh -NoProfile -NonInteractive -Command $command
        $LASTEXITCODE | Should -Be 0
        $calls = @(Get-Content $log | Where-Object { $_ -match 'fsync\(|fdatasync\(|\.partial' })
        # Without -Force a file is put in place by link(2), which refuses a name that exists (NoReplaceMove).
        $firstRename = @($calls | Select-String -Pattern '(rename|link).*\.partial').LineNumber | Select-Object -First 1
        $firstRename | Should -Not -BeNullOrEmpty
        @($calls[0..($firstRename - 1)] | Where-Object { $_ -match 'f(data)?sync\(\d+\)\s+= 0' }).Count | Should -BeGreaterOrEqual 5
    }

    It '<Name> refuses a network whose weights are <Value> with NetworkValueInvalid, and writes nothing' -TestCases @(
        @{ Name = 'Export-NetworkImage'; Value = [float]::NaN; File = 'nan.png' }
        @{ Name = 'Export-NetworkImage'; Value = [float]::PositiveInfinity; File = 'inf.png' }
        @{ Name = 'Export-Network'; Value = [float]::NaN; File = 'nan.json' }
    ) {
        $net = New-Network 4, 3, 2 -Seed 1
        $net.Layers[0].Weights[5] = $Value
        $path = Join-Path $TestDrive $File
        $err = { $net | & $Name -Path $path } | Should -Throw -ErrorId "NetworkValueInvalid,NndlPS.Commands.$($Name -replace '-')Command" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match 'Layer 0 .* NaN or infinite'
        Test-Path $path | Should -BeFalse
    }

    It '<Name> refuses <File> with PictureFormatUnsupported before writing anything' -TestCases @(
        @{ Name = 'Export-MnistImage'; File = 'grid.jpg' }, @{ Name = 'Export-MnistImage'; File = 'grid.svg' },
        @{ Name = 'Export-MnistImage'; File = 'grid' }, @{ Name = 'Export-NetworkImage'; File = 'w.svg' },
        @{ Name = 'Export-LearningCurve'; File = 'curve.jpeg' }
    ) {
        $path = Join-Path $TestDrive $File
        $err = { & $script:exports[$Name] $path } | Should -Throw -ErrorId "PictureFormatUnsupported,NndlPS.Commands.$($Name -replace '-')Command" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match '\.png'
        Test-Path $path | Should -BeFalse
    }

    It '<Name> takes <File>, the extension in any case' -TestCases @(
        @{ Name = 'Export-MnistImage'; File = 'GRID.PNG' }, @{ Name = 'Export-NetworkImage'; File = 'w.Png' },
        @{ Name = 'Export-LearningCurve'; File = 'curve.SVG' }
    ) {
        (& $script:exports[$Name] (Join-Path $TestDrive $File)).Name | Should -Be $File
    }
}
