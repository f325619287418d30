# What a test run's results say failed, as lines a CI log's tail can show: CI keeps only the end of a run, so
# build.ps1 Test prints each failed test's name and the first line of its message just above 'N passed, N failed'.
# Shared by build.ps1 (xunit's trx file, and the summary the Pester run writes) and tests/Invoke-PesterSuite.ps1
# (Pester's result object), and tested by tests/TestResults.Tests.ps1 on the shapes a broken run leaves.

# The first line of a message that is not blank, at most 300 characters; '' for no message at all.
function Get-FirstLine([AllowNull()] [AllowEmptyString()] [string] $Text) {
    $line = @($Text -split "`r?`n" | Where-Object { $_.Trim() }) | Select-Object -First 1
    if (-not $line) { return '' }
    if ($line.Length -gt 300) { return $line.Substring(0, 300) + '...' }
    return $line
}

# The counts of an xunit trx file and its failures as "name: first line". Read by XPath, so a file without a
# Results node, a result without a message, or counters that are missing give zeros and names, not a strict-mode
# error in place of the run's last lines.
function Get-TrxCounts([string] $Path) {
    [xml] $trx = Get-Content -LiteralPath $Path -Raw
    $namespace = New-Object System.Xml.XmlNamespaceManager $trx.NameTable
    $namespace.AddNamespace('t', 'http://microsoft.com/schemas/VisualStudio/TeamTest/2010')
    $counters = $trx.SelectSingleNode('/t:TestRun/t:ResultSummary/t:Counters', $namespace)
    $count = { param([string] $Name) if ($counters) { [int] ('0' + $counters.GetAttribute($Name)) } else { 0 } }
    # The outcomes the counters count as failed.
    $failedOutcomes = 'Failed', 'Error', 'Timeout', 'Aborted'
    $failures = @(foreach ($result in $trx.SelectNodes('/t:TestRun/t:Results/t:UnitTestResult', $namespace)) {
            if ($result.GetAttribute('outcome') -notin $failedOutcomes) { continue }
            $message = $result.SelectSingleNode('t:Output/t:ErrorInfo/t:Message', $namespace)
            Format-Failure $result.GetAttribute('testName') $(if ($message) { $message.InnerText })
        })
    return [pscustomobject]@{
        Passed = & $count 'passed'
        Failed = (& $count 'failed') + (& $count 'error') + (& $count 'timeout') + (& $count 'aborted')
        FailedNames = $failures
    }
}

function Format-Failure([string] $Name, [AllowNull()] [string] $Message) {
    $first = Get-FirstLine $Message
    if ($first) { return "${Name}: $first" }
    return $Name
}

# Pester's failures as "name: first line": failed tests (named Describe.Context.It, with their file), and blocks and
# files that failed as a whole (a BeforeAll that threw, a file that does not parse), each with its own error.
function Get-PesterFailure($Result) {
    $errorOf = { param($Item) $records = @(Get-PropertyValue $Item 'ErrorRecord'); if ($records.Count) { "$($records[0])" } }
    $fileOf = { param($Item) $block = Get-PropertyValue $Item 'ScriptBlock'; if ($block) { " ($([IO.Path]::GetFileName($block.File)))" } }
    @(foreach ($test in @(Get-PropertyValue $Result 'Failed')) {
            Format-Failure "$(Get-PropertyValue $test 'ExpandedPath')$(& $fileOf $test)" (& $errorOf $test)
        }
        foreach ($block in @(Get-PropertyValue $Result 'FailedBlocks')) {
            Format-Failure "$(Get-PropertyValue $block 'ExpandedPath') (block)$(& $fileOf $block)" (& $errorOf $block)
        }
        foreach ($container in @(Get-PropertyValue $Result 'FailedContainers')) {
            Format-Failure "$(Get-PropertyValue $container 'Item') (file)" (& $errorOf $container)
        })
}

# A property's value, or null when the object has no such property (strict mode throws for a missing one).
function Get-PropertyValue($Object, [string] $Name) {
    if ($null -eq $Object) { return $null }
    $property = $Object.PSObject.Properties[$Name]
    if ($property) { return $property.Value }
    return $null
}
