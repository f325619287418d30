# Runs a fresh pwsh of the same version as this one: the pinned .NET tool runs as 'dotnet pwsh.dll', a user's
# installed pwsh as itself. Shared by build.ps1 and bench/Invoke-Benchmark.ps1.
function Invoke-ChildPwsh([string[]] $Arguments) {
    $hostPath = [Environment]::ProcessPath
    if ([IO.Path]::GetFileNameWithoutExtension($hostPath) -eq 'dotnet') {
        & $hostPath (Join-Path $PSHOME 'pwsh.dll') @Arguments
    } else {
        & $hostPath @Arguments
    }
}
