# The ErrorIds that NndlPS's C# source can raise, read from the text of src/**/*.cs.
#
# The rule. An ErrorId is born as an argument of one of these, and everywhere else it is only passed on:
#   new NndlException(id, kind, …), or new(id, NndlErrorKind.X, …)    the engine's failures (NndlCmdlet.ToErrorRecord
#                                                                      turns each into an ErrorRecord with its id)
#   ThrowTerminating(id, ErrorCategory.X, …)                           a cmdlet's own terminating error
#   new ErrorRecord(exception, id, ErrorCategory.X, …)                 a cmdlet's own error (WriteError)
# In that argument every PascalCase string literal is an id (both arms of `cond ? "CostFailed" : "GradientFailed"`
# count). An argument without a literal must be one of: an id passed on (`ex.ErrorId`, ThrowTerminating's `errorId`),
# or a string parameter of the enclosing method, which makes that method a helper (SgdOptions' `Invalid(id, …)`):
# then each call of the helper in that file must give a literal there, and that literal is an id. Anything else is reported as
# unreadable rather than skipped, so an id written a new way (a constant, a variable) fails the test instead of
# slipping past the scan. Arguments are split by a small C# lexer that knows strings, verbatim strings,
# interpolated strings (with quotes inside their holes, `$"{x ?? "null"}"`) and brackets.
function Split-CSharpArgument([string] $Text, [int] $Open) {
    # The arguments of the call whose '(' is at $Open, as text.
    $arguments = [System.Collections.Generic.List[string]]::new()
    $frames = [System.Collections.Generic.Stack[object]]::new()   # @{ Mode = Code|Str|Verbatim|Interp|InterpVerbatim; Depth }
    $frames.Push(@{ Mode = 'Code'; Depth = 0; Top = $true })
    $start = $Open + 1
    for ($i = $Open + 1; $i -lt $Text.Length; $i++) {
        $c = $Text[$i]; $next = if ($i + 1 -lt $Text.Length) { $Text[$i + 1] } else { [char] 0 }
        $frame = $frames.Peek()
        switch ($frame.Mode) {
            'Code' {
                if ($c -eq '"') { $frames.Push(@{ Mode = 'Str' }) }
                elseif ($c -eq '$' -and $next -eq '"') { $frames.Push(@{ Mode = 'Interp' }); $i++ }
                elseif ($c -eq '@' -and $next -eq '"') { $frames.Push(@{ Mode = 'Verbatim' }); $i++ }
                elseif (($c -eq '$' -and $next -eq '@') -or ($c -eq '@' -and $next -eq '$')) { $frames.Push(@{ Mode = 'InterpVerbatim' }); $i += 2 }
                elseif ($c -eq "'") { $i++; if ($Text[$i] -eq '\') { $i++ }; while ($Text[$i + 1] -ne "'") { $i++ }; $i++ }
                elseif ($c -in '(', '[', '{') { $frame.Depth++ }
                elseif ($c -in ')', ']', '}') {
                    if ($frame.Depth -gt 0) { $frame.Depth-- }
                    elseif ($frame.Top) { $arguments.Add($Text.Substring($start, $i - $start).Trim()); return $arguments.ToArray() }
                    else { $null = $frames.Pop() }   # the '}' that closes an interpolation hole
                }
                elseif ($c -eq ',' -and $frame.Depth -eq 0 -and $frame.Top) { $arguments.Add($Text.Substring($start, $i - $start).Trim()); $start = $i + 1 }
            }
            'Str' { if ($c -eq '\') { $i++ } elseif ($c -eq '"') { $null = $frames.Pop() } }
            'Verbatim' { if ($c -eq '"' -and $next -eq '"') { $i++ } elseif ($c -eq '"') { $null = $frames.Pop() } }
            default {
                # Interp or InterpVerbatim
                if ($frame.Mode -eq 'Interp' -and $c -eq '\') { $i++ }
                elseif ($frame.Mode -eq 'InterpVerbatim' -and $c -eq '"' -and $next -eq '"') { $i++ }
                elseif ($c -eq '{' -and $next -eq '{') { $i++ }
                elseif ($c -eq '{') { $frames.Push(@{ Mode = 'Code'; Depth = 0; Top = $false }) }
                elseif ($c -eq '"') { $null = $frames.Pop() }
            }
        }
    }
    throw "An unclosed call at offset $Open."
}

function Get-ErrorIdInText([string] $Text, [string] $Where, [hashtable] $Helpers) {
    # $Helpers collects methods that take an id as a parameter and construct with it (SgdOptions' Invalid(id, …)):
    # name -> the parameter's position; their callers are scanned in a second pass (Get-SourceErrorId).
    $ids = [System.Collections.Generic.List[string]]::new()
    $unreadable = [System.Collections.Generic.List[string]]::new()
    foreach ($m in [regex]::Matches($Text, '(?<![\w.])(?:new\s+(?<type>NndlException|ErrorRecord)\s*\(|new\s*\(|ThrowTerminating\s*\()')) {
        $arguments = @(Split-CSharpArgument $Text ($m.Index + $m.Length - 1))
        $type = $m.Groups['type'].Value
        $position = if ($type -eq 'NndlException') { 0 }
            elseif ($type -eq 'ErrorRecord') { 1 }
            elseif ($m.Value -like 'ThrowTerminating*') { 0 }
            elseif ($arguments.Count -ge 2 -and $arguments[1] -match '^NndlErrorKind\.|\.Kind$') { 0 }             # new(id, NndlErrorKind.X, …) → an NndlException
            elseif ($arguments.Count -ge 3 -and $arguments[2] -match '^ErrorCategory\.|^Category\(') { 1 }        # new(exception, id, ErrorCategory.X, …) → an ErrorRecord
            else { continue }                                                                                       # some other object
        $argument = if ($arguments.Count -gt $position) { $arguments[$position] } else { '' }
        if ($argument -match '^string\s+\w+$') { continue }   # ThrowTerminating's own declaration
        $literals = @([regex]::Matches($argument, '(?<![$@\w])"([A-Z][A-Za-z0-9]*)"') | ForEach-Object { $_.Groups[1].Value })
        $line = ($Text.Substring(0, $m.Index) -split "`n").Count
        if ($literals.Count) { $ids.AddRange([string[]] $literals); continue }
        if ($argument -match '^(\w+\.)?ErrorId$' -or $argument -ceq 'errorId') { continue }   # an id passed on
        # A parameter of the enclosing method: that method is a helper, and its callers name the ids.
        $declarations = [regex]::Matches($Text.Substring(0, $m.Index), "(\w+)\s*\(([^()]*\bstring\s+$([regex]::Escape($argument))\b[^()]*)\)")
        if ($argument -match '^\w+$' -and $declarations.Count) {
            $declaration = $declarations[$declarations.Count - 1]
            $parameters = @($declaration.Groups[2].Value -split ',' | ForEach-Object Trim)
            $Helpers[$declaration.Groups[1].Value] = [array]::FindIndex([string[]] $parameters, [Predicate[string]] { param($p) $p -match "\b$argument$" })
            continue
        }
        $unreadable.Add("${Where}:${line}: $($m.Value.Trim()) with the ErrorId '$argument', neither a literal, a passed-on ErrorId nor a helper's parameter")
    }
    [pscustomobject]@{ Ids = $ids.ToArray(); Unreadable = $unreadable.ToArray() }
}

function Get-HelperErrorId([string] $Text, [string] $Where, [hashtable] $Helpers) {
    # The ids that callers give the helpers found by Get-ErrorIdInText.
    $ids = [System.Collections.Generic.List[string]]::new()
    $unreadable = [System.Collections.Generic.List[string]]::new()
    foreach ($name in $Helpers.Keys) {
        foreach ($m in [regex]::Matches($Text, "(?<![\w.])$([regex]::Escape($name))\s*\(")) {
            $arguments = @(Split-CSharpArgument $Text ($m.Index + $m.Length - 1))
            $argument = if ($arguments.Count -gt $Helpers[$name]) { $arguments[$Helpers[$name]] } else { '' }
            if ($argument -match '^[\w<>\[\]?]+\s+\w+$') { continue }   # the helper's declaration (a type and a name)
            if ($argument -match '^"([A-Z][A-Za-z0-9]*)"$') { $ids.Add($Matches[1]); continue }
            $line = ($Text.Substring(0, $m.Index) -split "`n").Count
            $unreadable.Add("${Where}:${line}: $name(…) with the ErrorId '$argument', not a literal")
        }
    }
    [pscustomobject]@{ Ids = $ids.ToArray(); Unreadable = $unreadable.ToArray() }
}

function Get-SourceErrorId([string] $SourceFolder) {
    $ids = [System.Collections.Generic.SortedSet[string]]::new([StringComparer]::Ordinal)
    $unreadable = [System.Collections.Generic.List[string]]::new()
    $files = @(Get-ChildItem -LiteralPath $SourceFolder -Recurse -Filter *.cs -File |
            Where-Object { $_.FullName -notmatch '[\\/](bin|obj)[\\/]' } |
            ForEach-Object { @{ Text = Get-Content -LiteralPath $_.FullName -Raw; Where = [IO.Path]::GetRelativePath($SourceFolder, $_.FullName).Replace('\', '/') } })
    foreach ($file in $files) {
        # Helpers are private to their file (several files have an Invalid(…) of their own, with other parameters).
        $helpers = @{}
        foreach ($found in (Get-ErrorIdInText $file.Text $file.Where $helpers), (Get-HelperErrorId $file.Text $file.Where $helpers)) {
            foreach ($id in $found.Ids) { $null = $ids.Add($id) }
            $unreadable.AddRange([string[]] $found.Unreadable)
        }
    }
    [pscustomobject]@{ Ids = @($ids); Unreadable = $unreadable.ToArray() }
}
