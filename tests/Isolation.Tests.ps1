# The module's third-party dependencies load in its own AssemblyLoadContext (NndlPS.LoadContext): another module
# that brings a different System.Numerics.Tensors can neither break NndlPS nor be broken by it, in either order.
# Each case runs in a fresh pwsh, as two modules meet in a user's session.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
    $script:module = (Resolve-Path $(if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' })).Path
    $packages = ((dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    # Restored by tests/NndlPS.Core.Tests (a PackageDownload), as Pester is.
    $script:otherTensors = Join-Path $packages 'system.numerics.tensors/9.0.0/lib/net8.0/System.Numerics.Tensors.dll'
    $script:ownTensors = [Reflection.AssemblyName]::GetAssemblyName((Join-Path $script:module 'dependencies/System.Numerics.Tensors.dll')).Version
    $script:data = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:data -Train 300 -Test 100

    # Runs $Body in a fresh pwsh and returns what it reports as JSON, plus every load context's Tensors version.
    function Invoke-Session([string] $Body) {
        $script = Join-Path $TestDrive "session$(Get-Random).ps1"
        Set-Content $script @"
`$ErrorActionPreference = 'Stop'
`$report = [ordered]@{}
$Body
`$report.Contexts = @([System.Runtime.Loader.AssemblyLoadContext]::All | ForEach-Object {
    foreach (`$a in `$_.Assemblies) { if (`$a.GetName().Name -eq 'System.Numerics.Tensors') { "`$(`$_.Name)=`$(`$a.GetName().Version)" } } })
`$report.NetworkType = ('NndlPS.Core.Network' -as [type])?.FullName
`$report | ConvertTo-Json -Compress
"@
        $output = @(Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-File', $script))
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
        return $output[-1] | ConvertFrom-Json
    }
}

Describe 'Another System.Numerics.Tensors in the same session' {
    BeforeAll {
        Test-Path $script:otherTensors | Should -BeTrue -Because 'tests/NndlPS.Core.Tests restores System.Numerics.Tensors 9.0.0 for this test'
        $script:train = "`$epoch = Import-Mnist -Path '$($script:data)' -ValidationSize 50 | Invoke-SgdTraining -Epochs 1 -Seed 1"
    }

    It 'loaded first by another module, it does not stop NndlPS from training and drawing' {
        $report = Invoke-Session @"
Add-Type -Path '$($script:otherTensors)'
Import-Module '$($script:module)'
$($script:train)
`$report.Correct = `$epoch.Correct
`$report.Picture = (`$epoch | Export-LearningCurve -Path (Join-Path '$TestDrive' 'curve-first.png')).Length
"@
        $report.Correct | Should -BeGreaterThan 0
        $report.Picture | Should -BeGreaterThan 0
        # The other module keeps its 9.0 in the shared context; NndlPS's engine runs on its own version in its own.
        $report.Contexts | Should -Contain 'Default=9.0.0.0'
        $report.Contexts | Should -Contain "NndlPS=$($script:ownTensors)"
        $report.NetworkType | Should -Be 'NndlPS.Core.Network'
    }

    It 'loaded after NndlPS has trained, the other module''s version loads and works, and NndlPS goes on training' {
        $report = Invoke-Session @"
Import-Module '$($script:module)'
$($script:train)
`$report.Before = `$epoch.Correct
Add-Type -Path '$($script:otherTensors)'
`$report.OtherSum = [System.Numerics.Tensors.TensorPrimitives]::Sum([float[]] (1, 2, 3.5))
`$report.OtherVersion = [System.Numerics.Tensors.TensorPrimitives].Assembly.GetName().Version.ToString()
$($script:train)
`$report.After = `$epoch.Correct
"@
        $report.OtherSum | Should -Be 6.5
        $report.OtherVersion | Should -Be '9.0.0.0'
        # Same seed, same data: the engine did not switch to the other version.
        $report.After | Should -Be $report.Before
        $report.Contexts | Should -Contain "NndlPS=$($script:ownTensors)"
    }
}

