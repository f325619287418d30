# The help a user reads, for every exported command, so a new cmdlet cannot ship without it: synopsis, description,
# every parameter described with its default, INPUTS, OUTPUTS, related links, at least two examples, and every
# example run as written (in a fresh runspace per command, in an empty folder, with MNIST from the data cache), so
# the help cannot go stale.
BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:commands = @((Get-Command -Module NndlPS).Name | Sort-Object)
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    Import-NndlModule
    $script:modulePath = (Get-Module NndlPS).ModuleBase
    $script:common = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters
}

Describe 'Get-Help about_NndlPS' {
    It 'explains the concepts, the chapters, the data sources and how to share work' {
        $text = Get-Help about_NndlPS | Out-String
        $text | Should -Match 'about_NndlPS'
        foreach ($heading in 'CONCEPTS', 'CHAPTERS', 'DATA SOURCES', 'SAVING AND SHARING') { $text | Should -Match $heading }
    }
}

Describe 'Get-Help <_>' -ForEach $script:commands {
    BeforeAll {
        $script:name = $_
        $script:help = Get-Help $script:name -Full
        $script:command = Get-Command $script:name
    }

    It 'has a synopsis and a description' {
        $help.Synopsis | Should -Not -Match "^\s*$name" -Because 'without help PowerShell shows the bare syntax'
        $help.Synopsis.Length | Should -BeGreaterThan 20
        ($help.Description.Text -join '').Length | Should -BeGreaterThan 40
    }

    It 'describes every parameter, with its default value' {
        foreach ($parameter in $command.Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' }) {
            $entry = Get-Help $name -Parameter $parameter
            $entry.Description.Text | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
            if ($entry.required -ne 'true') { $entry.defaultValue | Should -Not -BeNullOrEmpty -Because "-$parameter needs its default" }
        }
    }

    It 'shows switches as switches, and -WhatIf/-Confirm where it supports them' {
        $syntax = Get-Help $name | Select-Object -ExpandProperty Syntax | Out-String -Width 1000
        $syntax | Should -Not -Match '<SwitchParameter>'
        $supportsShouldProcess = $command.Parameters.ContainsKey('WhatIf')
        ($syntax -match '-WhatIf') | Should -Be $supportsShouldProcess
        ($syntax -match '-Confirm') | Should -Be $supportsShouldProcess
    }

    It 'lists INPUTS and OUTPUTS' {
        @($help.inputTypes.inputType).Count | Should -BeGreaterThan 0
        $piped = @($command.Parameters.Values | Where-Object { $_.Attributes.ValueFromPipeline -contains $true } | ForEach-Object { $_.ParameterType })
        foreach ($type in $piped) {
            $element = [Nullable]::GetUnderlyingType($type) ?? $type
            if ($element.IsArray) { $element = $element.GetElementType() } # the pipeline unrolls collections
            $help.inputTypes.inputType.type.name | Should -Contain $element.FullName
        }
        $outputs = @($help.returnValues.returnValue.type.name)
        $outputs.Count | Should -BeGreaterThan 0
        foreach ($type in $command.OutputType) { $outputs | Should -Contain $type.Name }
    }

    It 'links to related help, and to about_NndlPS' {
        $help.relatedLinks.navigationLink.linkText | Should -Contain 'about_NndlPS'
    }

    It 'has at least two examples, each explained' {
        $examples = @($help.Examples.Example)
        $examples.Count | Should -BeGreaterOrEqual 2
        foreach ($example in $examples) { ($example.remarks.Text -join '').Trim() | Should -Not -BeNullOrEmpty }
    }
}

Describe 'The examples of <_> run as written' -ForEach $script:commands {
    BeforeAll {
        $script:name = $_
        # A fresh runspace per command, in an empty folder: an example cannot lean on another's variables or files.
        $script:folder = Join-Path $TestDrive "examples-$name"
        New-Item -ItemType Directory -Path $script:folder | Out-Null
        $script:runspace = [runspacefactory]::CreateRunspace()
        $script:runspace.Open()
        $setup = [powershell]::Create($script:runspace)
        $null = $setup.AddScript("Set-Location -LiteralPath '$($script:folder)'; Import-Module '$($script:modulePath)' -ErrorAction Stop; `$global:ErrorActionPreference = 'Stop'; `$global:ProgressPreference = 'SilentlyContinue'").Invoke()
        $setup.Dispose()
    }

    AfterAll {
        $script:runspace.Dispose()
    }

    It 'example <Number>: <Code>' -ForEach @(
        $number = 0
        foreach ($example in (Get-Help $_).Examples.Example) { $number++; @{ Number = $number; Code = $example.code } }
    ) {
        $shell = [powershell]::Create($script:runspace)
        try {
            # Out-String formats the output too, as the console would, so a view that fails is caught.
            $null = $shell.AddScript($Code).AddCommand('Out-String').Invoke()
            @($shell.Streams.Error | ForEach-Object { $_.ToString() }) | Should -BeNullOrEmpty
            $shell.HadErrors | Should -BeFalse
        } finally {
            $shell.Dispose()
        }
    }
}
