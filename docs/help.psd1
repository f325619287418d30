# The cmdlets' help, as data. build.ps1 turns it into the MAML file PowerShell reads (en-US/NndlPS.dll-Help.xml),
# so Get-Help, -Examples and -Parameter work for these binary cmdlets. Parameter types and sets come from the
# cmdlets themselves; only the words live here.
@{
    'Import-Mnist' = @{
        Synopsis    = 'Loads MNIST (or Fashion-MNIST, KMNIST) as one dataset object with Training, Validation and Test sets.'
        Description = 'Looks in -Path (a folder, or the files themselves: four IDX files raw or .gz, two Kaggle CSV files, or the book''s mnist.pkl.gz); else in $env:NNDLPS_DATA, the user cache and system dataset folders; else downloads the .gz files from the dataset''s mirrors, verifies each against its published MD5 and caches it (at most 64 MiB per file). Files in the caches are verified on every load: MNIST against the SHA-256 of its published files, every .gz against its CRC. A relative $env:NNDLPS_DATA is taken from the current location. Splits the training file like the book: the first 50,000 images for training, the last 10,000 (-ValidationSize) for validation. Byte pixels are scaled to [0, 1]. -Verbose says where it looked.'
        Parameters  = @{
            Path           = 'A folder holding the dataset, or the files themselves. When given, nothing else is tried.'
            Name           = 'Which dataset: Mnist (default), FashionMnist or KMnist.'
            ValidationSize = 'How many of the 60,000 training images to hold out as the validation set. Default 10000, as in the book.'
            First          = 'Keep only the first n images of each set, for quick experiments.'
            NoDownload     = 'Never use the network: only -Path and the local folders are tried.'
            Mirror         = 'Download from these http:// or https:// folder addresses instead of the dataset''s public mirrors (for files on this machine, use -Path).'
            TimeoutSec     = 'Longest a mirror may keep us waiting for its answer or for the next bytes of a file before the next mirror is tried (a slow but steady download is never cut off). Default 60.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist | Invoke-SgdTraining -Epochs 30'; Remarks = 'The book''s chapter-1 run.' }
            @{ Code = 'Import-Mnist -Name FashionMnist -Verbose'; Remarks = 'Fashion-MNIST, from /usr/share/datasets/fashion-mnist when Debian''s dataset-fashion-mnist is installed.' }
            @{ Code = 'Import-Mnist -Path ./mnist.pkl.gz'; Remarks = 'The book''s own pickle, read without running any code from it.' }
        )
    }
    'Export-Mnist' = @{
        Synopsis    = 'Writes a dataset out as the four MNIST IDX .gz files.'
        Description = 'The training file holds Training then Validation, so Import-Mnist -Path with the same -ValidationSize gives back the same sets. The four files are written as a set, with a checksum file (nndlps-export.sha256): under temporary names first, then renamed, so an interrupted export never leaves a mix that imports as a dataset. Pixels outside [0, 1] are written as 0 or 255, with a warning.'
        Parameters  = @{
            Dataset = 'The dataset to write, usually from Import-Mnist.'
            Path    = 'The folder to write to; created if needed.'
            Force   = 'Replace an export, or MNIST files under any of their names, already in the folder.'
        }
        Examples    = @(@{ Code = 'Import-Mnist -First 1000 | Export-Mnist -Path ./mnist-1000'; Remarks = 'A small MNIST to share.' })
    }
    'Get-MnistSample' = @{
        Synopsis    = 'Gets images of a set with their labels; the default view draws them as text.'
        Description = 'Returns one ImageSample per index, with Label, ClassName, Pixels (row-major, in [0, 1]), Rows and Columns.'
        Parameters  = @{
            Data  = 'The set to take images from, e.g. (Import-Mnist).Test.'
            Index = 'Which images (0-based). Default: the first.'
        }
        Examples    = @(@{ Code = '(Import-Mnist).Test | Get-MnistSample 0, 1, 2'; Remarks = 'The first three test digits, drawn.' })
    }
    'New-Network' = @{
        Synopsis    = 'Creates a feed-forward network: the book''s sigmoid network, or chapter 3''s neurons and costs.'
        Description = '-Sizes gives the neurons per layer, input first (784,30,10 for MNIST). By default, as in chapter 1, the neurons are sigmoid, the cost is quadratic and weights and biases are drawn from N(0, 1); there are none on the input layer. Chapter 3''s choices: -Activation Tanh or ReLU, -OutputActivation Softmax, -Cost CrossEntropy (sigmoid outputs) or LogLikelihood (softmax outputs), -Initialization ScaledGaussian (weights from N(0, 1/n_in)). The same -Seed always gives the same network. Layers[l].Weights is the book''s y-by-x matrix w, row-major, and can be set from a script.'
        Parameters  = @{
            Sizes            = 'Neurons per layer, input layer first.'
            Seed             = 'Seeds the random initialisation. Default: a random seed.'
            Activation       = 'The hidden layers'' neurons (and the output layer''s unless -OutputActivation is given): Sigmoid (default), Tanh, ReLU, Softmax (output only) or Step (a perceptron: built by hand, never trained).'
            OutputActivation = 'The output layer''s neurons. Default: the same as -Activation. Softmax goes with -Cost LogLikelihood.'
            Cost             = 'The cost training minimises: Quadratic (default), CrossEntropy (needs sigmoid outputs) or LogLikelihood (needs a softmax output).'
            Initialization   = 'Gaussian (default): weights from N(0, 1). ScaledGaussian: weights from N(0, 1/n_in), as network2.py does, so hidden neurons start unsaturated.'
        }
        Examples    = @(
            @{ Code = '$net = New-Network -Sizes 784,30,10 -Seed 1'; Remarks = 'The book''s chapter-1 network.' }
            @{ Code = '$net = New-Network -Sizes 784,100,10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 1'; Remarks = 'Chapter 3''s network: cross-entropy cost, scaled initial weights.' }
            @{ Code = '$net = New-Network -Sizes 784,100,10 -OutputActivation Softmax -Cost LogLikelihood -Initialization ScaledGaussian -Seed 1'; Remarks = 'A softmax output layer with the log-likelihood cost.' }
        )
    }
    'Invoke-SgdTraining' = @{
        Synopsis    = 'Trains a network by mini-batch stochastic gradient descent, printing each epoch as the book does.'
        Description = 'Pipe a dataset from Import-Mnist (trains on Training, evaluates on Test), or pipe a network and give -TrainingData and -TestData. Without -Network, trains a new [784, 30, 10] network. Emits one result per epoch as soon as it finishes (Epoch j: k / n); the network is trained in place and is on every result. Ctrl+C stops between mini-batches. Training that diverges (weights or outputs no longer finite numbers) stops with TrainingDiverged and gives the network back as it was before that epoch. One network is trained by one pipeline at a time.'
        Parameters  = @{
            Dataset      = 'A dataset from Import-Mnist.'
            TrainingData = 'The images to learn from.'
            TestData     = 'Evaluated after every epoch. Omit it to skip evaluation.'
            Network      = 'The network to train, in place. Default: a new [inputs, 30, classes] network.'
            Epochs       = 'Passes over the training data. Default 30.'
            MiniBatchSize = 'Samples per gradient step. Default 10.'
            LearningRate = 'The learning rate eta. Default 3.0.'
            Seed         = 'Seeds the shuffles (and the new network). Same seed, same data: same results; every seed, negative ones too, gives its own run.'
            Threads      = 'Cores for large matrix products. Default: all. More than the machine has are not used (a warning says so). Results are identical for any number.'
            ValidationData = 'The set -LearningRateSchedule and -EarlyStopping watch. With a piped dataset: its Validation set.'
            Lambda       = 'Lambda, L2 regularisation (chapter 3): w -> (1 - eta*lambda/n) w - ..., n the training-set size. Default 0: none.'
            Momentum     = 'Mu, momentum (chapter 3), at least 0 and below 1: v -> mu*v - eta*grad C, w -> w + v. Default 0: plain gradient descent.'
            LearningRateSchedule = 'Constant (default), or HalveOnPlateau: halve eta whenever the validation accuracy has not improved for -Patience epochs, and stop once eta is below -MinimumLearningRate.'
            Patience     = 'Epochs without a better validation accuracy before HalveOnPlateau halves eta. Default 10, as in the book.'
            MinimumLearningRate = 'HalveOnPlateau stops training once eta falls below this. Default: the learning rate / 128, as in the book.'
            EarlyStopping = 'Stop after this many epochs without a better validation accuracy, and put the network back at its best epoch''s weights (it says so). Default: never.'
            Monitor      = 'Which of network2.py''s series each epoch measures: TrainingCost, TrainingAccuracy, EvaluationCost, EvaluationAccuracy (evaluation = the test data). Each appears as a property of the epoch result.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist | Invoke-SgdTraining -Epochs 30 -Seed 1'; Remarks = 'About 95% after 30 epochs.' }
            @{ Code = '$net = New-Network 784,100,10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 1; Import-Mnist | Invoke-SgdTraining -Network $net -Epochs 30 -LearningRate 0.5 -Lambda 5 -Seed 1'; Remarks = 'Chapter 3''s recipe: about 98%.' }
            @{ Code = 'Import-Mnist | Invoke-SgdTraining -Epochs 5 -Monitor TrainingCost,EvaluationAccuracy -Seed 1 | Export-Csv ./curves.csv'; Remarks = 'Learning curves, one row per epoch.' }
            @{ Code = '$net | Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Validation -LearningRate 1.0'; Remarks = 'Tune on the validation set, as the book recommends.' }
        )
    }
    'Invoke-SgdSweep' = @{
        Synopsis    = 'Trains every combination of a grid of settings, times seeds, many at once: on all cores, or spread over remote sessions.'
        Description = 'Pipe a dataset and give -Grid: each key is a setting of New-Network or Invoke-SgdTraining (Sizes, Activation, OutputActivation, Cost, Initialization, Epochs, MiniBatchSize, LearningRate, Lambda, Momentum, LearningRateSchedule, Patience, MinimumLearningRate, EarlyStopping, Monitor) with its values. Every combination is trained once per -Seed, -ThrottleLimit at a time, one thread each; each run''s numbers are identical to New-Network -Seed s then Invoke-SgdTraining -Seed s -Threads 1. One result per run is written as it finishes: its settings, BestAccuracy, BestEpoch, LastAccuracy, Accuracies, Seconds and its trained Network. Write-Progress covers the whole sweep; Ctrl+C stops every run. Runs are numbered (Index) in a fixed order: the grid''s keys in the order listed above whatever order you typed them, each key''s values in the order given, the first key varying slowest and the seed fastest; -Shard i/N runs the runs whose Index mod N is i, so a scheduler can split a sweep between machines. -Session spreads the runs over PSSessions you opened: each remote side imports NndlPS and loads its own data (-ImportParameters), results come back with live networks, and a session that drops out has its runs retried on the others, with a warning.'
        Parameters  = @{
            Dataset          = 'The data every run trains on (Training) and is tested on (Test), from Import-Mnist.'
            Grid             = 'A hashtable: setting name to its values, e.g. @{ LearningRate = 0.5, 1, 3; Sizes = (784,30,10), (784,100,10) }. A setting left out keeps its default; Sizes defaults to [inputs, 30, classes].'
            Seed             = 'Seeds: every combination is trained once per seed (the network''s weights and the shuffles). Default: one random seed for every combination. Needed with -Shard.'
            Epochs           = 'Epochs of every run, unless the grid varies Epochs. Default 30.'
            ThrottleLimit    = 'How many runs train at the same time on this computer, one thread each. Default: the number of cores.'
            Shard            = 'i/N, e.g. 0/4: only the runs whose Index mod N is i (i from 0 to N-1). The N shards together hold every run exactly once.'
            Session          = 'PSSessions (New-PSSession, SSH or WinRM) to spread the runs over, one run at a time on each; open several to one computer to use more of its cores.'
            ImportParameters = 'The Import-Mnist parameters each session loads its data with, e.g. @{ First = 1000 }. Default: none (the full MNIST from that computer''s cache or mirrors). The images never cross the wire; each side must load the same data as the piped dataset.'
            TransferRun      = 'Used by -Session on the remote side: one run as text, trained there; the result is written as text.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 1, 3; Sizes = (784,30,10), (784,100,10) } -Seed 1 -Epochs 10 | Sort-Object BestAccuracy -Descending | Format-Table Index, Sizes, LearningRate, BestAccuracy, BestEpoch, Seconds'; Remarks = 'Six trainings on all cores, best first.' }
            @{ Code = 'Import-Mnist -First 2000 | Invoke-SgdSweep -Grid @{ MiniBatchSize = 10, 50; LearningRate = 1, 3 } -Seed 1, 2 -Epochs 3 -ThrottleLimit 2 | Export-Csv ./sweep.csv'; Remarks = 'Eight small runs, two at a time, saved for a spreadsheet.' }
            @{ Code = 'Import-Mnist | Invoke-SgdSweep -Grid @{ LearningRate = 0.1, 0.5, 1, 3 } -Seed 1, 2, 3 -Epochs 30 -Shard $env:JOB_COMPLETION_INDEX/4 | Export-Clixml "shard-$env:JOB_COMPLETION_INDEX.xml"'; Remarks = 'One of four shards, as a Kubernetes indexed Job runs it; Import-Clixml shard-*.xml merges them.' }
            @{ Code = '$s = New-PSSession -HostName node1, node2 -UserName me; Import-Mnist | Invoke-SgdSweep -Grid @{ LearningRate = 1, 3 } -Seed 1 -Epochs 5 -Session $s'; Remarks = 'Across two machines over SSH remoting; each loads MNIST from its own cache.' }
        )
    }
    'Test-Network' = @{
        Synopsis    = 'Counts how many images of a set the network classifies correctly.'
        Description = 'The network''s answer for an image is its most active output neuron (the book''s evaluate).'
        Parameters  = @{
            Network = 'The network to test.'
            Data    = 'The images to classify, e.g. (Import-Mnist).Test.'
        }
        Examples    = @(@{ Code = '$net | Test-Network -Data $data.Test'; Remarks = 'Correct, Total and Accuracy.' })
    }
}
