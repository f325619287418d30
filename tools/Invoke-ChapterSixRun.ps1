# One row of chapter 6's table (docs/chapter6.md): the book's network at mini-batch 10, validation and test accuracy
# after every epoch, written as one JSON line per epoch to row<Row>-seed<Seed>.jsonl. The score is the test accuracy
# at the epoch of best validation accuracy, as the book reports it (-EarlyStopping 1000 only has the trainer measure the
# validation set every epoch: it never stops a run or goes back). The network of the last epoch is saved beside the
# lines as row<Row>-seed<Seed>.json: network3.py never goes back either, so its networks vote as trained. Rows 5-7 train
# on the expanded data (Expand-Mnist: 250,000 images). Row 8 trains nothing: it votes with the row-7 networks already
# saved in -Out (run row 7 with five seeds first).
param(
    [Parameter(Mandatory)][ValidateSet('1', '2', '3', '4', '5', '6', '7', '8')][string]$Row,
    [int]$Seed = 1,
    [int]$Epochs,
    [int]$Threads = 2,
    [string]$Module = (Join-Path $PSScriptRoot '../out/NndlPS'),
    [string]$Out = '.')
$ErrorActionPreference = 'Stop'
Import-Module $Module
$data = Import-Mnist -NoDownload
if ($Row -eq '8') {
    $members = Get-ChildItem (Join-Path $Out 'row7-seed*.json') | Import-Network
    if (@($members).Count -lt 2) { throw "Row 8 votes with the row-7 networks saved in $Out; found $(@($members).Count)." }
    $vote = $data | Test-Network -Network $members
    [pscustomobject]@{ Row = 8; Members = @($members).Count; Test = $vote.Accuracy; Correct = $vote.Correct
        MemberTests = @($vote.Members | ForEach-Object Accuracy) } | ConvertTo-Json -Compress | Set-Content (Join-Path $Out 'row8.json')
    return
}
$conv = { param($f, $act) New-ConvPoolLayer -Filters $f -FilterSize 5 -PoolSize 2 -Activation $act }
$eta = 0.03; $lambda = 1; $expanded = $Row -in '5', '6', '7'; $defaultEpochs = 60
switch ($Row) {
    '1' { $layers = (New-FullyConnectedLayer 100 -Activation Sigmoid), (New-SoftmaxLayer 10); $eta = 0.1; $lambda = 0 }
    '2' { $layers = (& $conv 20 Sigmoid), (New-FullyConnectedLayer 100 -Activation Sigmoid), (New-SoftmaxLayer 10); $eta = 0.1; $lambda = 0 }
    '3' { $layers = (& $conv 20 Sigmoid), (& $conv 40 Sigmoid), (New-FullyConnectedLayer 100 -Activation Sigmoid), (New-SoftmaxLayer 10); $eta = 0.1; $lambda = 0 }
    { $_ -in '4', '5' } { $layers = (& $conv 20 ReLU), (& $conv 40 ReLU), (New-FullyConnectedLayer 100 -Activation ReLU), (New-SoftmaxLayer 10) }
    '6' { $layers = (& $conv 20 ReLU), (& $conv 40 ReLU), (New-FullyConnectedLayer 100 -Activation ReLU), (New-FullyConnectedLayer 100 -Activation ReLU), (New-SoftmaxLayer 10) }
    '7' {
        $layers = (& $conv 20 ReLU), (& $conv 40 ReLU), (New-FullyConnectedLayer 1000 -Activation ReLU -Dropout 0.5),
            (New-FullyConnectedLayer 1000 -Activation ReLU -Dropout 0.5), (New-SoftmaxLayer 10 -Dropout 0.5)
        $lambda = 0; $defaultEpochs = 40
    }
}
if (-not $PSBoundParameters.ContainsKey('Epochs')) { $Epochs = $defaultEpochs }
if ($expanded) { $data = $data | Expand-Mnist }
$net = New-Network -InputShape 1,28,28 -Layers $layers -Seed $Seed
$clock = [Diagnostics.Stopwatch]::StartNew()
$lines = Join-Path $Out "row$Row-seed$Seed.jsonl"
Remove-Item $lines -ErrorAction Ignore
$data | Invoke-SgdTraining -Network $net -Epochs $Epochs -MiniBatchSize 10 -LearningRate $eta -Lambda $lambda -Seed $Seed -EarlyStopping 1000 -Threads $Threads | ForEach-Object {
    [pscustomobject]@{ Row = $Row; Seed = $Seed; Epoch = $_.Epoch; Validation = $_.ValidationAccuracy; Test = $_.Accuracy; Correct = $_.Correct; Train = $_.TrainingTime.TotalSeconds; Eval = $_.EvaluationTime.TotalSeconds; Wall = $clock.Elapsed.TotalSeconds } | ConvertTo-Json -Compress | Add-Content $lines
}
$net | Export-Network -Path (Join-Path $Out "row$Row-seed$Seed.json") -Force | Out-Null
