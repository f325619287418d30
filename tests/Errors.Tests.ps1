# docs/errors.md is the one list of ErrorIds a user reads: it must hold every ErrorId that src/ can raise, and no
# ErrorId that src/ no longer raises. The ids in src/ are read from the C# text by tests/ErrorIdScan.ps1, whose
# header gives its rule; the scan also fails on an id written in a way it cannot read, so it cannot miss one quietly.
BeforeAll {
    . (Join-Path $PSScriptRoot 'ErrorIdScan.ps1')
    $root = Join-Path $PSScriptRoot '..'
    $script:source = Get-SourceErrorId (Join-Path $root 'src')

    # The ids in docs/errors.md: the backticked names in the first cell of each table row.
    $script:rows = @(Get-Content -LiteralPath (Join-Path $root 'docs/errors.md') |
            Where-Object { $_ -match '^\| `' } |
            ForEach-Object { , @($_.Trim('|').Split('|') | ForEach-Object Trim) })
    $script:documented = @($script:rows | ForEach-Object { [regex]::Matches($_[0], '`(\w+)`') | ForEach-Object { $_.Groups[1].Value } })
}

Describe 'docs/errors.md' {
    It 'reads every place src/ raises an error' {
        $script:source.Unreadable | Should -BeNullOrEmpty
        $script:source.Ids.Count | Should -BeGreaterThan 50
    }

    It 'lists every ErrorId that src/ raises' {
        @($script:source.Ids | Where-Object { $_ -cnotin $script:documented }) | Should -BeNullOrEmpty -Because 'each needs a row: ErrorId, category, when, what to do'
    }

    It 'lists no ErrorId that src/ no longer raises, and each once' {
        @($script:documented | Where-Object { $_ -cnotin $script:source.Ids }) | Should -BeNullOrEmpty
        @($script:documented | Group-Object -CaseSensitive | Where-Object Count -GT 1 | ForEach-Object Name) | Should -BeNullOrEmpty
    }

    It 'gives each row a category PowerShell has, when it happens and what to do' {
        $categories = [enum]::GetNames([System.Management.Automation.ErrorCategory])
        foreach ($row in $script:rows) {
            $row.Count | Should -Be 4 -Because "$($row[0]) needs ErrorId | Category | When | What to do"
            foreach ($category in $row[1] -split ',|\bor\b' | ForEach-Object Trim | Where-Object { $_ }) { $category | Should -BeIn $categories }
            $row[2] | Should -Not -BeNullOrEmpty
            $row[3] | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'The ErrorId scan' {
    It 'finds <Name>' -TestCases @(
        @{ Name = 'an engine failure'; Code = 'throw new NndlException("IdxTruncated", NndlErrorKind.InvalidData, $"cut {a ?? "b"}, short", path);'; Ids = @('IdxTruncated') }
        @{ Name = 'both arms of a choice'; Code = 'throw new NndlException(name == "-Cost" ? "CostFailed" : "GradientFailed", NndlErrorKind.OperationFailed, "m");'; Ids = @('CostFailed', 'GradientFailed') }
        @{ Name = 'a target-typed new'; Code = 'static NndlException F(string p) =>' + "`n" + '    new("CsvInvalid", NndlErrorKind.InvalidData, $"{p}: bad, {(x ? "y" : "z")}");'; Ids = @('CsvInvalid') }
        @{ Name = 'a helper''s callers'; Code = 'private static NndlException Invalid(string id, string message) => new(id, NndlErrorKind.InvalidArgument, message);' + "`n" + 'throw Invalid("InvalidLambda", $"λ {l}");'; Ids = @('InvalidLambda') }
        @{ Name = 'a cmdlet''s own terminating error'; Code = 'ThrowTerminating("NetworkRequired", ErrorCategory.InvalidArgument, "m", null);'; Ids = @('NetworkRequired') }
        @{ Name = 'a cmdlet''s own ErrorRecord'; Code = 'WriteError(new ErrorRecord(new ArgumentException($"Cannot draw {x ?? "this"}; pipe"), "PictureInputNotImage", ErrorCategory.InvalidArgument, v));'; Ids = @('PictureInputNotImage') }
        @{ Name = 'nothing in an id passed on'; Code = 'throw new NndlException(ex.ErrorId, ex.Kind, "m", null, ex); => new(ex, ex.ErrorId, Category(ex.Kind), ex.Target);'; Ids = @() }
    ) {
        $found = Get-ErrorIdInText $Code 'test.cs' @{}
        $helpers = @{}; $null = Get-ErrorIdInText $Code 'test.cs' $helpers
        $ids = @($found.Ids) + @((Get-HelperErrorId $Code 'test.cs' $helpers).Ids)
        $found.Unreadable | Should -BeNullOrEmpty
        @($ids | Sort-Object) | Should -Be @($Ids | Sort-Object)
    }

    It 'refuses an id it cannot read: <Name>' -TestCases @(
        @{ Name = 'a constant'; Code = 'throw new NndlException(Ids.Truncated, NndlErrorKind.InvalidData, "m");' }
        @{ Name = 'a variable in an ErrorRecord'; Code = 'WriteError(new ErrorRecord(ex, id + "x", ErrorCategory.InvalidData, null));' }
    ) {
        (Get-ErrorIdInText $Code 'test.cs' @{}).Unreadable | Should -Not -BeNullOrEmpty
    }
}
