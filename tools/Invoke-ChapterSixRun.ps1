# One row of chapter 6's table (docs/chapter6.md): the book's network, 60 epochs at mini-batch 10 on the 50,000 training images,
# validation and test accuracy after every epoch, written as one JSON line per epoch to row<Row>-seed<Seed>.jsonl.
# The score is the test accuracy at the epoch of best validation accuracy, as the book reports it.
param([Parameter(Mandatory)][ValidateSet('1', '2', '3', '4')][string]$Row, [int]$Seed = 1, [int]$Epochs = 60, [string]$Module = (Join-Path $PSScriptRoot '../out/NndlPS'), [string]$Out = '.')
$ErrorActionPreference = 'Stop'
Import-Module $Module
$conv = { param($f, $act) New-ConvPoolLayer -Filters $f -FilterSize 5 -PoolSize 2 -Activation $act }
switch ($Row) {
    '1' { $layers = (New-FullyConnectedLayer 100 -Activation Sigmoid), (New-SoftmaxLayer 10); $eta = 0.1; $lambda = 0 }
    '2' { $layers = (& $conv 20 Sigmoid), (New-FullyConnectedLayer 100 -Activation Sigmoid), (New-SoftmaxLayer 10); $eta = 0.1; $lambda = 0 }
    '3' { $layers = (& $conv 20 Sigmoid), (& $conv 40 Sigmoid), (New-FullyConnectedLayer 100 -Activation Sigmoid), (New-SoftmaxLayer 10); $eta = 0.1; $lambda = 0 }
    '4' { $layers = (& $conv 20 ReLU), (& $conv 40 ReLU), (New-FullyConnectedLayer 100 -Activation ReLU), (New-SoftmaxLayer 10); $eta = 0.03; $lambda = 1 }
}
$net = New-Network -InputShape 1,28,28 -Layers $layers -Seed $Seed
$data = Import-Mnist -NoDownload
$clock = [Diagnostics.Stopwatch]::StartNew()
$out = Join-Path $Out "row$Row-seed$Seed.jsonl"
Remove-Item $out -ErrorAction Ignore
$data | Invoke-SgdTraining -Network $net -Epochs $Epochs -MiniBatchSize 10 -LearningRate $eta -Lambda $lambda -Seed $Seed -EarlyStopping 1000 -Threads 2 | ForEach-Object {
    [pscustomobject]@{ Row = $Row; Seed = $Seed; Epoch = $_.Epoch; Validation = $_.ValidationAccuracy; Test = $_.Accuracy; Correct = $_.Correct; Train = $_.TrainingTime.TotalSeconds; Eval = $_.EvaluationTime.TotalSeconds; Wall = $clock.Elapsed.TotalSeconds } | ConvertTo-Json -Compress | Add-Content $out
}
