# Hostile cases for chapter 6's surfaces (the fifth hostile pass): layer objects that crossed serialization, layers
# piped one by one, pictures of large filters. Each must end in an ErrorRecord with a stable ErrorId, within a bound,
# never a raw .NET exception, a hang or silent garbage.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
    Import-NndlModule
    $script:conv = New-ConvPoolLayer -Filters 2 -FilterSize 5 -PoolSize 2 -Activation ReLU
    $script:fc = New-FullyConnectedLayer -Neurons 8 -Activation Tanh -Dropout 0.25
    $script:softmax = New-SoftmaxLayer -Neurons 10 -Dropout 0.5
    $script:tiny = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:tiny -Train 60 -Test 10
    $script:tinyData = Import-Mnist -Path $script:tiny -ValidationSize 10
}

Describe 'Export-NetworkImage and Export-MnistImage, hostile sizes' {
    It 'draws a 1024x1024 filter (a picture of 4 million pixels) within a bound, not one native call per pixel' {
        # SKBitmap.SetPixel for every pixel took about 2 µs a pixel: this picture took 10 s, the 64-million-pixel
        # bound two and a half minutes. The pixels are now written straight into the bitmap.
        $net = New-Network -InputShape 1, 1024, 1024 -Layers 'ConvPool 1@1024x1024 relu + Softmax 2' -Seed 1
        $path = Join-Path $TestDrive 'large-filter.png'
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $net | Export-NetworkImage -Path $path -Layer 0 -Scale 2 | Out-Null
        $watch.Elapsed.TotalSeconds | Should -BeLessThan 5
        (Get-Item $path).Length | Should -BeGreaterThan 1000
    }

    It '<Name> given a folder named like a picture suggests a .png file in it, not a network.json' -TestCases @(
        @{ Name = 'Export-NetworkImage'; Export = { param($p) New-Network 4, 2 -Seed 1 | Export-NetworkImage -Path $p } }
        @{ Name = 'Export-LearningCurve'; Export = { param($p) $script:tinyData | Invoke-SgdTraining -Network (New-Network $script:tinyData.Training.InputSize, 10 -Seed 1) -Epochs 1 -Seed 1 | Export-LearningCurve -Path $p } }
    ) {
        $folder = Join-Path $TestDrive 'pictures.png'
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $err = { & $Export $folder } | Should -Throw -ErrorId "ExportTargetIsFolder,NndlPS.Commands.$($Name -replace '-')Command" -PassThru
        $err.Exception.Message | Should -BeLike "*$(Join-Path $folder '*.png')*"
        $err.Exception.Message | Should -Not -BeLike '*network.json*'
    }
}

