# Runs a fresh pwsh of the same version as this one: the pinned .NET tool runs as 'dotnet pwsh.dll', a user's
# installed pwsh as itself. Shared by build.ps1, bench/Invoke-Benchmark.ps1 and the tests.

# The command that starts such a pwsh: the program, then the arguments that come before pwsh's own (pwsh.dll under
# dotnet), for Start-Process, strace and the like.
function Get-ChildPwshCommand {
    $hostPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') { @($hostPath, (Join-Path $PSHOME 'pwsh.dll')) } else { @($hostPath) }
}

function Invoke-ChildPwsh([string[]] $Arguments) {
    $command = @(Get-ChildPwshCommand)
    & $command[0] @($command | Select-Object -Skip 1) @Arguments
}
