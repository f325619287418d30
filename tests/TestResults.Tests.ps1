# tools/TestResults.ps1: what build.ps1 Test prints about failed tests above its last line, on the shapes a broken
# run leaves (no results at all, a failure without a message, a BeforeAll that threw, a file that does not parse).
BeforeAll {
    . (Join-Path $PSScriptRoot '../tools/TestResults.ps1')
    . (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "nndlps-results-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path $script:folder | Out-Null

    function script:Write-Trx([string] $Name, [string] $Results, [string] $Counters = '<Counters total="2" passed="1" failed="1" />') {
        $path = Join-Path $script:folder $Name
        Set-Content -LiteralPath $path -Value @"
<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" name="run" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  $Results
  <ResultSummary outcome="Failed">$Counters</ResultSummary>
</TestRun>
"@
        return $path
    }
}

AfterAll {
    Remove-Item -LiteralPath $script:folder -Recurse -Force -ErrorAction Ignore
}

Describe 'The first line of a message' {
    It 'is the first line that is not blank, cut at 300 characters' {
        Get-FirstLine "`n  `r`nsecond line`nthird" | Should -Be 'second line'
        Get-FirstLine ('x' * 400) | Should -Be (('x' * 300) + '...')
    }

    It 'is empty for no message, under strict mode' {
        Set-StrictMode -Version 3.0
        Get-FirstLine $null | Should -Be ''
        Get-FirstLine '   ' | Should -Be ''
    }
}

Describe 'An xunit trx file' {
    BeforeAll { Set-StrictMode -Version 3.0 }

    It 'gives the counts and each failure with its message''s first line' {
        $path = Write-Trx 'failed.trx' @'
<Results>
  <UnitTestResult testName="A.passes" outcome="Passed" />
  <UnitTestResult testName="A.fails" outcome="Failed"><Output><ErrorInfo><Message>Assert.Equal() Failure
Expected: 1</Message></ErrorInfo></Output></UnitTestResult>
  <UnitTestResult testName="A.skipped" outcome="NotExecuted" />
</Results>
'@
        $counts = Get-TrxCounts $path
        $counts.Passed | Should -Be 1
        $counts.Failed | Should -Be 1
        $counts.FailedNames | Should -Be @('A.fails: Assert.Equal() Failure')
    }

    It 'names a failure without a message, and one without any output' {
        $path = Write-Trx 'bare.trx' @'
<Results>
  <UnitTestResult testName="B.empty" outcome="Failed"><Output><ErrorInfo><Message>   </Message></ErrorInfo></Output></UnitTestResult>
  <UnitTestResult testName="B.nothing" outcome="Error" />
  <UnitTestResult testName="B.slow" outcome="Timeout" />
</Results>
'@ '<Counters total="3" failed="1" error="1" timeout="1" />'
        $counts = Get-TrxCounts $path
        $counts.FailedNames | Should -Be @('B.empty', 'B.nothing', 'B.slow')
        $counts.Failed | Should -Be 3
    }

    It 'gives zeros and no names for a run that reported no result' {
        $counts = Get-TrxCounts (Write-Trx 'empty.trx' '' '')
        $counts.Passed | Should -Be 0
        $counts.Failed | Should -Be 0
        @($counts.FailedNames).Count | Should -Be 0
    }
}

Describe 'A Pester run''s failures' {
    It 'names failed tests with their file, and blocks and files that failed whole, each with its error' {
        $tests = Join-Path $script:folder 'pester'
        New-Item -ItemType Directory -Path $tests | Out-Null
        Set-Content -LiteralPath (Join-Path $tests 'A.Tests.ps1') -Value @'
Describe 'A' {
    It 'fails' { 1 | Should -Be 2 }
    It 'throws nothing' { throw [Exception]::new('') }
    It 'passes' { 1 | Should -Be 1 }
}
'@
        Set-Content -LiteralPath (Join-Path $tests 'B.Tests.ps1') -Value @'
Describe 'B' {
    BeforeAll { throw 'set-up went wrong' }
    It 'x' { 1 | Should -Be 1 }
}
'@
        Set-Content -LiteralPath (Join-Path $tests 'C.Tests.ps1') -Value 'Describe ''C'' { It ''y'' { '
        $summary = Join-Path $script:folder 'failures.json'
        $pester = (Get-Module Pester).Path
        $script = @"
Import-Module '$pester'
. '$(Join-Path $PSScriptRoot '../tools/TestResults.ps1')'
`$configuration = New-PesterConfiguration
`$configuration.Run.Path = '$tests'
`$configuration.Run.PassThru = `$true
`$configuration.Output.Verbosity = 'None'
Set-StrictMode -Version 3.0
ConvertTo-Json @(Get-PesterFailure (Invoke-Pester -Configuration `$configuration)) | Set-Content -LiteralPath '$summary'
"@
        Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-Command', $script) | Out-Null
        $names = @(Get-Content -LiteralPath $summary -Raw | ConvertFrom-Json)

        $names | Should -Contain 'A.fails (A.Tests.ps1): Expected 2, but got 1.'
        $names | Should -Contain 'A.throws nothing (A.Tests.ps1)'
        $names | Where-Object { $_ -like 'B*' -and $_ -like '*set-up went wrong*' } | Should -Not -BeNullOrEmpty
        $names | Where-Object { $_ -like '*C.Tests.ps1 (file)*' } | Should -Not -BeNullOrEmpty
        $names | Where-Object { $_ -like '*passes*' } | Should -BeNullOrEmpty
    }
}
