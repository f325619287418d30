# The path a PowerShell Gallery user takes: the staged module packed by PSResourceGet (as './build.ps1 Package'
# does), published to a repository (a local folder here), installed by name into an empty module path, imported by
# name in a fresh pwsh, and trained for one epoch.
BeforeAll {
    . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
    . (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1')
    $script:module = if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' }
    $script:repository = "NndlPSTest$PID"
    $script:feed = Join-Path $TestDrive 'feed'
    $script:modules = Join-Path $TestDrive 'modules'
    New-Item -ItemType Directory -Path $script:feed, $script:modules | Out-Null
    Compress-PSResource -Path $script:module -DestinationPath $script:feed
    Register-PSResourceRepository -Name $script:repository -Uri $script:feed -Trusted
    $script:data = Join-Path $TestDrive 'tiny'
    New-TinyMnist $script:data -Train 300 -Test 100
}

AfterAll {
    Unregister-PSResourceRepository -Name $script:repository -ErrorAction SilentlyContinue
}

Describe 'The Gallery package' {
    It 'is one .nupkg with the manifest''s version, license and platform tags' {
        $package = @(Get-ChildItem $script:feed -Filter 'NndlPS.*.nupkg')
        $package.Count | Should -Be 1
        $found = Find-PSResource -Name NndlPS -Repository $script:repository
        $manifest = Import-PowerShellDataFile (Join-Path $script:module 'NndlPS.psd1')
        $found.Version.ToString() | Should -Be $manifest.ModuleVersion
        $found.Tags | Should -Contain 'PSEdition_Core'
        $found.Tags | Should -Contain 'Linux'
        $found.LicenseUri | Should -Not -BeNullOrEmpty
        $found.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'installs into an empty module path, imports by name in a fresh pwsh and trains an epoch' {
        Save-PSResource -Name NndlPS -Repository $script:repository -Path $script:modules -TrustRepository
        Test-Path (Join-Path $script:modules 'NndlPS/*/LICENSE') | Should -BeTrue
        $command = "`$env:PSModulePath = '$($script:modules)'; Import-Module NndlPS -ErrorAction Stop; " +
            "(Get-Module NndlPS).ModuleBase; " +
            "`$epoch = Import-Mnist -Path '$($script:data)' -ValidationSize 50 | Invoke-SgdTraining -Epochs 1 -Seed 1; `$epoch.Correct"
        $output = @(Invoke-ChildPwsh @('-NoProfile', '-NonInteractive', '-Command', $command))
        $LASTEXITCODE | Should -Be 0
        $output[0] | Should -BeLike "$($script:modules)*"
        [int] $output[-1] | Should -BeGreaterThan 0
    }
}
