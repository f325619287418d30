# Helpers shared by the Pester tests: import the staged module and write IDX files byte by byte.

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
