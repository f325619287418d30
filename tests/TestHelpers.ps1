# Helpers shared by the Pester tests: import the staged module and write IDX files byte by byte.

. (Join-Path $PSScriptRoot '../tools/ChildPwsh.ps1') # Get-ChildPwshCommand, Invoke-ChildPwsh

function Import-NndlModule {
    $path = if ($env:NNDLPS_MODULE) { $env:NNDLPS_MODULE } else { Join-Path $PSScriptRoot '../out/NndlPS' }
    Import-Module $path -Force -ErrorAction Stop
}

function ConvertTo-BigEndian([int] $Value) {
    $bytes = [BitConverter]::GetBytes($Value)
    [Array]::Reverse($bytes)
    return , $bytes
}

function New-IdxBytes([byte] $Type, [int[]] $Dimensions, [byte[]] $Data) {
    $buffer = [System.Collections.Generic.List[byte]]::new()
    $buffer.AddRange([byte[]] @(0, 0, $Type, $Dimensions.Count))
    foreach ($dimension in $Dimensions) { $buffer.AddRange([byte[]] (ConvertTo-BigEndian $dimension)) }
    if ($Data) { $buffer.AddRange($Data) }
    return , $buffer.ToArray()
}

function Write-Gzip([string] $Path, [byte[]] $Bytes) {
    $file = [System.IO.File]::Create($Path)
    try {
        $gzip = [System.IO.Compression.GZipStream]::new($file, [System.IO.Compression.CompressionLevel]::Fastest)
        $gzip.Write($Bytes, 0, $Bytes.Length)
        $gzip.Dispose()
    } finally { $file.Dispose() }
}

<#
 A miniature MNIST of 2×2 images: one pixel is bright and the label is its position (0..3), so a network
 can learn it perfectly in a few epochs. Writes the four files into $Folder, raw or gzipped.
#>
function New-TinyMnist([string] $Folder, [int] $Train = 400, [int] $Test = 100, [switch] $Gzip) {
    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    $random = [Random]::new(7)
    foreach ($set in @(@{ Images = 'train-images-idx3-ubyte'; Labels = 'train-labels-idx1-ubyte'; Count = $Train },
                       @{ Images = 't10k-images-idx3-ubyte'; Labels = 't10k-labels-idx1-ubyte'; Count = $Test })) {
        $pixels = [byte[]]::new($set.Count * 4)
        $labels = [byte[]]::new($set.Count)
        for ($i = 0; $i -lt $set.Count; $i++) {
            $label = $random.Next(4)
            $labels[$i] = $label
            for ($p = 0; $p -lt 4; $p++) { $pixels[$i * 4 + $p] = if ($p -eq $label) { 200 + $random.Next(56) } else { $random.Next(60) } }
        }
        $imageBytes = New-IdxBytes 0x08 @($set.Count, 2, 2) $pixels
        $labelBytes = New-IdxBytes 0x08 @($set.Count) $labels
        if ($Gzip) {
            Write-Gzip (Join-Path $Folder "$($set.Images).gz") $imageBytes
            Write-Gzip (Join-Path $Folder "$($set.Labels).gz") $labelBytes
        } else {
            [System.IO.File]::WriteAllBytes((Join-Path $Folder $set.Images), $imageBytes)
            [System.IO.File]::WriteAllBytes((Join-Path $Folder $set.Labels), $labelBytes)
        }
    }
}

<#
 Starts an sshd of our own on a free port of 127.0.0.1 (never another address), with a throwaway host key, a
 throwaway client key for root and a powershell subsystem that runs this very pwsh (a .NET tool here, so a small
 wrapper script starts it). Installs openssh-server with apt-get when sshd is missing. Returns the port, the client
 key and the sshd process (stop it by its Id). Throws, saying why, when sshd cannot be had or does not listen.