Describe 'Layers that crossed serialization, or were piped one by one' {
    BeforeAll {
        function Get-Bits($n) { (@($n.ConvolutionalLayers) + @($n.Layers) | ForEach-Object { ($_.Weights + $_.Biases) -join ',' }) -join ';' }
        $script:layers = $script:conv, $script:fc, $script:softmax
        $script:original = New-Network -InputShape 1, 28, 28 -Layers $script:layers -Seed 1
    }

    It 'builds the same network from layers that came back from <Case>' -TestCases @(
        @{ Case = 'Export-Clixml / Import-Clixml'; Back = { param($l) $p = Join-Path $TestDrive 'layers.xml'; $l | Export-Clixml $p; Import-Clixml $p } }
        @{ Case = 'the serializer remoting uses'; Back = { param($l) [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize($l)) } }
    ) {
        $back = & $Back $script:layers
        $back[0].PSObject.TypeNames | Should -Contain 'Deserialized.NndlPS.Core.ConvPoolLayerDesign'
        # Was CannotConvertArgumentNoMessage: PowerShell's binder cannot make a layer of the property bag.
        $net = New-Network -InputShape 1, 28, 28 -Layers $back -Seed 1
        "$net" | Should -Be "$script:original"
        Get-Bits $net | Should -Be (Get-Bits $script:original)
        "$($back | New-Network -InputShape 1, 28, 28 -Seed 1)" | Should -Be "$script:original"
        # A sweep's grid said "The grid's Layers holds '', not a layer" (the bag's base object prints as nothing).
        $run = @(Import-Mnist -NoDownload -First 100 | Invoke-SgdSweep -Grid @{ Layers = , $back } -Seed 1 -Epochs 1)
        $run.Count | Should -Be 1
        $run[0].Layers | Should -Be ($script:layers -join ' + ')
    }

    It 'refuses a deserialized layer whose text was edited to <Case> with <Id>' -TestCases @(
        @{ Case = 'another kind of layer'; Text = 'Softmax 10'; Id = 'LayerInvalid' }
        @{ Case = 'a number out of range'; Text = 'ConvPool 0@5x5 relu'; Id = 'LayerDesignInvalid' }
        @{ Case = 'no layer at all'; Text = 'ConvPool'; Id = 'LayerTextInvalid' }
    ) {
        $xml = [Management.Automation.PSSerializer]::Serialize($script:conv) -replace '<ToString>[^<]*</ToString>', "<ToString>$Text</ToString>"
        $bag = [Management.Automation.PSSerializer]::Deserialize($xml)
        { New-Network -InputShape 1, 28, 28 -Layers $bag, $script:softmax -Seed 1 } | Should -Throw -ErrorId "$Id,NndlPS.Commands.NewNetworkCommand"
        { Import-Mnist -NoDownload -First 10 | Invoke-SgdSweep -Grid @{ Layers = , ($bag, $script:softmax) } -Seed 1 -Epochs 1 } |
            Should -Throw -ErrorId "$Id,NndlPS.Commands.InvokeSgdSweepCommand"
    }

    It 'refuses a piped <Case> with <Id> instead of building a network of the other layers' -TestCases @(
        @{ Case = 'text that is not a layer'; Item = { 'Softmax ten' }; Id = 'LayerTextInvalid'; Match = "*'Softmax ten'*" }
        @{ Case = 'number'; Item = { 5 }; Id = 'LayerInvalid'; Match = "*'5'*not a layer*New-ConvPoolLayer*" }
        @{ Case = 'network'; Item = { New-Network 4, 2 -Seed 1 }; Id = 'LayerInvalid'; Match = '*not a layer*' }
        @{ Case = '$null'; Item = { $null }; Id = 'LayerInvalid'; Match = '*$null*' }
    ) {
        $Item = & $Item
        # The binder refused the item alone, as a non-terminating error, and New-Network built a network of the rest:
        # here 'ConvPool + FullyConnected 8', whose tanh layer became the output layer.
        $out = $null
        $err = { $script:out = $script:conv, $script:fc, $Item | New-Network -InputShape 1, 28, 28 -Seed 1 } |
            Should -Throw -ErrorId "$Id,NndlPS.Commands.NewNetworkCommand" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike $Match
        $script:out | Should -BeNullOrEmpty
    }

    It 'refuses the same as an argument, -Layers $conv, <Case>, with <Id>' -TestCases @(
        @{ Case = '5'; Item = 5; Id = 'LayerInvalid' }
        @{ Case = '@{ Filters = 2 }'; Item = @{ Filters = 2 }; Id = 'LayerInvalid' }
        @{ Case = "'Softmax 0'"; Item = 'Softmax 0'; Id = 'LayerDesignInvalid' }
    ) {
        { New-Network -InputShape 1, 28, 28 -Layers $script:conv, $Item -Seed 1 } | Should -Throw -ErrorId "$Id,NndlPS.Commands.NewNetworkCommand"
    }
}

Describe 'Dropout given to a cmdlet' {
    It '<Command> refuses -Dropout <Value>, which is 0 (or 1) as a float, in the layer text''s words' -TestCases @(
        # PowerShell bound -Dropout 1e-50 to a float, 0, before NndlPS saw it: the layer asked for dropout and had none.
        @{ Command = 'New-FullyConnectedLayer'; Value = 1e-50; Match = '^Dropout 1E-50 is 0 as a float, so no input would ever be dropped' }
        @{ Command = 'New-SoftmaxLayer'; Value = 1e-50; Match = '^Dropout 1E-50 is 0 as a float, so no input would ever be dropped' }
        @{ Command = 'New-SoftmaxLayer'; Value = '1e-50'; Match = '^Dropout 1E-50 is 0 as a float' }
        @{ Command = 'New-FullyConnectedLayer'; Value = 0.99999999999; Match = 'got 0\.99999999999 \(1 as a float\)\.$' }
        @{ Command = 'New-SoftmaxLayer'; Value = -1e-50; Match = 'up to but not including 1.*got -1E-50\.$' }
    ) {
        $err = { & $Command -Neurons 10 -Dropout $Value } | Should -Throw -ErrorId "LayerDesignInvalid,NndlPS.Commands.$($Command -replace '-')Command" -PassThru
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -Match $Match
    }

    It 'keeps 0, 0.5 and the smallest float as given' {
        (New-FullyConnectedLayer 10 -Dropout 0).Dropout | Should -Be 0
        (New-SoftmaxLayer 10 -Dropout 0.5).Dropout | Should -Be 0.5
        (New-SoftmaxLayer 10 -Dropout ([double][float]::Epsilon)).Dropout | Should -Be ([float]::Epsilon)
    }
}

