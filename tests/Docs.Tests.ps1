# The documentation a user reads, checked:
# - every walkthrough (README.md and each page of docs/ with a ```powershell block: chapter1.md, tour.md, ...) runs
#   its ```powershell blocks in order, in one fresh pwsh per page with the staged module, in a temporary folder, and
#   each block prints what the ```text block under it shows (timings aside);
# - no page shows output that no block printed, or a block in a fence the runner would silently skip;
# - every relative link in the repository's Markdown points to a file that exists (and a heading that exists).
BeforeDiscovery {
    . (Join-Path $PSScriptRoot '../tools/DocBlocks.ps1')
    $root = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    $script:pages = @(foreach ($page in Get-DocPage $root) {
            $blocks = Get-DocBlock $page.FullName
            @{
                Page  = [IO.Path]::GetRelativePath($root, $page.FullName).Replace('\', '/')
                Path  = $page.FullName
                Cases = @(for ($n = 0; $n -lt $blocks.Count; $n++) {
                        @{ Index = $n; Line = $blocks[$n].Line; FirstLine = ($blocks[$n].Code -split "`n")[0] }
                    })
            }
        })
    # Every Markdown file of ours (not build output or restored packages), for the link check.
    $script:markdown = @(Get-ChildItem -LiteralPath $root -Recurse -Filter *.md -File |
            Where-Object { [IO.Path]::GetRelativePath($root, $_.FullName) -notmatch '(^|[\\/])(out|bin|obj|node_modules|\.git)[\\/]' } |
            ForEach-Object { @{ File = [IO.Path]::GetRelativePath($root, $_.FullName).Replace('\', '/'); Path = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot '../tools/DocBlocks.ps1')
    $script:module = (Resolve-Path $(if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' })).Path
}

Describe 'The walkthroughs' {
    It 'include the README, chapter 1 and the tour' {
        $found = @(Get-DocPage (Join-Path $PSScriptRoot '..') | ForEach-Object Name)
        foreach ($name in 'README.md', 'chapter1.md', 'tour.md') { $found | Should -Contain $name }
    }

    It 'keep the README a front door: at most 150 lines, the manual in docs/' {
        @(Get-Content -LiteralPath (Join-Path $PSScriptRoot '../README.md')).Count | Should -BeLessOrEqual 150
    }
}

Describe '<Page>' -ForEach $script:pages {
    BeforeAll {
        $script:blocks = Get-DocBlock $Path
        $script:results = Invoke-DocBlock $script:blocks $script:module (Join-Path $TestDrive ($Page -replace '[\\/.]', '-'))
    }

    It 'has blocks, each with its output' {
        $script:blocks.Count | Should -BeGreaterThan 0
        @($script:blocks | Where-Object { $null -eq $_.Expected }).Count | Should -Be 0 -Because 'every block shows what it prints'
    }

    It 'shows output only under a block that printed it, and no block the runner would skip unseen' {
        $fences = Get-DocFence $Path
        for ($k = 0; $k -lt $fences.Count; $k++) {
            $fence = $fences[$k]
            $fence.Info | Should -BeIn @('powershell', 'text', 'powershell norun', 'sh', '') -Because "line $($fence.Line): the runner runs only ``````powershell and skips the others on purpose"
            if ($fence.Info -eq 'text') {
                $k | Should -BeGreaterThan 0 -Because "line $($fence.Line): a ``````text block is the output of the ``````powershell block right above it"
                $fences[$k - 1].Info | Should -Be 'powershell' -Because "line $($fence.Line): output must come from a block that runs, never typed by hand"
                $fences[$k - 1].End + 1 | Should -Be $fence.Line -Because "line $($fence.Line): output sits right under its block"
            }
        }
    }

    It 'block <Index> at line <Line> (<FirstLine>) runs and prints what the page shows' -ForEach $Cases {
        $result = $script:results[$Index]
        $result.Failure | Should -BeNullOrEmpty
        ConvertTo-ComparableText $result.Output | Should -Be (ConvertTo-ComparableText $script:blocks[$Index].Expected)
    }
}

Describe 'Links in <File>' -ForEach $script:markdown {
    BeforeAll {
        # GitHub's anchor of a heading: lower case, punctuation other than - and _ dropped, spaces to dashes.
        function Get-Anchor([string] $MarkdownPath) {
            $inFence = $false
            foreach ($line in Get-Content -LiteralPath $MarkdownPath) {
                if ($line -match '^```') { $inFence = -not $inFence; continue }
                if (-not $inFence -and $line -match '^#{1,6}\s+(.+?)\s*$') {
                    (($Matches[1].ToLowerInvariant() -replace '[^\p{L}\p{N} _-]', '') -replace ' ', '-')
                }
            }
        }
    }

    It 'points every relative link at a file (and a heading) that exists' {
        $text = (Get-Content -LiteralPath $Path -Raw) -replace '(?ms)^```.*?^```', ''   # code is not links
        $text = $text -replace '`[^`\n]*`', ''                                              # nor is inline code
        $broken = foreach ($match in [regex]::Matches($text, '\]\(([^)\s]+)(?:\s+"[^"]*")?\)')) {
            $target = $match.Groups[1].Value
            if ($target -match '^[a-z][a-z0-9+.-]*:') { continue }   # http:, https:, mailto:
            $file, $anchor = $target -split '#', 2
            $resolved = if ($file) { Join-Path (Split-Path $Path) ([uri]::UnescapeDataString($file)) } else { $Path }
            if (-not (Test-Path -LiteralPath $resolved)) { "$target (no such file)"; continue }
            if ($anchor -and $resolved -like '*.md' -and $anchor -notin @(Get-Anchor $resolved)) { "$target (no such heading)" }
        }
        @($broken) | Should -BeNullOrEmpty
    }
}

Describe 'The documentation checker' {
    It 'masks timings and column padding but nothing else' {
        ConvertTo-ComparableText "Epoch 0: 9010 / 10000     90.10%    0.57 s`n`n" | Should -Be 'Epoch 0: 9010 / 10000 90.10% <t> s'
        ConvertTo-ComparableText 'in 12.3 s, 1.49 s/epoch' | Should -Be 'in <t> s, <t> s/epoch'
        ConvertTo-ComparableText '9010 / 10000' | Should -Not -Be (ConvertTo-ComparableText '9011 / 10000')
    }

    It 'reports a block that fails, keeps variables from one block to the next, and works in a temporary folder' {
        $blocks = @(
            [pscustomobject]@{ Code = '$x = 41' }, [pscustomobject]@{ Code = '$x + 1' }, [pscustomobject]@{ Code = 'Get-MnistSample -Data $null' },
            [pscustomobject]@{ Code = "'written' | Set-Content ./file.txt; (Get-Location).Path" }
        )
        $work = Join-Path $TestDrive 'checker'
        $results = Invoke-DocBlock $blocks $script:module $work
        $results[1].Output.Trim() | Should -Be '42'
        $results[2].Failure | Should -Not -BeNullOrEmpty
        $results[3].Output.Trim() | Should -Be (Join-Path $work 'files')
        Join-Path $work 'files/file.txt' | Should -Exist
    }

    It 'finds every fence with its info string' {
        $page = Join-Path $TestDrive 'page.md'
        Set-Content -LiteralPath $page -Value @('# Page', '```powershell', '1', '```', '```text', '1', '```', '```powershell norun', 'x', '```', 'after')
        $fences = Get-DocFence $page
        $fences.Info | Should -Be @('powershell', 'text', 'powershell norun')
        $fences[0].End + 1 | Should -Be $fences[1].Line
        @(Get-DocBlock $page).Count | Should -Be 1 -Because 'a powershell norun block is not run'
    }
}
