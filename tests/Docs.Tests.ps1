# Runs every ```powershell block of docs/chapter1.md, in order, in one fresh pwsh with the staged module, and checks
# that each runs without error and prints what the ```text block under it shows (timings aside).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../tools/DocBlocks.ps1')
    $script:docPath = Join-Path $PSScriptRoot '../docs/chapter1.md'
    $blocks = Get-DocBlock $script:docPath
    $script:cases = @(for ($n = 0; $n -lt $blocks.Count; $n++) {
        @{ Index = $n; Line = $blocks[$n].Line; FirstLine = ($blocks[$n].Code -split "`n")[0] }
    })
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../tools/DocBlocks.ps1')
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    $module = if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' }
    $script:blocks = Get-DocBlock (Join-Path $PSScriptRoot '../docs/chapter1.md')
    $script:results = Invoke-DocBlock $script:blocks (Resolve-Path $module).Path (Join-Path $TestDrive 'doc-blocks')
}

Describe 'docs/chapter1.md' {
    It 'has the walkthrough''s blocks, each with its output' {
        $script:blocks.Count | Should -BeGreaterThan 10
        @($script:blocks | Where-Object { $null -eq $_.Expected }).Count | Should -Be 0 -Because 'every block shows what it prints'
    }

    It 'block <Index> at line <Line> (<FirstLine>) runs and prints what the page shows' -TestCases $script:cases {
        $result = $script:results[$Index]
        $result.Failure | Should -BeNullOrEmpty
        ConvertTo-ComparableText $result.Output | Should -Be (ConvertTo-ComparableText $script:blocks[$Index].Expected)
    }
}

Describe 'The documentation checker' {
    It 'masks timings and column padding but nothing else' {
        ConvertTo-ComparableText "Epoch 0: 9010 / 10000     90.10%    0.57 s`n`n" | Should -Be 'Epoch 0: 9010 / 10000 90.10% <t> s'
        ConvertTo-ComparableText 'in 12.3 s, 1.49 s/epoch' | Should -Be 'in <t> s, <t> s/epoch'
        ConvertTo-ComparableText '9010 / 10000' | Should -Not -Be (ConvertTo-ComparableText '9011 / 10000')
    }

    It 'reports a block that fails, and keeps variables from one block to the next' {
        $blocks = @(
            [pscustomobject]@{ Code = '$x = 41' }, [pscustomobject]@{ Code = '$x + 1' }, [pscustomobject]@{ Code = 'Get-MnistSample -Data $null' }
        )
        $module = if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' }
        $results = Invoke-DocBlock $blocks (Resolve-Path $module).Path (Join-Path $TestDrive 'checker')
        $results[1].Output.Trim() | Should -Be '42'
        $results[2].Failure | Should -Not -BeNullOrEmpty
    }
}