Describe 'Kinds named by several names or by number' {
    # PowerShell makes one enum value of 'A,B' by OR-ing the two, whatever the enum ([DayOfWeek]'Monday,Tuesday' is
    # Wednesday): -Activation 'Sigmoid,Tanh' or Sigmoid,Tanh was tanh, 'Tanh,ReLU' softmax, and -Activation 1 tanh.
    It '<Command> refuses <Case>, naming the kinds there are' -TestCases @(
        @{ Command = 'New-ConvPoolLayer'; Case = "-Activation 'Sigmoid,Tanh' (was tanh)"; Run = { New-ConvPoolLayer 2 -Activation 'Sigmoid,Tanh' } }
        @{ Command = 'New-FullyConnectedLayer'; Case = '-Activation Sigmoid, ReLU, a list (was relu)'; Run = { New-FullyConnectedLayer 2 -Activation Sigmoid, ReLU } }
        @{ Command = 'New-Network'; Case = '-Activation 1 (was tanh)'; Run = { New-Network 4, 3, 2 -Activation 1 -Seed 1 } }
        @{ Command = 'New-Network'; Case = "-Cost 'Quadratic, CrossEntropy' (was cross-entropy)"; Run = { New-Network 4, 3, 2 -Cost 'Quadratic, CrossEntropy' -Seed 1 } }
        @{ Command = 'New-FullyConnectedLayer'; Case = 'a kind of another type, a CostKind as -Activation (was tanh, by its number; review)'; Run = { New-FullyConnectedLayer 10 -Activation ([NndlPS.Core.CostKind]::CrossEntropy) } }
        @{ Command = 'New-FullyConnectedLayer'; Case = 'a deserialized kind of another type (review)'; Run = { New-FullyConnectedLayer 10 -Activation ([Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize([NndlPS.Core.CostKind]::CrossEntropy))) } }
    ) {
        $err = $Run | Should -Throw -ErrorId "ParameterArgumentTransformationError,NndlPS.Commands.$($Command -replace '-')Command" -PassThru
        $err.Exception.Message | Should -BeLike '*one name*'
    }

    It 'takes one name in any case, or the kind itself, as before' {
        "$(New-ConvPoolLayer 2 -Activation ' relu ')" | Should -Be 'ConvPool 2@5x5, pool 2x2 relu'
        "$(New-FullyConnectedLayer 2 -Activation ([NndlPS.Core.ActivationKind]::Tanh))" | Should -Be 'FullyConnected 2 tanh'
        (New-Network 4, 3, 2 -Activation (New-Network 4, 2 -Activation ReLU -Seed 1).Layers[0].Activation.Kind -Seed 1).Layers[0].Activation.Name | Should -Be 'relu'
        $back = [Management.Automation.PSSerializer]::Deserialize([Management.Automation.PSSerializer]::Serialize([NndlPS.Core.ActivationKind]::ReLU))
        "$(New-ConvPoolLayer 2 -Activation $back)" | Should -Be 'ConvPool 2@5x5, pool 2x2 relu' -Because 'a kind back from serialization is the kind, not a number'
        "$(New-FullyConnectedLayer 2 -Activation @('Tanh'))" | Should -Be 'FullyConnected 2 tanh' -Because 'a list of one name is that name, as PowerShell binds it (review)'
    }

    It 'refuses no name at all (<Case>) as no name, in our words' -TestCases @(
        @{ Case = "''"; Value = '' }
        @{ Case = "'  '"; Value = '  ' }
        @{ Case = '@()'; Value = @() }
    ) {
        # '' was PowerShell's 'The identifier name  cannot be processed because it is either too similar or identical to
        # the following enumerator names', and @() 'a list of names, which PowerShell would combine into one kind'.
        $err = { New-FullyConnectedLayer 10 -Activation $Value } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,NndlPS.Commands.NewFullyConnectedLayerCommand' -PassThru
        $err.Exception.Message | Should -BeLike '*names no kind*Give one name: Sigmoid*'
    }

    It 'names a kind of another type as such, and quotes a long list in short' {
        $err = { New-FullyConnectedLayer 10 -Activation ([NndlPS.Core.CostKind]::CrossEntropy) } | Should -Throw -PassThru
        $err.Exception.Message | Should -BeLike "*'CrossEntropy' is a CostKind, not an ActivationKind*"
        $err = { New-FullyConnectedLayer 10 -Activation ([object[]] (1..100000)) } | Should -Throw -PassThru
        $err.Exception.Message.Length | Should -BeLessThan 600
    }

    It 'refuses a grid value of several names in one text, which was one run of the kind PowerShell made of them' {
        $data = $script:tinyData
        $err = { $data | Invoke-SgdSweep -Grid @{ Activation = 'Sigmoid,Tanh' } -Seed 1 -Epochs 1 } |
            Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand' -PassThru
        $err.Exception.Message | Should -BeLike "*Activation = 'Sigmoid', 'Tanh'*"
        { $data | Invoke-SgdSweep -Grid @{ Cost = 1 } -Seed 1 -Epochs 1 } | Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand'
        @($data | Invoke-SgdSweep -Grid @{ Activation = 'Sigmoid', 'tanh' } -Seed 1 -Epochs 1).Count | Should -Be 2
        { $data | Invoke-SgdSweep -Grid @{ Activation = [NndlPS.Core.CostKind]::CrossEntropy } -Seed 1 -Epochs 1 } | Should -Throw -ErrorId 'SweepGridValueInvalid,NndlPS.Commands.InvokeSgdSweepCommand'
    }

    It 'runs a grid whose kinds came back from Export-Clixml, as it did before the check (review)' {
        $path = Join-Path $TestDrive 'grid.xml'
        @{ Activation = [NndlPS.Core.ActivationKind]::Sigmoid, [NndlPS.Core.ActivationKind]::Tanh } | Export-Clixml $path
        $runs = @($script:tinyData | Invoke-SgdSweep -Grid (Import-Clixml $path) -Seed 1 -Epochs 1 | Sort-Object Index)
        $runs.Count | Should -Be 2
        "$($runs[0].Activation) $($runs[1].Activation)" | Should -Be 'Sigmoid Tanh'
    }
}