#>
function Start-LoopbackSshd([string] $Folder) {
    $sshd = '/usr/sbin/sshd'
    $missing = @(if (-not (Test-Path $sshd)) { 'openssh-server' }; if (-not (Get-Command ssh -ErrorAction SilentlyContinue)) { 'openssh-client' })
    if ($missing) {
        if ((id -u) -ne '0' -or -not (Get-Command apt-get -ErrorAction SilentlyContinue)) {
            throw "The remoting tests need sshd and ssh; $($missing -join ' and ') is missing, and installing it needs root and apt-get."
        }
        $env:DEBIAN_FRONTEND = 'noninteractive'
        # The package would start the system's sshd on port 22 of every address where an init system runs; the
        # tests want no server but their own on 127.0.0.1, so services may not start while it installs.
        $policy = '/usr/sbin/policy-rc.d'
        $ownPolicy = -not (Test-Path $policy)
        if ($ownPolicy) { Set-Content -Path $policy -Value "#!/bin/sh`nexit 101`n" -NoNewline; & chmod 755 $policy }
        try {
            apt-get install -y -q @missing *> $null
            if ($LASTEXITCODE -ne 0) { apt-get update -q *> $null; apt-get install -y -q @missing *> $null }
        } finally {
            if ($ownPolicy) { Remove-Item $policy -Force }
        }
        if (-not (Test-Path $sshd) -or -not (Get-Command ssh -ErrorAction SilentlyContinue)) {
            throw "apt-get install $($missing -join ' ') failed (exit $LASTEXITCODE): the remoting tests need sshd and the ssh client."
        }
    }

    New-Item -ItemType Directory -Path $Folder -Force | Out-Null
    New-Item -ItemType Directory -Path /run/sshd -Force | Out-Null # sshd's privilege-separation directory
    $hostKey = Join-Path $Folder 'host_ed25519'
    $clientKey = Join-Path $Folder 'client_ed25519'
    foreach ($key in $hostKey, $clientKey) {
        ssh-keygen -q -t ed25519 -N '' -C 'nndlps-test' -f $key | Out-Null
        if ($LASTEXITCODE -ne 0) { throw "ssh-keygen failed for $key." }
    }
    Copy-Item "$clientKey.pub" (Join-Path $Folder 'authorized_keys')
    & chmod 600 $hostKey $clientKey

    # The subsystem runs this pwsh: the same dotnet host and pwsh.dll, so the remote side is the same PowerShell.
    $wrapper = Join-Path $Folder 'pwsh-subsystem.sh'
    $launcher = 'exec ' + ((@(Get-ChildPwshCommand) | ForEach-Object { "'$_'" }) -join ' ') + ' "$@"'
    Set-Content -Path $wrapper -Value "#!/bin/sh`n$launcher`n" -NoNewline
    & chmod 755 $wrapper

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()

    $config = Join-Path $Folder 'sshd_config'
    @"
Port $port
ListenAddress 127.0.0.1
HostKey $hostKey
PidFile $(Join-Path $Folder 'sshd.pid')
AuthorizedKeysFile $(Join-Path $Folder 'authorized_keys')
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
Subsystem powershell $wrapper -sshs -NoLogo -NoProfile
"@ | Set-Content -Path $config
    $log = Join-Path $Folder 'sshd.log'
    $process = Start-Process -FilePath $sshd -ArgumentList '-D', '-f', $config, '-E', $log -PassThru
    # Wait until it listens (or has died); sshd reports nothing else when ready.
    $deadline = [DateTime]::UtcNow.AddSeconds(30)
    while ([DateTime]::UtcNow -lt $deadline -and -not $process.HasExited) {
        $client = [System.Net.Sockets.TcpClient]::new()
        try { $client.Connect([System.Net.IPAddress]::Loopback, $port); break } catch { Start-Sleep -Milliseconds 100 } finally { $client.Dispose() }
    }
    if ($process.HasExited) { throw "sshd exited at once (code $($process.ExitCode)): $(Get-Content $log -Raw -ErrorAction SilentlyContinue)" }
    [pscustomobject]@{ Port = $port; ClientKey = $clientKey; Process = $process; Log = $log }
}