Describe 'Another module with its own System.Numerics.Tensors beside its DLL' {
    BeforeAll {
        # A binary module as PowerShell users get them: its DLL and its dependencies in one folder, found by LoadFrom's
        # probing beside the DLL. Compiled here, in a child pwsh, against the 9.0 assembly.
        $script:other = Join-Path $TestDrive 'other'
        New-Item -ItemType Directory $script:other | Out-Null
        Copy-Item $script:otherTensors $script:other
        $source = Join-Path $TestDrive 'Other.cs'
        Set-Content $source @'
namespace Other
{
    public static class Probe
    {
        public static string Version() => typeof(System.Numerics.Tensors.TensorPrimitives).Assembly.GetName().Version.ToString();
        public static float Sum(float[] values) => System.Numerics.Tensors.TensorPrimitives.Sum(values);
    }
}
'@
        $dll = Join-Path $script:other 'Other.dll'
        $output = @(Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-Command',
            "Add-Type -Path '$source' -ReferencedAssemblies '$(Join-Path $script:other 'System.Numerics.Tensors.dll')', System.Runtime, System.Memory -OutputAssembly '$dll' -IgnoreWarnings -WarningAction SilentlyContinue"))
        $LASTEXITCODE | Should -Be 0 -Because ($output -join "`n")
    }

    It 'gets its own version when imported after NndlPS (NndlPS answers only for the versions it ships)' {
        $report = Invoke-Session @"
Import-Module '$($script:module)'
`$report.Before = (Import-Mnist -Path '$($script:data)' -ValidationSize 50 | Invoke-SgdTraining -Epochs 1 -Seed 1).Correct
Import-Module '$(Join-Path $script:other 'Other.dll')'
`$report.OtherVersion = [Other.Probe]::Version()
`$report.OtherSum = [Other.Probe]::Sum([float[]] (1, 2, 3.5))
`$report.After = (Import-Mnist -Path '$($script:data)' -ValidationSize 50 | Invoke-SgdTraining -Epochs 1 -Seed 1).Correct
"@
        $report.OtherVersion | Should -Be '9.0.0.0'
        $report.OtherSum | Should -Be 6.5
        $report.After | Should -Be $report.Before
        $report.Contexts | Should -Contain 'Default=9.0.0.0'
        $report.Contexts | Should -Contain "NndlPS=$($script:ownTensors)"
    }
}

Describe 'Remove-Module in one runspace' {
    It 'leaves the module working in another runspace of the same process, dependencies loaded later included' {
        $report = Invoke-Session @"
Import-Module '$($script:module)'
`$net = New-Network -Sizes 4, 3, 2 -Seed 1
`$other = [powershell]::Create()
`$null = `$other.AddScript("Import-Module '$($script:module)'; Remove-Module NndlPS").Invoke()
`$other.Dispose()
# Neither SkiaSharp nor Google.Protobuf was loaded before the removal.
`$report.Picture = (`$net | Export-NetworkImage -Path (Join-Path '$TestDrive' 'after-remove.png')).Length
`$report.Onnx = (`$net | Export-Network -Path (Join-Path '$TestDrive' 'after-remove.onnx')).Length
"@
        $report.Picture | Should -BeGreaterThan 0
        $report.Onnx | Should -BeGreaterThan 0
    }
}

Describe 'What sits where in the module' {
    It 'has only its own assemblies beside the manifest, and every third-party one in dependencies' {
        $beside = @(Get-ChildItem $script:module -Filter *.dll -File).Name | Sort-Object
        $beside | Should -Be @('NndlPS.Core.dll', 'NndlPS.dll', 'NndlPS.LoadContext.dll')
        $framework = [Runtime.InteropServices.RuntimeEnvironment]::GetRuntimeDirectory()
        foreach ($assembly in 'NndlPS.dll', 'NndlPS.Core.dll', 'NndlPS.LoadContext.dll') {
            $references = [Reflection.Assembly]::LoadFile((Join-Path $script:module $assembly)).GetReferencedAssemblies().Name
            foreach ($name in $references) {
                $where = if (Test-Path (Join-Path $framework "$name.dll")) { 'framework' }
                    elseif ($name -in 'System.Management.Automation', 'netstandard') { 'PowerShell' }
                    elseif (Test-Path (Join-Path $script:module "$name.dll")) { 'ours' }
                    elseif (Test-Path (Join-Path $script:module "dependencies/$name.dll")) { 'dependencies' }
                    else { 'nowhere' }
                $where | Should -Not -Be 'nowhere' -Because "$assembly references $name"
            }
        }
    }

    It 'ships exactly the versions the engine references (the load context answers only for those)' {
        $references = [Reflection.Assembly]::LoadFile((Join-Path $script:module 'NndlPS.Core.dll')).GetReferencedAssemblies()
        $shipped = @(Get-ChildItem (Join-Path $script:module 'dependencies') -Filter *.dll -File)
        $checked = 0
        foreach ($reference in $references) {
            $file = $shipped | Where-Object BaseName -eq $reference.Name
            if (-not $file) { continue }
            [Reflection.AssemblyName]::GetAssemblyName($file.FullName).Version | Should -Be $reference.Version -Because "NndlPS.Core references $($reference.FullName)"
            $checked++
        }
        $checked | Should -BeGreaterOrEqual 5   # Tensors, Sylvan, Protobuf, ScottPlot, SkiaSharp
    }
}