Describe 'Network files of convolutional networks, hostile' {
    BeforeAll {
        $script:good = Join-Path $TestDrive 'conv-good.json'
        New-Network -InputShape 1, 4, 4 -Layers 'ConvPool 2@3x3, pool 2x2 relu + FullyConnected 2 tanh, dropout 0.5 + Softmax 2' -Seed 1 | Export-Network -Path $script:good | Out-Null
    }

    It 'says lists nested deeper than a network file''s are too deep (<Case>), not that the file is cut short or not JSON' -TestCases @(
        @{ Case = 'convolutional biases 40 deep'; Edit = { param($t) $t -replace '"convolutionalBiases":\[\[0,0\]\]', ('"convolutionalBiases":' + ('[' * 40) + (']' * 40)) } }
        @{ Case = 'a key of a convolutional layer'; Edit = { param($t) $t -replace '"poolSize":2', '"poolSize":2,"note":[[[[[[1]]]]]]' } }
    ) {
        $path = Join-Path $TestDrive 'deep.json'
        Set-Content $path (& $Edit (Get-Content $script:good -Raw)) -NoNewline
        $err = { Import-Network $path } | Should -Throw -ErrorId 'NetworkFileInvalid,NndlPS.Commands.ImportNetworkCommand' -PassThru
        $err.Exception.Message | Should -BeLike '*deep*'
        $err.Exception.Message | Should -Not -BeLike '*not valid JSON*'
        $err.Exception.Message | Should -Not -BeLike '*maximum configured depth*'
    }

    It 'still says a file broken <Depth> levels deep is not valid JSON' -TestCases @(
        @{ Depth = 7; Note = '[[[q]]]' }
        @{ Depth = '8, the deepest allowed,'; Note = '[[[[q]]]]' }
    ) {
        $path = Join-Path $TestDrive 'broken.json'
        Set-Content $path ((Get-Content $script:good -Raw) -replace '"poolSize":2', "`"poolSize`":2,`"note`":$Note") -NoNewline
        { Import-Network $path } | Should -Throw -ErrorId 'NetworkFileInvalid,NndlPS.Commands.ImportNetworkCommand' -ExpectedMessage '*not valid JSON*'
    }

    It 'says a comma missing at the deepest level allowed is not valid JSON, not that it nests too deep (review)' {
        # [[[[[[0 [0]]]]]]] nests exactly 8 deep with the file: the '[' after the 0 is the fault, not the depth.
        $path = Join-Path $TestDrive 'comma.json'
        Set-Content $path ((Get-Content $script:good -Raw) -replace '"convolutionalBiases":\[\[0,0\]\]', '"convolutionalBiases":[[[[[[0 [0]]]]]]]') -NoNewline
        { Import-Network $path } | Should -Throw -ErrorId 'NetworkFileInvalid,NndlPS.Commands.ImportNetworkCommand' -ExpectedMessage '*not valid JSON*'
    }
}

Describe 'Hand-set weights nested too deep' {
    It 'refuses -Weights nested 20,000 deep ($a = ,$a in a loop) in words; it overflowed the stack and killed the process' {
        # In a child process: before the fix the whole process died (exit code 134, "Stack overflow").
        $module = (Get-Module NndlPS).ModuleBase
        $output = Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-Command',
            "Import-Module '$module' -ErrorAction Stop; `$a = 1; foreach (`$i in 1..20000) { `$a = ,`$a }; " +
            "try { New-Network 1, 1 -Weights `$a -Biases 0 } catch { `$_.FullyQualifiedErrorId }")
        $LASTEXITCODE | Should -Be 0
        $output | Select-Object -Last 1 | Should -Be 'NetworkParameterNotANumber,NndlPS.Commands.NewNetworkCommand'
    }
}
