# The cmdlets' help, as data. build.ps1 turns it into the MAML file PowerShell reads (en-US/NndlPS.dll-Help.xml),
# so Get-Help, -Examples and -Parameter work for these binary cmdlets. Parameter types and sets come from the
# cmdlets themselves; only the words live here.
@{
    'Import-Mnist' = @{
        Synopsis    = 'Loads MNIST (or Fashion-MNIST, KMNIST) as one dataset object with Training, Validation and Test sets.'
        Description = 'Looks in -Path (a folder, or the files themselves: four IDX files raw or .gz, two Kaggle CSV files, or the book''s mnist.pkl.gz); else in $env:NNDLPS_DATA, the user cache and system dataset folders; else downloads the .gz files from the dataset''s mirrors, verifies each against its published MD5 and caches it (at most 64 MiB per file). Files in the caches are verified on every load: MNIST against the SHA-256 of its published files, every .gz against its CRC. A relative $env:NNDLPS_DATA is taken from the current location. Splits the training file like the book: the first 50,000 images for training, the last 10,000 (-ValidationSize) for validation. Byte pixels are scaled to [0, 1]. -Verbose says where it looked.'
        Parameters  = @{
            Path           = 'A folder holding the dataset, or the files themselves. When given, nothing else is tried. Files or a folder piped from Get-ChildItem or Get-Item bind through their PSPath (-LiteralPath is an alias); all piped paths make one dataset. An Export-Mnist folder''s files piped with its checksum file (Get-ChildItem ./mnist-100 | Import-Mnist) are read as the folder is: checked, with its split and its set; a file piped with them that the checksum file does not list is refused, by name (MnistFilesNotRecognised).'
            Name           = 'Which dataset: Mnist (default), FashionMnist or KMnist: its class names, folders and mirrors. Without -Name, a -Path folder named as a dataset''s (fashion-mnist, kmnist, as Debian''s /usr/share/datasets/fashion-mnist) is taken for that dataset, since its files are named as MNIST''s; before that, files (or a folder''s) whose test labels are MNIST''s or Fashion-MNIST''s published ones are taken for that set, whatever their folder''s name; and first, an Export-Mnist folder (or its files) is taken for the set its checksum file records, and refused when that record names a set this module does not know, or two, or one that the export''s published test labels contradict (-Verbose says which rule named it).'
            ValidationSize = 'How many of the 60,000 training images to hold out as the validation set. Not given: the split an Export-Mnist folder records, else the book''s 10,000.'
            First          = 'Keep only the first n images of each set, for quick experiments.'
            NoDownload     = 'Never use the network: only -Path and the local folders are tried.'
            Mirror         = 'Download from these http:// or https:// folder addresses instead of the dataset''s public mirrors (for files on this machine, use -Path).'
            TimeoutSec     = 'Longest a mirror may keep us waiting for its answer or for the next bytes of a file before the next mirror is tried (a slow but steady download is never cut off).'
        }
        Examples    = @(
            @{ Code = '$data = Import-Mnist; $data'; Remarks = 'MNIST from the data cache (downloaded and verified the first time), split like the book.'; Output = 'Name  Training Validation  Test Image Source
----  -------- ----------  ---- ----- ------
MNIST    50000      10000 10000 28x28 /home/you/.cache/nndlps/mnist' }
            @{ Code = 'Import-Mnist -First 1000 | Invoke-SgdTraining -Epochs 3 -Seed 1'; Remarks = 'A quick run on the first 1,000 images of each set; the book''s run is Import-Mnist | Invoke-SgdTraining -Epochs 30.'; Output = 'Epoch 0: 394 / 1000       39.40%    0.29 s
Epoch 1: 553 / 1000       55.30%    0.12 s
Epoch 2: 612 / 1000       61.20%    0.07 s' }
            @{ Code = 'Import-Mnist -First 1000 | Export-Mnist ./mnist-1000; Import-Mnist -Path ./mnist-1000'; Remarks = 'A small MNIST written out and read back: the export records its split, so the same three sets come back.'; Output = 'Name  Training Validation  Test Image Source
----  -------- ----------  ---- ----- ------
MNIST     1000       1000  1000 28x28 /home/you/mnist-1000' }
            @{ Code = 'Import-Mnist -First 100 | Export-Mnist ./mnist-100; Get-ChildItem ./mnist-100 -Filter *.gz | Import-Mnist -ValidationSize 50'; Remarks = 'The four files piped from Get-ChildItem make one dataset; here with a split of its own.'; Output = 'Name  Training Validation  Test Image Source
----  -------- ----------  ---- ----- ------
MNIST      150         50   100 28x28 /home/you/mnist-100/t10k-images-idx3-ubyte.gz, ...' }
        )
        Links       = @('Export-Mnist', 'Get-MnistSample', 'Invoke-SgdTraining')
        Defaults    = @{
            ValidationSize = '10000 (the book''s split), or the split recorded by Export-Mnist in the folder'
            First = 'None: all images'
            Path = 'None: the data folders, then a download'
        }
        Outputs     = @{
            MnistDataset = 'One dataset with Training, Validation and Test image sets (ImageSet), its Name and Source.'
        }
    }
    'Export-Mnist' = @{
        Synopsis    = 'Writes a dataset out as the four MNIST IDX .gz files.'
        Description = 'The training file holds Training then Validation, and the checksum file records the split and, for MNIST, Fashion-MNIST and Kuzushiji-MNIST (known by their classes), the set, so Import-Mnist -Path gives back the same sets, named as that set (an expanded Fashion-MNIST comes back as Fashion-MNIST). The four files are written as a set, with a checksum file (nndlps-export.sha256): under temporary names first, then renamed, so an interrupted export never leaves a mix that imports as a dataset. Pixels outside [0, 1] are written as 0 or 255, with a warning.'
        Parameters  = @{
            Dataset = 'The dataset to write, usually from Import-Mnist.'
            Path    = 'The folder to write to. It is created if needed, but the folder it is in must exist (ExportFolderNotFound otherwise).'
            Force   = 'Replace an export, or MNIST files under any of their names, already in the folder. Without it, of two exports racing into one folder one wins whole and the other fails with ExportTargetExists, replacing nothing.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist -First 1000 | Export-Mnist -Path ./mnist-1000'; Remarks = 'A small MNIST to share: four .gz files any MNIST loader reads, and nndlps-export.sha256.'; Output = '    Directory: /home/you/mnist-1000

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:36       327949 train-images-idx3-ubyte.gz
-rw-r--r--       you  you        11/29/2026 10:36          936 train-labels-idx1-ubyte.gz
-rw-r--r--       you  you        11/29/2026 10:36       159482 t10k-images-idx3-ubyte.gz
-rw-r--r--       you  you        11/29/2026 10:36          479 t10k-labels-idx1-ubyte.gz' }
            @{ Code = '$data = Import-Mnist -First 100; $data | Export-Mnist ./share | Out-Null; $data | Export-Mnist ./share -Force | Select-Object Name, Length'; Remarks = 'Replacing an export needs -Force; -WhatIf says what would be written.'; Output = 'Name                       Length
----                       ------
train-images-idx3-ubyte.gz  32218
train-labels-idx1-ubyte.gz    128
t10k-images-idx3-ubyte.gz   15831
t10k-labels-idx1-ubyte.gz      81' }
        )
        Links       = @('Import-Mnist')
        Outputs     = @{
            FileInfo = 'The four files written (training images and labels, test images and labels).'
        }
    }
    'Expand-Mnist' = @{
        Synopsis    = 'Expands the training images as chapter 6 does: each image, then four copies shifted by one pixel down, up, right and left (50,000 become 250,000).'
        Description = 'The book''s expand_mnist.py, which network3.py''s best runs train on (99.37% on MNIST): every training image is kept, and after it come four copies shifted by -Distance pixels (1, as in the book) down, up, right and left, in that order, as expand_mnist.py makes them; the rows or columns shifted in are 0 (white), and each copy has its image''s label. expand_mnist.py then shuffles the 250,000 once; here they stay in order, as Invoke-SgdTraining shuffles the training set every epoch anyway. Only the Training set is expanded: the Validation and Test sets of the dataset returned are the very ones piped in, since they measure the network on images as they come, never on shifted copies (expand_mnist.py leaves them alone too). An image set given by itself (-TrainingData) is expanded and returned as an image set. Byte pixels stay bytes (MNIST expanded takes 196 MB) and float pixels, from the book''s mnist.pkl.gz, stay floats (784 MB); a result over 2 GiB, or more than one array holds, is refused before anything is allocated (ExpandedDataTooLarge), and so is a -Distance not below the image''s rows and columns (ShiftDistanceOutOfRange). Any image size works (rows and columns come from the set). Expanding an expanded dataset shifts the shifts again: 1,250,000 images.'
        Parameters  = @{
            Dataset      = 'A dataset from Import-Mnist: its Training set is expanded, its Validation and Test sets are passed on as they are.'
            TrainingData = 'An image set to expand by itself, e.g. $data.Training; the result is an image set of five times as many images.'
            Distance     = 'How many pixels each copy is shifted by. The book shifts by 1; it must be less than the image''s rows and columns.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist | Expand-Mnist'; Remarks = 'The book''s expanded training set: 250,000 images; validation and test unchanged.'; Output = 'Name           Training Validation  Test Image Source
----           -------- ----------  ---- ----- ------
MNIST expanded   250000      10000 10000 28x28 /home/you/.cache/nndlps/mnist' }
            @{ Code = 'Import-Mnist -First 1000 | Expand-Mnist | Invoke-SgdTraining -Epochs 3 -Seed 1'; Remarks = 'The expanded set in the pipeline: 5,000 training images made from the first 1,000, evaluated on 1,000 test images as they are. The same run without Expand-Mnist reaches 61.20%.'; Output = 'Epoch 0: 655 / 1000       65.50%    0.03 s
Epoch 1: 694 / 1000       69.40%    0.01 s
Epoch 2: 737 / 1000       73.70%    0.01 s' }
            @{ Code = '(Import-Mnist -First 2).Training | Expand-Mnist | Export-MnistImage ./shifts.png -Columns 5 | Select-Object Name'; Remarks = 'Two digits, each followed by its four shifts (down, up, right, left), drawn to look at; with -Distance 6 the shifts are plain to see.'; Output = 'Name
----
shifts.png' }
            @{ Code = '$data = Import-Mnist -First 1; $copies = $data.Training | Expand-Mnist -Distance 2; ''original, row 12: '' + ($data.Training.GetImage(0)[(12 * 28 + 10)..(12 * 28 + 14)] -join '' ''); ''down 2, row 14:   '' + ($copies.GetImage(1)[(14 * 28 + 10)..(14 * 28 + 14)] -join '' '')'; Remarks = 'Shifted down by 2 pixels, row 14 of the copy (image 1, after the original) is row 12 of the original.'; Output = 'original, row 12: 0 0.04313726 0.7450981 0.9921569 0.2745098
down 2, row 14:   0 0.04313726 0.7450981 0.9921569 0.2745098' }
        )
        Links       = @('Import-Mnist', 'Invoke-SgdTraining', 'Export-MnistImage')
        Outputs     = @{
            MnistDataset = 'With a piped dataset: a new dataset, named e.g. MNIST expanded, whose Training set holds five times the images; Validation and Test are the same objects as the input''s.'
            ImageSet     = 'With -TrainingData: the expanded image set, five images for each one given (the original, then its shifts down, up, right and left).'
        }
    }
    'Get-MnistSample' = @{
        Synopsis    = 'Gets images of a set with their labels; the default view draws them as text.'
        Description = 'Returns one ImageSample per index, with Label, ClassName, Pixels (row-major, in [0, 1]), Rows and Columns.'
        Parameters  = @{
            Data  = 'The set to take images from, e.g. (Import-Mnist).Test, or a dataset from Import-Mnist: its Test set, as Test-Network and Export-MnistImage take it.'
            Index = 'Which images (0-based). Indexes can be piped when -Data is given.'
        }
        Examples    = @(
            @{ Code = '(Import-Mnist -First 10).Test | Get-MnistSample 0, 1, 2'; Remarks = 'The first three test digits, drawn as text.'; Output = 'Test[0]: label 7 (7)
(the digit, drawn in 28 rows of text)
Test[1]: label 2 (2)
...
Test[2]: label 1 (1)
...' }
            @{ Code = '$test = (Import-Mnist -First 10).Test; 0..9 | Get-MnistSample -Data $test | Select-Object Index, Label'; Remarks = 'The first ten test digits, indexes from the pipeline.'; Output = 'Index Label
----- -----
    0     7
    1     2
    2     1
    3     0
    4     4
    5     1
    6     4
    7     9
    8     5
    9     9' }
        )
        Links       = @('Import-Mnist', 'Invoke-Network', 'Export-MnistImage')
        Defaults    = @{
            Index = '0'
        }
        Outputs     = @{
            ImageSample = 'One image per index: Index, Label, ClassName, Pixels (row-major, in [0, 1]), Rows and Columns.'
        }
    }
    'New-Network' = @{
        Synopsis    = 'Creates a feed-forward network: the book''s sigmoid network, or chapter 3''s neurons and costs.'
        Description = '-Sizes gives the neurons per layer, input first (784,30,10 for MNIST). By default, as in chapter 1, the neurons are sigmoid, the cost is quadratic and weights and biases are drawn from N(0, 1); there are none on the input layer. Chapter 3''s choices: -Activation Tanh or ReLU, -OutputActivation Softmax, -Cost CrossEntropy (sigmoid outputs) or LogLikelihood (softmax outputs), -Initialization ScaledGaussian (weights from N(0, 1/n_in)). The same -Seed always gives the same network. Layers[l].Weights is the book''s y-by-x matrix w, row-major, and can be set from a script. With -Weights and -Biases the network gets exactly the given values instead of random ones, as chapter 1 sets its perceptrons by hand: per layer after the input, rows of weights (row j holds the weights into neuron j from each neuron of the previous layer) or one row-major list, and one bias per neuron; for a network of one layer the layer''s values alone will do (-Weights -2,-2 -Biases 3). Shapes are checked against -Sizes.'
        Parameters  = @{
            Sizes            = 'Neurons per layer, input layer first: 784,30,10, or one number per argument (New-Network 784 30 10), or as text, as a sweep result''s Sizes shows it (''784,30,10'' or ''784-30-10''), so New-Network -Sizes $best.Sizes -Seed $best.Seed rebuilds a sweep''s run.'
            Weights          = 'Given weights, per layer after the input: rows of w_jk, e.g. ((-2,-2),(1,0)), (1,1) for sizes 2,2,1, or each layer as one row-major list. A network of one layer takes its values alone: -Weights -2,-2, or its rows -Weights (1,0), (0,1).'
            Biases           = 'Given biases, per layer after the input, one per neuron: (3,-0.5), 3 for sizes 2,2,1. A network of one layer takes the list alone: -Biases 3.'
            Seed             = 'Seeds the random initialisation.'
            Activation       = 'The hidden layers'' neurons (and the output layer''s unless -OutputActivation is given): Sigmoid (default), Tanh, ReLU, Softmax (output only) or Step (a perceptron: built by hand, never trained).'
            OutputActivation = 'The output layer''s neurons. Default: the same as -Activation. Softmax goes with -Cost LogLikelihood.'
            Cost             = 'The cost training minimises: Quadratic (default), CrossEntropy (needs sigmoid outputs) or LogLikelihood (needs a softmax output).'
            Initialization   = 'Gaussian (default): weights from N(0, 1). ScaledGaussian: weights from N(0, 1/n_in), as network2.py does, so hidden neurons start unsaturated. FanIn: weights from N(0, 1/n_in), N(0, 2/n_in) for ReLU, biases 0: what -Layers networks get.'
            InputShape       = 'Chapter 6: the input as channels, height, width: 1,28,28 for MNIST. With -Layers.'
            Layers           = 'Chapter 6: the layers after the input, in order, from New-ConvPoolLayer, New-FullyConnectedLayer and New-SoftmaxLayer, given or piped, or as text as a sweep result''s or an epoch result''s Layers shows them (-Layers ''ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu + Softmax 10''; a part that is not a layer is refused, naming the forms). Convolutional layers first, a softmax layer only last. Each layer''s shape is checked against the one before (LayerShapeMismatch, LayerOrderInvalid name the layer and the numbers). Weights are drawn from N(0, 1/n_in), N(0, 2/n_in) for ReLU (n_in: the inputs one neuron or filter sees), biases 0; network3.py draws N(0, 1/n_out), a slip in the book''s code. The cost is log-likelihood under a softmax layer, else -Cost or quadratic.'
        }
        Examples    = @(
            @{ Code = 'New-Network -Sizes 784,30,10 -Seed 1'; Remarks = 'The book''s chapter-1 network.'; Output = 'Sizes       Neurons Cost      Parameters EpochsTrained
-----       ------- ----      ---------- -------------
784, 30, 10 sigmoid quadratic     23,860             0' }
            @{ Code = 'New-Network -Sizes 784,100,10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 1'; Remarks = 'Chapter 3''s network: cross-entropy cost, scaled initial weights.'; Output = 'Sizes        Neurons Cost         Parameters EpochsTrained
-----        ------- ----         ---------- -------------
784, 100, 10 sigmoid crossentropy     79,510             0' }
            @{ Code = 'New-Network -Sizes 784,100,10 -OutputActivation Softmax -Cost LogLikelihood -Initialization ScaledGaussian -Seed 1'; Remarks = 'A softmax output layer with the log-likelihood cost.'; Output = 'Sizes        Neurons          Cost          Parameters EpochsTrained
-----        -------          ----          ---------- -------------
784, 100, 10 sigmoid, softmax loglikelihood     79,510             0' }
            @{ Code = '$data = Import-Mnist -First 1000; $best = $data | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 3 } -Seed 1 -Epochs 2 | Sort-Object Best -Descending | Select-Object -First 1; New-Network -Sizes $best.Sizes -Seed $best.Seed | Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Test -LearningRate $best.LearningRate -Epochs 2 -Seed $best.Seed'; Remarks = 'Rebuilds the best run of a sweep from its Sizes (text) and Seed, and trains it again: the same epochs as the sweep''s.' }
            @{ Code = '"$(New-Network -InputShape 1,28,28 -Layers ''ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu + Softmax 10'' -Seed 1)"'; Remarks = 'The layers as text, as a sweep result''s or an epoch result''s Layers shows them: New-Network -Layers $best.Layers makes that network again.'; Output = 'Network 1x28x28 [ConvPool 20@5x5, pool 2x2 relu + FullyConnected 100 relu + Softmax 10], loglikelihood cost, 289,630 parameters' }
            @{ Code = '$nand = New-Network -Sizes 2,1 -Activation Step -Weights -2,-2 -Biases 3; $nand.FeedForward([float[]](1,1))'; Remarks = 'Chapter 1''s NAND perceptron: weights -2, -2 and bias 3; it outputs 0 only for inputs 1, 1.'; Output = '0' }
        )
        Links       = @('Invoke-SgdTraining', 'Export-Network', 'Invoke-Network', 'Export-NetworkImage')
        Defaults    = @{
            Seed = 'None: a random seed'
            OutputActivation = 'None: the same as -Activation'
        }
        Outputs     = @{
            Network = 'The new network: Sizes, Layers (each with Weights, Biases and its Activation), Cost, EpochsTrained.'
        }
    }
    'New-ConvPoolLayer' = @{
        Synopsis    = 'Describes a convolutional layer with max-pooling (chapter 6, network3.py''s ConvPoolLayer), for New-Network -Layers.'
        Description = 'Each of -Filters feature maps slides one -FilterSize by -FilterSize window of shared weights over every input channel (stride 1, no padding: a 28x28 image and a 5x5 filter give a 24x24 map), then keeps the largest value of each -PoolSize by -PoolSize block (24x24 becomes 12x12), then adds the map''s one bias and applies -Activation: pooling before the bias and activation, as network3.py does. The layer has no weights yet: New-Network -InputShape -Layers checks its shape against the layer before it and draws its weights. Convolutional layers come before the fully connected ones.'
        Parameters  = @{
            Filters    = 'Feature maps: 20 in the book''s first convolutional layer, 40 in its second.'
            FilterSize = 'The side of each filter''s square window (the local receptive field).'
            PoolSize   = 'The side of the max-pooling blocks; 1 for no pooling. Rows and columns past the last whole block are left out, as network3.py does.'
            Activation = 'Sigmoid (the book''s first convolutional networks), Tanh or ReLU (its best ones).'
        }
        Examples    = @(
            @{ Code = 'New-ConvPoolLayer -Filters 20 -FilterSize 5 -PoolSize 2 -Activation ReLU'; Remarks = 'The book''s first convolutional layer, with rectified linear units.' }
            @{ Code = '$net = New-Network -InputShape 1,28,28 -Layers (New-ConvPoolLayer 20), (New-ConvPoolLayer 40), (New-FullyConnectedLayer 100), (New-SoftmaxLayer 10) -Seed 1; $net.ConvolutionalLayers | ForEach-Object { "$_" }'; Remarks = 'The book''s network #3: two sigmoid convolutional layers, each 5x5 filters pooled 2x2.'; Output = 'ConvPool 20@5x5, pool 2x2 sigmoid: 1x28x28 -> 20x12x12
ConvPool 40@5x5, pool 2x2 sigmoid: 20x12x12 -> 40x4x4' }
        )
        Links       = @('New-Network', 'New-FullyConnectedLayer', 'New-SoftmaxLayer')
        Defaults    = @{}
        Outputs     = @{
            ConvPoolLayerDesign = 'The layer''s description: Filters, FilterSize, PoolSize, Activation.'
        }
    }
    'New-FullyConnectedLayer' = @{
        Synopsis    = 'Describes a fully connected layer (chapter 6, network3.py''s FullyConnectedLayer), for New-Network -Layers.'
        Description = 'Every neuron takes every value of the layer before: the neurons of chapters 1 to 3, as a layer object. -Dropout p drops each of the layer''s inputs with probability p for each mini-batch while training (network3.py''s p_dropout); the inputs kept are scaled by 1/(1 - p) while training ("inverted" dropout), so a trained network is evaluated as it is, where network3.py scales the weights by 1 - p at test time instead: the same network in expectation.'
        Parameters  = @{
            Neurons    = 'Neurons in the layer.'
            Activation = 'Sigmoid, Tanh or ReLU.'
            Dropout    = 'The probability of dropping each input while training, from 0 (none) up to but not including 1. The book uses 0.5. A layer keeps it as a float: a probability that is 0 or 1 only as a float (1e-50, 0.99999999999) is refused (LayerDesignInvalid). Text is read as PowerShell reads a number, a point for decimals: ''0,5'' is refused, not taken as 5.'
        }
        Examples    = @(
            @{ Code = 'New-FullyConnectedLayer -Neurons 1000 -Activation ReLU -Dropout 0.5'; Remarks = 'One of the two 1,000-neuron layers of the book''s best network.' }
            @{ Code = '"$(New-Network -InputShape 1,28,28 -Layers (New-FullyConnectedLayer 100), (New-SoftmaxLayer 10) -Seed 1)"'; Remarks = 'The book''s chapter-6 baseline, network #1: 100 sigmoid neurons and a softmax output.'; Output = 'Network 1x28x28 [FullyConnected 100 sigmoid + Softmax 10], loglikelihood cost, 79,510 parameters' }
        )
        Links       = @('New-Network', 'New-ConvPoolLayer', 'New-SoftmaxLayer')
        Defaults    = @{}
        Outputs     = @{
            FullyConnectedLayerDesign = 'The layer''s description: Neurons, Activation, Dropout.'
        }
    }
    'New-SoftmaxLayer' = @{
        Synopsis    = 'Describes a softmax output layer (chapter 6, network3.py''s SoftmaxLayer), for New-Network -Layers.'
        Description = 'The output layer of the book''s chapter-6 networks: a fully connected layer whose outputs are a probability distribution, trained with the log-likelihood cost (New-Network chooses it). It must be the last layer. -Dropout drops its inputs while training, as New-FullyConnectedLayer does.'
        Parameters  = @{
            Neurons = 'Neurons: one per class, 10 for MNIST.'
            Dropout = 'The probability of dropping each input while training, from 0 (none) up to but not including 1. As New-FullyConnectedLayer, a probability that is 0 or 1 only as a float is refused, and text is read as PowerShell reads a number (''0,5'' is refused).'
        }
        Examples    = @(
            @{ Code = 'New-SoftmaxLayer -Neurons 10'; Remarks = 'The output layer for MNIST''s ten digits.' }
            @{ Code = '"$(New-SoftmaxLayer -Neurons 10 -Dropout 0.5)"'; Remarks = 'The output layer of the book''s best network, its inputs dropped with probability 0.5 while training.'; Output = 'Softmax 10, dropout 0.5' }
        )
        Links       = @('New-Network', 'New-ConvPoolLayer', 'New-FullyConnectedLayer')
        Defaults    = @{}
        Outputs     = @{
            SoftmaxLayerDesign = 'The layer''s description: Neurons, Dropout.'
        }
    }
    'Invoke-SgdTraining' = @{
        Synopsis    = 'Trains a network by mini-batch stochastic gradient descent, printing each epoch as the book does.'
        Description = 'Pipe a dataset from Import-Mnist (trains on Training, evaluates on Test), or pipe a network (or an epoch result, to train on) and give -TrainingData and -TestData. Without -Network, trains a new [784, 30, 10] network. Emits one result per epoch as soon as it finishes (Epoch j: k / n). The network is trained in place, and every result''s .Network is that one live network, not a copy of that epoch''s weights: after the run it holds the last epoch''s weights, or the best epoch''s with -KeepBest or -EarlyStopping. Epochs are numbered on from the network''s EpochsTrained, so training a network again continues from where it stopped. Chapter 3''s learning: -Lambda, -Momentum, -LearningRateSchedule, -EarlyStopping, -Monitor. Ctrl+C stops between mini-batches and keeps what was learned, and a warning says where the network is: in the -NetworkVariable you named, in the -Network you gave, or, when the cmdlet made the network itself, in $StoppedNetwork (the pipeline''s output is lost on Ctrl+C, so without that variable the network would be too); with -KeepBest it says which epoch the network went back to. Training that diverges (weights or outputs no longer finite numbers) stops with TrainingDiverged and gives the network back as it was before that epoch. One network is trained by one pipeline at a time.'
        Parameters  = @{
            Dataset      = 'A dataset from Import-Mnist.'
            TrainingData = 'The images to learn from, given or piped. Needed unless a dataset is piped: a piped network without it is refused in words (TrainingDataRequired).'
            TestData     = 'Evaluated after every epoch. Omit it to skip evaluation.'
            Network      = 'The network to train, in place.'
            Epochs       = 'Passes over the training data.'
            MiniBatchSize = 'Samples per gradient step.'
            LearningRate = 'The learning rate eta. Text is read as PowerShell reads a number, a point for decimals: ''3,0'' is refused, not taken as 30. An eta so large that the neurons saturate (accuracy at chance, outputs pinned at 0 or 1) is said in a warning, once a run. Training keeps eta as a float: one that is 0 or infinite as a float (1e-50, 1e39) is refused with InvalidLearningRate, quoting the number given.'
            Seed         = 'Seeds the shuffles (and the new network). Same seed, same data: same results; every seed, negative ones too, gives its own run.'
            Threads      = 'Cores for large matrix products. More than the machine has are not used (a warning says so). Results are identical for any number.'
            ValidationData = 'The set -LearningRateSchedule HalveOnPlateau and -EarlyStopping watch; refused (ParameterHasNoEffect) without either. With a piped dataset: its Validation set.'
            Lambda       = 'Lambda, L2 regularisation (chapter 3): w -> (1 - eta*lambda/n) w - ..., n the training-set size. Default 0: none. Kept as a float: a positive lambda that is 0 as one (1e-50) is refused with InvalidLambda, not trained as no L2, as is one too large for a float (1e39).'
            Momentum     = 'Mu, momentum (chapter 3), at least 0 and below 1: v -> mu*v - eta*grad C, w -> w + v. Default 0: plain gradient descent. Kept as a float: a mu that is 0 or 1 only as a float (1e-50, 0.99999999999) is refused with InvalidMomentum, quoting the number given.'
            LearningRateSchedule = 'Constant (default), or HalveOnPlateau: halve eta whenever the validation accuracy has not improved for -Patience epochs, and stop once eta is below -MinimumLearningRate.'
            Patience     = 'Epochs without a better validation accuracy before HalveOnPlateau halves eta. As in the book. Only with -LearningRateSchedule HalveOnPlateau (else refused, ParameterHasNoEffect); -EarlyStopping n counts its own n epochs.'
            MinimumLearningRate = 'HalveOnPlateau stops training once eta falls below this. Only with -LearningRateSchedule HalveOnPlateau (else refused, ParameterHasNoEffect). Kept as a float: one that is 0 or infinite as a float (1e-50, 1e39), or not below eta as a float (2.99999999 with eta 3), is refused with InvalidMinimumLearningRate, quoting the numbers given.'
            EarlyStopping = 'Stop after this many epochs without a better validation accuracy, and put the network back at its best epoch''s weights (it says so).'
            Monitor      = 'Which of network2.py''s series each epoch measures: TrainingCost, TrainingAccuracy, EvaluationCost, EvaluationAccuracy (evaluation = the test data: the Evaluation series need test data, else refused, ParameterHasNoEffect). Each appears as a property of the epoch result. LayerSpeed adds chapter 5''s speed of learning of each hidden layer (the norm of dC/db over the first 1,000 training images, first hidden layer first; a chapter-6 network''s convolutional layers are hidden layers too, and come first) as the epoch''s LayerSpeed, measured without changing the training.'
            KeepBest     = 'When the run ends, or is stopped with Ctrl+C, set the network back to the weights of the epoch with the best accuracy on the test data (the earliest of equals). The network object stays the same (every result''s .Network shows the kept weights) and its EpochsTrained becomes that epoch''s number + 1. Needs test data; -Verbose says which epoch was kept. To choose the epoch without looking at the test set, as the book advises, give -TestData $data.Validation.'
            NetworkVariable = 'The name of a variable (without $) to put the network in before training starts, so it stays reachable after Ctrl+C, also when no -Network was given.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist -First 1000 | Invoke-SgdTraining -Epochs 3 -Seed 1'; Remarks = 'The book''s run on 1,000 images: without -First and with -Epochs 30, about 95%.'; Output = 'Epoch 0: 394 / 1000       39.40%    0.23 s
Epoch 1: 553 / 1000       55.30%    0.12 s
Epoch 2: 612 / 1000       61.20%    0.20 s' }
            @{ Code = '$net = New-Network 784,100,10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 1; Import-Mnist -First 1000 | Invoke-SgdTraining -Network $net -Epochs 3 -LearningRate 0.5 -Lambda 5 -Seed 1'; Remarks = 'Chapter 3''s recipe; on all of MNIST with 30 epochs, about 98%.'; Output = 'Epoch 0: 712 / 1000       71.20%    0.53 s
Epoch 1: 758 / 1000       75.80%    0.55 s
Epoch 2: 809 / 1000       80.90%    0.34 s' }
            @{ Code = 'Import-Mnist -First 1000 | Invoke-SgdTraining -Epochs 3 -Monitor TrainingCost,EvaluationAccuracy -Seed 1 | Export-Csv ./curves.csv; Import-Csv ./curves.csv | Select-Object Epoch, TrainingCost, EvaluationAccuracy'; Remarks = 'Learning curves, one row per epoch.'; Output = 'Epoch TrainingCost        EvaluationAccuracy
----- ------------        ------------------
0     0.32290597265586257 0.394
1     0.2328925877753645  0.553
2     0.18032709618832451 0.612' }
            @{ Code = '$data = Import-Mnist -First 1000; $net = New-Network 784,30,10 -Seed 1; $net | Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Validation -LearningRate 1.0 -Epochs 2 -Seed 1'; Remarks = 'Tune on the validation set, as the book recommends.'; Output = 'Epoch 0: 272 / 1000       27.20%    0.12 s
Epoch 1: 336 / 1000       33.60%    0.06 s' }
            @{ Code = 'Import-Mnist -First 1000 | Invoke-SgdTraining -Epochs 3 -Seed 2 -KeepBest -NetworkVariable net | Out-Null; $net | Export-Network ./best.json'; Remarks = 'Keeps the best epoch''s weights in $net, even if the run is stopped with Ctrl+C, and saves them.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:37       260374 best.json' }
        )
        Links       = @('New-Network', 'Test-Network', 'Export-Network', 'Import-Mnist', 'Export-LearningCurve')
        Defaults    = @{
            Network = 'None: a new [inputs, 30, classes] network (kept, as every epoch result''s .Network; after Ctrl+C in $StoppedNetwork). The book''s own command, Import-Mnist | Invoke-SgdTraining, relies on it, so it is not refused.'
            TrainingData = 'None: required unless a dataset is piped'
            Seed = 'None: a random seed (reported in every result)'
            Threads = 'None: all cores'
            MinimumLearningRate = 'None: the learning rate / 128'
            EarlyStopping = 'None: never'
            TestData = 'None: no evaluation'
            ValidationData = 'None (with a piped dataset: its Validation set)'
            Monitor = 'None'
        }
        Outputs     = @{
            EpochResult = 'One per epoch, as soon as it finishes: Epoch, Correct, Total, Accuracy, the monitored series, Duration, Seed and the live Network (the same object in every result of a run). Printed as the book prints it, with the monitored series on a second line; Format-Table shows accuracies in percent. Accuracy itself is a fraction, which PowerShell 7.3 and later rounds to two decimals in a table of your own (Select-Object Epoch, Accuracy shows 0.95 for 94.97%): write @{ n = ''Accuracy''; e = { ''{0:P2}'' -f $_.Accuracy } } to see more.'
        }
    }
    'Invoke-SgdSweep' = @{
        Synopsis    = 'Trains every combination of a grid of settings, times seeds, many at once: on all cores, or spread over remote sessions.'
        Description = 'Pipe a dataset and give -Grid: each key is a setting of New-Network or Invoke-SgdTraining (Sizes, Activation, OutputActivation, Cost, Initialization, Epochs, MiniBatchSize, LearningRate, Lambda, Momentum, LearningRateSchedule, Patience, MinimumLearningRate, EarlyStopping, Monitor) with its values. Every combination is trained once per -Seed, -ThrottleLimit at a time, one thread each; each run''s numbers are identical to New-Network -Seed s then Invoke-SgdTraining -Seed s -Threads 1. One result per run is written as it finishes: its settings, BestAccuracy, BestEpoch, LastAccuracy, Accuracies, Seconds and its trained Network. Write-Progress covers the whole sweep; Ctrl+C stops every run. Runs are numbered (Index) in a fixed order: the grid''s keys in the order listed above whatever order you typed them, each key''s values in the order given, the first key varying slowest and the seed fastest; -Shard i/N runs the runs whose Index mod N is i, so a scheduler can split a sweep between machines. -Session spreads the runs over PSSessions you opened: each remote side imports NndlPS and loads its own data (-ImportParameters), results come back with live networks, and a session that drops out has its runs retried on the others, with a warning.'
        Parameters  = @{
            Dataset          = 'The data every run trains on (Training) and is tested on (Test), from Import-Mnist.'
            Grid             = 'A hashtable: setting name to its values, e.g. @{ LearningRate = 0.5, 1, 3; Sizes = (784,30,10), (784,100,10) }. Sizes may also be written as text, as the results show them: Sizes = ''784,30,10'', ''784-100-10''. Chapter 6''s networks are swept by Layers: each value is one network''s layers after the input, as New-Network -Layers takes them (Layers = ($conv, $fc, $softmax), ($conv, $conv2, $fc, $softmax)), or one text each as the results show them (Layers = @($rows.Layers | Select-Object -Unique) from Import-Csv: a value given twice is refused, SweepGridValueRepeated); the input shape is the data''s (1,28,28 for MNIST), and Layers goes without Sizes, Activation, OutputActivation and Initialization (SweepGridKeyConflict). A setting left out keeps its default; Sizes defaults to [inputs, 30, classes]. $null is refused (SweepGridValueInvalid), never taken as 0, and numbers written as text are read as PowerShell reads a number, a point for decimals (''0,5'' is refused, not taken as 5); Patience and MinimumLearningRate only with LearningRateSchedule HalveOnPlateau (ParameterHasNoEffect).'
            Seed             = 'Seeds: every combination is trained once per seed (the network''s weights and the shuffles); a seed given twice is refused (SweepSeedRepeated). Default: one random seed for every combination. Needed with -Shard.'
            Epochs           = 'Epochs of every run, unless the grid varies Epochs. Default 30.'
            ThrottleLimit    = 'How many runs train at the same time on this computer, one thread each. Default: the number of cores. More than the machine has are not used (a warning says so): each run holds its own buffers, and runs beyond the cores only wait.'
            Shard            = 'i/N, e.g. 0/4: only the runs whose Index mod N is i (i from 0 to N-1). The N shards together hold every run exactly once.'
            Session          = 'PSSessions (New-PSSession, SSH or WinRM) to spread the runs over, one run at a time on each; open several to one computer to use more of its cores.'
            ImportParameters = 'The Import-Mnist parameters each session loads its data with, e.g. @{ First = 1000 }. Default: none (the full MNIST from that computer''s cache or mirrors). The images never cross the wire; each side must load the same data as the piped dataset.'
            TransferRun      = 'Used by -Session on the remote side: one run as text, trained there; the result is written as text.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist -First 2000 | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 3; Sizes = (784,30,10), (784,60,10) } -Seed 1 -Epochs 3 | Sort-Object BestAccuracy -Descending | Format-Table Index, Sizes, LearningRate, BestAccuracy, BestEpoch'; Remarks = 'Four small trainings on all cores, best first.' }
            @{ Code = 'Import-Mnist -First 2000 | Invoke-SgdSweep -Grid @{ MiniBatchSize = 10, 50; LearningRate = 1, 3 } -Seed 1, 2 -Epochs 3 -ThrottleLimit 2 | Export-Csv ./sweep.csv'; Remarks = 'Eight small runs, two at a time, saved for a spreadsheet.' }
            @{ Code = '$shard = 0; Import-Mnist -First 2000 | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 1, 3 } -Seed 1, 2 -Epochs 2 -Shard "$shard/4" | Export-Clixml "shard-$shard.xml"'; Remarks = 'One of four shards, as a Kubernetes indexed Job ($env:JOB_COMPLETION_INDEX) or a Slurm array task ($env:SLURM_ARRAY_TASK_ID) runs it; Import-Clixml shard-*.xml merges them. Across machines with -Session, see about_NndlPS and the README''s remoting recipe.' }
        )
    }
    'Test-Network' = @{
        Synopsis    = 'Counts how many images of a set the network, or the vote of several networks, classifies correctly, with a confusion matrix and each class''s accuracy.'
        Description = 'The network''s answer for an image is its most active output neuron (the book''s evaluate); a network with a single output neuron answers 1 when it fires (output at least 0.5) and 0 when not, as Invoke-Network does, and fits data of two classes. The result has Correct, Total and Accuracy, Confusion (actual class by predicted class, drawn as a table with the class names) and ClassAccuracy (one row per class). Give the images with -Data, or pipe a dataset from Import-Mnist to use its Test set. A network and images are both needed: one missing is refused in words (NetworkRequired, TestDataRequired), not with a prompt. Every epoch result of a run holds the one live network, trained in place, so piping a run''s results tests that network once, with a warning that says why and how to test each epoch''s weights (a copy per epoch: ForEach-Object { $_.Network.Clone() }). Several networks given at once, -Network $a, $b, $c (or one array piped whole: ,$nets | Test-Network), are an ensemble, as in chapter 6 (five networks at 99.60% each, 99.67% voting): each network answers every image and the ensemble''s answer is the plurality vote. A tie goes to the tied class whose output activations, summed over all the networks, are largest (for a single output neuron, its output for class 1 and 1 minus it for class 0), then to the lowest class: never to whichever network came first. The result is then an EnsembleResult: the vote''s Correct, Total, Accuracy, Confusion and ClassAccuracy, Ties (images the tie rule decided), Unanimous (images every network answered alike) and Members, each network''s own result, the same as Test-Network gives it alone; its view shows the vote''s accuracy beside each network''s. The networks must share their input and output sizes (EnsembleShapeMismatch otherwise; hidden layers may differ); the same network given twice votes twice, with a warning. Networks piped one by one are tested one by one, as before.'
        Parameters  = @{
            Network = 'The network to test, given or piped. An epoch result from Invoke-SgdTraining binds through its Network property. Several given at once (-Network $a, $b, $c, or an array piped whole: ,$nets) vote as an ensemble and give one EnsembleResult.'
            Data    = 'The images to classify, e.g. (Import-Mnist).Test, or a dataset from Import-Mnist, given or piped: its Test set is classified. Alias: -Dataset.'
        }
        Examples    = @(
            @{ Code = '$data = Import-Mnist -First 1000; $net = ($data | Invoke-SgdTraining -Epochs 3 -Seed 1)[-1].Network; $net | Test-Network -Data $data.Test'; Remarks = 'Correct, Total and Accuracy.'; Output = 'Correct Total Accuracy
------- ----- --------
    612  1000   61.20%' }
            @{ Code = '$data = Import-Mnist -First 1000; $net = ($data | Invoke-SgdTraining -Epochs 3 -Seed 1)[-1].Network; ($data | Test-Network -Network $net).Confusion'; Remarks = 'The confusion matrix on the test set: actual digits down, predicted digits across, each digit''s accuracy last.'; Output = 'actual \ predicted    0    1    2    3    4    5    6    7    8    9  accuracy
0                    66    0    4    2    4    1    1    3    0    4    77.65%
1                     0  124    1    0    0    0    1    0    0    0    98.41%
2                     1    7   75   11    3    3    8    4    0    4    64.66%
...
9                     0    2    7    9   23    2    4   16    1   30    31.91%' }
            @{ Code = '$data = Import-Mnist -First 1000; $run = $data | Invoke-SgdTraining -Epochs 3 -Seed 1; $run[-1] | Test-Network -Data $data.Validation'; Remarks = 'Scores the trained network of the last epoch on the validation set.'; Output = 'Correct Total Accuracy
------- ----- --------
    622  1000   62.20%' }
            @{ Code = '$data = Import-Mnist -First 1000; $nets = 1..5 | ForEach-Object { ($data | Invoke-SgdTraining -Epochs 3 -Seed $_)[-1].Network }; Test-Network -Network $nets -Data $data.Test'; Remarks = 'Chapter 6''s ensemble: five networks trained apart vote on each test image. The vote (65.80%) beats the best of them alone (61.20%): they seldom make the same mistake. Ties counts the images the tie rule decided.'; Output = 'Correct Total Accuracy Ties Members
------- ----- -------- ---- -------
    658  1000   65.80%  164 61.20% 41.70% 46.00% 49.80% 47.90%' }
            @{ Code = '$data = Import-Mnist -First 1000; $nets = 1..5 | ForEach-Object { ($data | Invoke-SgdTraining -Epochs 3 -Seed $_)[-1].Network }; (Test-Network -Network $nets -Data $data.Test).Members'; Remarks = 'Each network''s own result within the ensemble''s: the same as $nets | Test-Network -Data $data.Test gives, one by one.'; Output = 'Correct Total Accuracy
------- ----- --------
    612  1000   61.20%
    417  1000   41.70%
    460  1000   46.00%
    498  1000   49.80%
    479  1000   47.90%' }
        )
        Links       = @('Invoke-SgdTraining', 'Invoke-Network')
        Defaults    = @{
            Network = 'None: required, given or piped (NetworkRequired otherwise)'
            Data = 'None: required, given or piped (TestDataRequired otherwise)'
        }
        Outputs     = @{
            EvaluationResult = 'Correct, Total, Accuracy, Confusion (actual by predicted class) and ClassAccuracy (one row per class).'
            EnsembleResult   = 'For several networks given at once: the vote''s Correct, Total, Accuracy, Confusion and ClassAccuracy, Ties, Unanimous, and Members (each network''s own EvaluationResult).'
        }
    }
    'Export-Network' = @{
        Synopsis    = 'Saves a network in the book''s network2.py JSON format (which the book''s code loads back), or as an ONNX model.'
        Description = 'The same network piped again to the same file (every epoch result of a run holds the one live network: $run.Network | Export-Network ./r.json) is saved once, with a warning, not refused as already there. Writes sizes, weights (a list of rows per layer), biases (a list of one-element lists per layer) and cost ("QuadraticCost") as network2.py''s Network.save does, plus an "nndlps" key that network2.py ignores with each layer''s activation and the epochs trained. A chapter-6 network (New-Network -InputShape -Layers) is saved whole, as format 2: the "nndlps" key also holds the input shape, the convolutional layers (filters, filter size, pool size, activation) and each layer''s dropout, and the keys convolutionalWeights and convolutionalBiases hold each convolutional layer''s weights as one flat list (filters x channels x k x k) and its biases; an older NndlPS refuses it as newer rather than read part of it. The file is written under a temporary name, flushed and then renamed, so an interrupted save leaves any old file whole. An existing file is replaced only with -Force; without it, an export that loses a race to another (two processes, one name) fails with ExportTargetExists and replaces nothing. A network whose JSON would be more than the 1 GiB Import-Network reads (about 50 million parameters) is refused before anything is written (NetworkTooLargeForJson). Supports -WhatIf and -Confirm. Outputs the file written.'
        Parameters  = @{
            Network = 'The network to save. An epoch result from Invoke-SgdTraining binds through its Network property.'
            Path    = 'The file to write. Its folder must exist: exports create files, not folders (ExportFolderNotFound otherwise).'
            Format  = 'Json, the book''s network2.py format, which Import-Network and the book''s code read back; or Onnx, a standard ONNX model (opset 13; input "input", float [N, inputs]; output "output", the last layer''s activations, float [N, outputs]; one Gemm and the layer''s activation per fully connected layer; a chapter-6 network''s convolutional layers as Reshape to [N, C, H, W], then Conv, MaxPool and the activation per layer, then Flatten) for ONNX Runtime, OpenCV''s dnn module and other runtimes.'
            Force   = 'Replace a file that already exists.'
        }
        Examples    = @(
            @{ Code = '$net = New-Network 784,30,10 -Seed 1; $net | Export-Network -Path ./net.json'; Remarks = 'Saves a network; in Python, network2.load("net.json") reads it.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:36       260610 net.json' }
            @{ Code = '(Import-Mnist -First 1000 | Invoke-SgdTraining -Epochs 3 -Seed 1)[-1] | Export-Network -Path ./trained.json -Force'; Remarks = 'Saves the network an epoch result carries, replacing any earlier file.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:36       260665 trained.json' }
            @{ Code = '$net = New-Network 784,30,10 -Seed 1; $net | Export-Network -Path ./net.onnx'; Remarks = 'Saves the network as an ONNX model (the format follows from .onnx), for ONNX Runtime or OpenCV: its arg-max is Invoke-Network''s Predicted.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:36        96020 net.onnx' }
        )
        Links       = @('Import-Network', 'New-Network', 'Invoke-SgdTraining')
        Defaults    = @{
            Format = 'None: Onnx for a .onnx file, Json otherwise'
        }
        Outputs     = @{
            FileInfo = 'The file written.'
        }
    }
    'Import-Network' = @{
        Synopsis    = 'Loads a network saved by Export-Network or by the book''s network2.py (Network.save).'
        Description = 'Reads the book''s JSON format. Nothing in the file is trusted: a file may hold 1 GiB of JSON besides white space (so an indented file, such as Python''s json.dump(indent=2) writes, is read when its numbers fit) and 4 GiB in all, a larger one refused unread; nesting is bounded, sizes that claim too many parameters are refused before anything is allocated, every row and bias must fit the sizes, and every value must be a finite number. A damaged file stops with an InvalidData error saying what is wrong; no half-built network is returned. A UTF-8 byte-order mark at the start of the file is skipped. -Path takes wildcards (one network per matching file, in name order); -LiteralPath takes names as they are; files piped from Get-ChildItem bind through their path.'
        Parameters  = @{
            Path        = 'The files to read. Wildcards (*, ?, [ab]) are expanded to the files they match, one network per file, in name order; folders are skipped. A pattern that matches no file is an error (NetworkFileNotFound). Strings piped to Import-Network bind here.'
            LiteralPath = 'The files to read, exactly as written: no character is a wildcard, for names that hold [ or ]. Files piped from Get-ChildItem or Get-Item bind here through their PSPath (aliases PSPath, LP).'
        }
        Examples    = @(
            @{ Code = 'New-Network 784,30,10 -Seed 1 | Export-Network ./net.json -Force | Import-Network'; Remarks = 'Saves a network and loads it back.'; Output = 'Sizes       Neurons Cost      Parameters EpochsTrained
-----       ------- ----      ---------- -------------
784, 30, 10 sigmoid quadratic     23,860             0' }
            @{ Code = 'New-Network 784,30,10 -Seed 1 | Export-Network ./a.json | Out-Null; New-Network 784,30,10 -Seed 2 | Export-Network ./b.json | Out-Null; $data = Import-Mnist -First 1000; Get-ChildItem ./*.json | Import-Network | Test-Network -Data $data.Test'; Remarks = 'Loads every saved network in a folder and scores each on the test set.'; Output = 'Correct Total Accuracy
------- ----- --------
     89  1000    8.90%
    144  1000   14.40%' }
            @{ Code = 'New-Network 784,30,10 -Seed 1 | Export-Network ./run-1.json -Force | Out-Null; New-Network 784,100,10 -Seed 1 | Export-Network ./run-2.json -Force | Out-Null; Import-Network ./run-*.json | Select-Object Sizes'; Remarks = 'A wildcard loads one network per matching file, in name order; -LiteralPath reads a name with [ or ] as it is.'; Output = 'Sizes
-----
{784, 30, 10}
{784, 100, 10}' }
        )
        Links       = @('Export-Network', 'Test-Network')
        Outputs     = @{
            Network = 'One network per file.'
        }
    }
    'Invoke-Network' = @{
        Synopsis    = 'Feeds inputs through a network, or several that vote: for each, the outputs, the predicted class and, for images, the label.'
        Description = 'Inputs are numbers or arrays of numbers, images from Get-MnistSample, or a whole image set (one result per image, computed in batches), from the pipeline or -InputObject. A list of numbers is one input, so -InputObject (1, 0) and -InputObject (,(1, 0)) are both the input (1, 0) of a two-input network; a list of lists, -InputObject (0,0),(0,1),(1,0),(1,1), is four inputs. Each result has Outputs, Predicted (the most active output neuron; for a single output neuron, 1 when it fires, output at least 0.5, else 0: the answer Test-Network counts), and for images Label, ClassName, IsCorrect and Sample (the image, drawn by the digit view). Its view draws images with the label and the answer. Several networks given at once, -Network $a, $b, $c (or one array piped whole: ,$nets), are an ensemble, as in chapter 6: each answers every input and Predicted is their plurality vote, a tie going to the tied class whose output activations, summed over all the networks, are largest, then to the lowest class: the vote Test-Network counts. Each result then also has Votes (how many networks answered Predicted), VoteCounts (per class) and MemberAnswers (each network''s answer, in order), and its Outputs are the networks'' mean outputs; the view adds the votes to the answer. The networks must share their input and output sizes (EnsembleShapeMismatch otherwise). Networks piped one by one each answer, as before.'
        Parameters  = @{
            Network     = 'The network to run. An epoch result from Invoke-SgdTraining binds through its Network property. Several given at once (-Network $a, $b, $c, or an array piped whole: ,$nets) vote as an ensemble, one result per input.'
            InputObject = 'The inputs: numbers, arrays of numbers, ImageSample objects from Get-MnistSample, an image set such as (Import-Mnist).Test, or a dataset (its Test set).'
        }
        Examples    = @(
            @{ Code = '$net = New-Network 2,1 -Seed 1; $net.Layers[0].SetWeight(0,0,-20); $net.Layers[0].SetWeight(0,1,-20); $net.Layers[0].Biases[0] = 30; $net | Invoke-Network -InputObject (0,0),(0,1),(1,0),(1,1)'; Remarks = 'The NAND gate of chapter 1 on its four inputs: outputs near 1, 1, 1 and 0.'; Output = 'Input (0, 0) -> outputs (1) -> predicted 1
Input (0, 1) -> outputs (1) -> predicted 1
Input (1, 0) -> outputs (1) -> predicted 1
Input (1, 1) -> outputs (0) -> predicted 0' }
            @{ Code = '$d = Import-Mnist -First 1000; $net = ($d | Invoke-SgdTraining -Epochs 3 -Seed 1)[-1].Network; $d.Test | Invoke-Network -Network $net | Where-Object { $_.Label -ne $_.Predicted } | Select-Object -First 3'; Remarks = 'The first three test images the network gets wrong, each drawn under its label and the wrong answer.'; Output = 'Test[1]: label 2 (2), predicted 5: WRONG
(the digit, drawn in 28 rows of text)
Test[6]: label 4 (4), predicted 7: WRONG
...
Test[7]: label 9 (9), predicted 6: WRONG
...' }
            @{ Code = '$d = Import-Mnist -First 1000; $net = ($d | Invoke-SgdTraining -Epochs 3 -Seed 1)[-1].Network; Get-MnistSample 0..9 -Data $d.Test | Invoke-Network -Network $net | Select-Object Index, Label, Predicted'; Remarks = 'The answers for the first ten test images.'; Output = 'Index Label Predicted
----- ----- ---------
    0     7         7
    1     2         5
    2     1         1
    3     0         0
    4     4         4
    5     1         1
    6     4         7
    7     9         6
    8     5         6
    9     9         9' }
            @{ Code = '$d = Import-Mnist -First 1000; $nets = 1..5 | ForEach-Object { ($d | Invoke-SgdTraining -Epochs 3 -Seed $_)[-1].Network }; Get-MnistSample 0..9 -Data $d.Test | Invoke-Network -Network $nets | Select-Object Label, Predicted, Votes, @{ Name = ''Answers''; Expression = { $_.MemberAnswers -join '' '' } }'; Remarks = 'The vote of five networks on the first ten test images, with each network''s answer. Image 6 is a five-way tie, decided by the summed activations (rightly, 4); image 8 a tie between 6 and 2.'; Output = 'Label Predicted Votes Answers
----- --------- ----- -------
    7         7     5 7 7 7 7 7
    2         5     2 5 1 5 0 8
    1         1     5 1 1 1 1 1
    0         0     5 0 0 0 0 0
    4         4     3 4 2 4 4 7
    1         1     4 1 1 1 3 1
    4         4     1 7 9 4 8 5
    9         6     2 6 9 8 4 6
    5         2     2 6 5 2 6 2
    9         7     3 9 7 7 7 9' }
            @{ Code = '$nand = New-Network 2,1 -Activation Step -Weights -2,-2 -Biases 3; $or = New-Network 2,1 -Activation Step -Weights 2,2 -Biases -1; $and = New-Network 2,1 -Activation Step -Weights 2,2 -Biases -3; Invoke-Network -Network $nand, $or, $and -InputObject (0,0),(0,1),(1,0),(1,1)'; Remarks = 'Three of chapter 1''s perceptrons vote: NAND, OR and AND together answer as OR. The outputs are the three networks'' mean.'; Output = 'Input (0, 0) -> outputs (0.3333) -> predicted 0 (2 of 3 votes)
Input (0, 1) -> outputs (0.6667) -> predicted 1 (2 of 3 votes)
Input (1, 0) -> outputs (0.6667) -> predicted 1 (2 of 3 votes)
Input (1, 1) -> outputs (0.6667) -> predicted 1 (2 of 3 votes)' }
        )
        Links       = @('Test-Network', 'Get-MnistSample', 'New-Network', 'Export-MnistImage')
        Inputs      = @{ Object = 'Numbers or arrays of numbers, ImageSample objects (Get-MnistSample), an ImageSet or a dataset from Import-Mnist, piped to -InputObject.' }
        Outputs     = @{
            Prediction = 'One per input: Outputs, Predicted (the most active output neuron, or whether a single output neuron fires), and for images Index, Label, ClassName, IsCorrect and Sample. From several networks: Predicted is their vote, with Votes, VoteCounts and MemberAnswers, and Outputs their mean.'
        }
    }
    'Export-MnistImage' = @{
        Synopsis    = 'Draws images (samples, the network''s answers, an image set) as a grid in a PNG, the label and the answer under each.'
        Description = 'Pipe images from Get-MnistSample, predictions from Invoke-Network (each drawn with its label in black and the network''s answer in green when right, red when wrong; a key above the grid says so: LABEL in black, RIGHT in green, WRONG in red), or an image set (its first -First images). Images are drawn as the book shows them, dark ink on white, each pixel as a -Scale by -Scale square, -Columns to a row. Captions use a built-in pixel font, so the picture is the same on every machine. The file is written under a temporary name and then renamed; an existing file is replaced only with -Force. Outputs the file written.'
        Parameters  = @{
            Path        = 'The PNG file to write: its name must end in .png (PictureFormatUnsupported otherwise), and its folder must exist (ExportFolderNotFound otherwise).'
            InputObject = 'The images: ImageSample objects (Get-MnistSample), Prediction objects of images (Invoke-Network), or an image set such as (Import-Mnist).Test.'
            First       = 'Draw at most this many images.'
            Columns     = 'Images per row of the grid.'
            Scale       = 'Screen pixels per image pixel.'
            Force       = 'Replace a file that already exists.'
        }
        Examples    = @(
            @{ Code = '(Import-Mnist -First 20).Test | Export-MnistImage -Path ./digits.png -First 20'; Remarks = 'The first twenty test digits with their labels.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:49         9363 digits.png' }
            @{ Code = '$d = Import-Mnist -First 1000; $net = ($d | Invoke-SgdTraining -Epochs 3 -Seed 1)[-1].Network; $d.Test | Invoke-Network -Network $net | Where-Object { -not $_.IsCorrect } | Export-MnistImage ./wrong.png -First 30 | Select-Object Name'; Remarks = 'The test images the network gets wrong: the label in black, the wrong answer in red.'; Output = 'Name
----
wrong.png' }
        )
        Links       = @('Get-MnistSample', 'Invoke-Network', 'Export-NetworkImage')
        Inputs      = @{ Object = 'ImageSample objects (Get-MnistSample), Prediction objects of images (Invoke-Network), or an ImageSet, piped to -InputObject.' }
        Outputs     = @{ FileInfo = 'The PNG written.' }
    }
    'Export-NetworkImage' = @{
        Synopsis    = 'Draws what each neuron of a layer looks for: its incoming weights as an image of the input, as in the book''s figures.'
        Description = 'For -Layer 0 (the first hidden layer) each neuron''s 784 weights are drawn as a 28x28 image: mid-grey is 0, and the neuron''s largest weight in size is white if positive, black if negative (its own scale, as the book''s figures), so the strokes a neuron responds to stand out. A neuron or filter whose weights are all equal (a 1x1 filter''s one weight) is drawn against its layer''s largest weight in size instead: its own scale would make it pure white or black whatever its value. The inputs are laid out as a square when their number is one, else as a row. A convolutional network''s layers of weights start with its convolutional layers (0 the first): each filter''s k-by-k shared weights are drawn as a small picture, chapter 6''s figure of the feature each map looks for; a filter over several channels (the book''s network #4, -Layer 1: 20) is drawn as one k-by-k map a channel in a small grid, as a fully connected neuron''s input maps are (below; 20 channels: 5 across, 4 down), all on the filter''s one grey scale. Its fully connected layers follow. The first of them reads the last convolutional layer''s C maps of H-by-W (for a network made with -InputShape and no convolutional layer, the image''s): each neuron is drawn as those maps in a small grid, channel 0 at the top left, one pixel apart in a near-square grid of whole rows where their number allows, so you see which maps and where in them it looks. Each tile, and each map of a tile (a neuron''s input map, a filter''s channel), is ruled round by a one-pixel pale blue line (a colour no weight has), so a white weight at its edge, or a white 1x1 filter, does not vanish into the white paper; the line adds 2 pixels to a tile''s width and height. A layer holding NaN or infinite weights (training diverged) is refused with NetworkValueInvalid, as Export-Network refuses to save it. The file is written under a temporary name and then renamed; an existing file is replaced only with -Force. Outputs the file written.'
        Parameters  = @{
            Network = 'The network to draw. An epoch result from Invoke-SgdTraining binds through its Network property.'
            Path    = 'The PNG file to write: its name must end in .png (PictureFormatUnsupported otherwise), and its folder must exist (ExportFolderNotFound otherwise).'
            Layer   = 'Which layer of weights: 0 is the first hidden layer (the weights from the input image), for a convolutional network its first convolutional layer.'
            Columns = 'Neurons (or filters) per row of the grid.'
            Scale   = 'Screen pixels per weight. By default 3, or more for small tiles, so a tile''s longer side is at least 30 pixels: the book''s 5x5 filters are drawn at 6.'
            Force   = 'Replace a file that already exists.'
        }
        Examples    = @(
            @{ Code = 'New-Network 784,30,10 -Seed 1 | Export-NetworkImage -Path ./untrained.png'; Remarks = 'Thirty hidden neurons before training: noise.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:49        51216 untrained.png' }
            @{ Code = '$net = New-Network 784,30,10 -Cost CrossEntropy -Initialization ScaledGaussian -Seed 1; Import-Mnist -First 5000 | Invoke-SgdTraining -Network $net -Epochs 5 -LearningRate 0.5 -Seed 1 | Out-Null; $net | Export-NetworkImage ./weights.png -Force | Select-Object Name'; Remarks = 'The same neurons after a few epochs: strokes and blobs of digits.'; Output = 'Name
----
weights.png' }
            @{ Code = '$conv = New-Network -InputShape 1,28,28 -Layers (New-ConvPoolLayer -Filters 20 -FilterSize 5 -PoolSize 2 -Activation ReLU), (New-SoftmaxLayer -Neurons 10) -Seed 1; Import-Mnist -First 2000 | Invoke-SgdTraining -Network $conv -Epochs 2 -LearningRate 0.1 -Seed 1 | Out-Null; $conv | Export-NetworkImage ./filters.png -Force | Select-Object Name'; Remarks = 'Chapter 6: the twenty 5x5 filters of a convolutional layer, each the feature its map looks for.'; Output = 'Name
----
filters.png' }
        )
        Links       = @('New-Network', 'New-ConvPoolLayer', 'Invoke-SgdTraining', 'Export-MnistImage')
        Outputs     = @{ FileInfo = 'The PNG written.' }
    }
    'Export-LearningCurve' = @{
        Synopsis    = 'Draws epoch results or sweep results as learning curves in a PNG or SVG: accuracy and cost per epoch, one colour per run.'
        Description = 'Pipe the epoch results of one or more runs of Invoke-SgdTraining, or the results of Invoke-SgdSweep, also after Export-Clixml and Import-Clixml, a job or a remote session (they are read by their values). A run is one network trained once; each has its colour, and is named by the settings in which the runs drawn differ (cost, sizes, neurons, initialisation, lambda, eta, momentum, mini-batch size, seed), so a quadratic and a cross-entropy run with the same eta and seed are told apart; the settings all runs share are the title. Each series has its line style: test accuracy solid with dots, validation accuracy (when -EarlyStopping or a schedule watched it) solid with squares, training accuracy (-Monitor TrainingAccuracy) dotted, so the book''s overfitting figure, training against test accuracy, can be drawn; accuracy in percent on the left axis. Each monitored cost (-Monitor TrainingCost, EvaluationCost) has an axis of its own on the right, one per cost function, as a quadratic and a cross-entropy cost are not on one scale. Epochs are ticked as whole numbers; the legend is under the data, where it hides no line; when -KeepBest or early stopping put the network back at an earlier epoch, that epoch is marked with a dotted vertical line. An object that is neither result is refused (LearningCurveInputInvalid) and the rest is drawn. The format follows from the file''s extension: .svg for SVG, .png for PNG; any other name is refused (PictureFormatUnsupported). Drawn with ScottPlot. The file is written under a temporary name and then renamed; an existing file is replaced only with -Force.'
        Parameters  = @{
            InputObject = 'Epoch results from Invoke-SgdTraining, or results from Invoke-SgdSweep, live or deserialized.'
            Path        = 'The file to write: a .svg name for an SVG, a .png name for a PNG (PictureFormatUnsupported otherwise). Its folder must exist (ExportFolderNotFound otherwise).'
            Width       = 'The picture''s width in pixels.'
            Height      = 'The picture''s height in pixels.'
            Force       = 'Replace a file that already exists.'
            LayerSpeed  = 'Draw chapter 5''s figure instead: the speed of learning of each hidden layer per epoch (LayerSpeed, recorded by Invoke-SgdTraining -Monitor LayerSpeed) on a logarithmic axis, one colour per layer and one line style per run.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist -First 1000 | Invoke-SgdTraining -Epochs 5 -Seed 1 | Export-LearningCurve -Path ./curve.png'; Remarks = 'One run''s accuracy per epoch.'; Output = '    Directory: /home/you

UnixMode         User Group         LastWriteTime         Size Name
--------         ---- -----         -------------         ---- ----
-rw-r--r--       you  you        11/29/2026 10:49        28718 curve.png' }
            @{ Code = '$data = Import-Mnist -First 1000; $runs = foreach ($eta in 0.5, 3.0) { $data | Invoke-SgdTraining -Epochs 5 -LearningRate $eta -Monitor TrainingCost -Seed 1 }; $runs | Export-LearningCurve ./eta.svg | Select-Object Name'; Remarks = 'Two learning rates side by side, accuracy and training cost, as an SVG.'; Output = 'Name
----
eta.svg' }
            @{ Code = '$data = Import-Mnist -First 1000; $runs = foreach ($cost in ''Quadratic'', ''CrossEntropy'') { New-Network 784,30,10 -Cost $cost -Seed 1 | Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Test -Epochs 5 -LearningRate 0.5 -Monitor TrainingAccuracy -Seed 1 }; $runs | Export-LearningCurve ./cost.png | Select-Object Name'; Remarks = 'Chapter 3''s comparison: the quadratic and the cross-entropy cost with the same eta and seed, named by their cost, training accuracy dotted beside test accuracy.'; Output = 'Name
----
cost.png' }
            @{ Code = '$sweep = Import-Mnist -First 1000 | Invoke-SgdSweep -Grid @{ LearningRate = 0.5, 3 } -Epochs 4 -Seed 1; $sweep | Export-Clixml ./sweep.xml; Import-Clixml ./sweep.xml | Export-LearningCurve ./sweep.png | Select-Object Name'; Remarks = 'A sweep''s runs, named by their eta; results saved with Export-Clixml (or come back from a job) draw as the live ones do.'; Output = 'Name
----
sweep.png' }
        )
        Links       = @('Invoke-SgdTraining', 'Invoke-SgdSweep')
        Inputs      = @{ PSObject = 'EpochResult objects (Invoke-SgdTraining) or SweepResult objects (Invoke-SgdSweep), live or deserialized (Import-Clixml, Receive-Job, a remote session), piped to -InputObject.' }
        Outputs     = @{ FileInfo = 'The picture written.' }
    }
    'Measure-Baseline' = @{
        Synopsis    = 'Scores one of the chapter''s baselines - random guessing, average darkness, a linear SVM - on a test set.'
        Description = 'Learns from the Training set of a piped dataset (or -TrainingData) and counts how many images of its Test set (or -TestData) it gets right, returning the same result as Test-Network, confusion matrix and per-class accuracy included. Random guesses a class uniformly (about 10% on MNIST). AverageDarkness is the book''s mnist_average_darkness.py: the digit whose average darkness over the training images is nearest the image''s darkness (2,225 / 10,000 on MNIST, as in the book). LinearSvm trains one linear support vector machine per class (one-vs-rest, LIBLINEAR''s squared-hinge dual coordinate descent, C = 0.1) and picks the class with the highest score (91.78% on MNIST). -Verbose reports the time taken.'
        Parameters  = @{
            Method       = 'Random, AverageDarkness or LinearSvm.'
            Dataset      = 'A dataset from Import-Mnist: learns from its Training set and is scored on its Test set.'
            TrainingData = 'The images to learn from (Random ignores them).'
            TestData     = 'The images to score on.'
            Seed         = 'Seeds the random guesses and the order the SVM visits the samples in. Default: a random seed.'
            Threads      = 'Cores the SVM trains its classes on (default: all). More than the machine has are not used (a warning says so). The result is the same for any number.'
        }
        Examples    = @(
            @{ Code = 'Import-Mnist | Measure-Baseline AverageDarkness'; Remarks = 'The book''s darkness baseline: 2225 / 10000.' }
            @{ Code = 'Import-Mnist | Measure-Baseline LinearSvm -Verbose'; Remarks = 'One-vs-rest linear SVMs on the 50,000 training images: about 91.8%, and how long training took.' }
            @{ Code = '$data = Import-Mnist; ''Random'', ''AverageDarkness'' | ForEach-Object { $data | Measure-Baseline $_ -Seed 1 }'; Remarks = 'Two baselines side by side.' }
        )
    }
    'Invoke-GradientDescent' = @{
        Synopsis    = 'Rolls a ball down a cost function by gradient descent, Delta v = -eta grad C, and returns its path.'
        Description = 'Chapter 1''s picture of gradient descent. -Cost is a scriptblock taking the variables (param($v1, $v2) ...) and returning the cost C. From -Start, each step moves by Delta v = -eta * grad C (the book''s equation 10), with grad C estimated by central differences unless -Gradient gives it. Writes the start (step 0) and every step with its position (V, V1, V2), cost C and gradient. For a small eta the cost falls every step; too large an eta overshoots the valley floor, and the cost can grow - when it stops being a finite number the path ends with a warning.'
        Parameters  = @{
            Cost         = 'C(v): a scriptblock with one parameter per variable, returning one number.'
            Start        = 'The starting position, one number per variable (1,1 for a cost of v1 and v2).'
            LearningRate = 'eta, the step size. Default 0.1.'
            Steps        = 'How many steps to take. Default 50.'
            Gradient     = 'grad C(v): a scriptblock with the same parameters as -Cost returning one partial derivative per variable. Default: central differences of -Cost.'
        }
        Examples    = @(
            @{ Code = 'Invoke-GradientDescent -Cost { param($v1, $v2) $v1 * $v1 + $v2 * $v2 } -Start 1, 1 -LearningRate 0.1 -Steps 10'; Remarks = 'A ball rolling into a round valley: C falls by the same factor every step.' }
            @{ Code = 'Invoke-GradientDescent -Cost { param($v1, $v2) $v1 * $v1 + 10 * $v2 * $v2 } -Gradient { param($v1, $v2) (2 * $v1), (20 * $v2) } -Start 1, 1 -LearningRate 0.11 -Steps 5'; Remarks = 'An exact gradient, and an eta too large for the steep direction: v2 overshoots and grows each step.' }
        )
    }
    'Add-NetworkLayer' = @{
        Synopsis    = 'Appends a layer with given weights and biases to a network, returning a new network.'
        Description = 'The result holds a copy of the piped network''s layers followed by the new layer, whose size is the number of -Biases; the piped network is left as it is, so a trained network can be extended without losing it (chapter 1''s exercise: a layer that turns the ten digit outputs into a four-bit binary code). The new layer''s neurons are the current output layer''s kind unless -Activation says otherwise. The cost stays the network''s when it suits the new output layer, otherwise it becomes quadratic.'
        Parameters  = @{
            Network    = 'The network to extend (left unchanged).'
            Weights    = 'The new layer''s weights: one row per new neuron, each with one weight per neuron of the current output layer (or one row-major list).'
            Biases     = 'The new layer''s biases, one per neuron; their number is the new layer''s size.'
            Activation = 'The new layer''s neurons: Sigmoid, Tanh, ReLU or Step. Default: the same as the current output layer.'
        }
        Examples    = @(
            @{ Code = '$and = New-Network -Sizes 2,1 -Activation Step -Weights -2,-2 -Biases 3 | Add-NetworkLayer -Weights -2 -Biases 1; $and.FeedForward([float[]](1,1))'; Remarks = 'A NAND perceptron followed by a NOT perceptron (weight -2, bias 1) computes AND: 1 only for inputs 1, 1.' }
            @{ Code = '$net = New-Network 784,30,10 -Seed 1; $null = Import-Mnist | Invoke-SgdTraining -Network $net -Epochs 3 -Seed 1; $bits = $net | Add-NetworkLayer -Weights (-1,1,-1,1,-1,1,-1,1,-1,1), (-1,-1,1,1,-1,-1,1,1,-1,-1), (-1,-1,-1,-1,1,1,1,1,-1,-1), (-1,-1,-1,-1,-1,-1,-1,-1,1,1) -Biases 0,0,0,0'; Remarks = 'Chapter 1''s binary output layer on a trained [784,30,10]: neuron b adds the outputs of the digits whose bit b is 1 and subtracts the others, so it fires for the winning digit''s bits. $net is unchanged; $bits is [784, 30, 10, 4].' }
        )
    }
    'Get-NetworkGradient' = @{
        Synopsis    = 'Backpropagation from outside (chapter 2): the gradient of the cost with respect to every weight and bias, and each layer''s error, over some images.'
        Description = 'Runs the engine''s own backpropagation (feedforward, then BP1 to BP4) over images of -Data without changing a weight, and returns the gradient of the mean cost C = (1/n) sum of C_x over those n images: per layer (Layers; layer 1 is the first layer of neurons, the book''s layer 2) Weights (dC/dw, row j holding neuron j''s weights, as network.py''s w; GetWeight(j, k)), Biases (dC/db) and Errors (delta, equal to dC/db by BP3), with their norms WeightNorm and BiasNorm. BiasNorms lists each layer''s norm of delta: chapter 5''s speed of learning. A chapter-6 network''s convolutional layers come first (Convolutional is true): a row of Weights is one filter''s shared weights (channels x k x k), and its Biases, Errors and BiasNorm are per filter, the errors summed over the filter''s map (its shared bias''s dC/db). Export-NetworkImage -Layer counts the same layers from 0. Dropout is not applied: the gradient is of the network as it answers. -Index gives one image''s gradient, the numbers network.py''s backprop returns for it. The cost is the network''s own, without the L2 term.'
        Parameters  = @{
            Network = 'The network whose gradient to compute (left unchanged). An epoch result binds through its Network property.'
            Data    = 'The images, e.g. (Import-Mnist).Training.'
            First   = 'Average over the first n images of -Data (all of them when it holds fewer). Chapter 5 measures over the first 1,000 training images.'
            Index   = 'The gradient of one image''s cost: image i of -Data.'
        }
        Examples    = @(
            @{ Code = '$data = Import-Mnist -First 1000; New-Network 784,30,30,10 -Seed 1 | Get-NetworkGradient $data.Training'; Remarks = 'The gradient over the first 1,000 training images of a fresh network with two hidden layers; BiasNorms is each layer''s speed of learning, the first hidden layer''s the smallest.'; Output = 'Sizes           CostName  Samples Cost BiasNorms
-----           --------  ------- ---- ---------
784, 30, 30, 10 quadratic    1000 1.81 0.0148, 0.0602, 0.133' }
            @{ Code = '$data = Import-Mnist -First 100; $g = New-Network 784,30,10 -Seed 1 | Get-NetworkGradient $data.Training -Index 0; $g.Layers; $g.Layers[1].GetWeight(3, 17)'; Remarks = 'One image''s gradient, layer by layer, and dC/dw for the weight from hidden neuron 17 to output neuron 3.' }
        )
        Links       = @('Test-NetworkGradient', 'Invoke-SgdTraining')
        Outputs     = @{
            NetworkGradient = 'Sizes, Architecture, CostName, Data, Samples, Cost, BiasNorms and Layers (LayerGradient: Layer, Convolutional, InputSize, OutputSize, Weights, Biases, Errors, WeightNorm, BiasNorm).'
        }
    }
    'Test-NetworkGradient' = @{
        Synopsis    = 'Checks backpropagation against numerical derivatives (central differences), layer by layer.'
        Description = 'For a sample of each layer''s weights and biases (a quarter of them biases, drawn by -Seed), compares the gradient the engine''s backpropagation computes (float32, as in training) with (C(p + e) - C(p - e)) / 2e, computed by an independent double-precision feedforward written from the book''s equations, on the mean cost over the first -First images of -Data. Each result gives the largest relative error |backprop - numerical| / max(|backprop|, |numerical|, a floor: a millionth of the layer''s largest numerical value, or ten thousand times the rounding of the difference quotient itself but at most a hundredth of that largest value, whichever is larger), the parameter it occurred at, and Passed (below -Tolerance). The check needs two forward passes over the images for every checked parameter where backpropagation needs one forward and one backward pass for all of them: that is chapter 2''s point. Dropout is not applied: the cost is the network''s as it answers. A chapter-6 network is checked the same way, its convolutional layers first (weights named w[filter,channel,row,column]); the reference slides each filter (a cross-correlation, as the engine''s and ONNX''s Conv), max-pools, adds the bias and activates, in network3.py''s order. Where the cost has a kink (a ReLU at z = 0, tied maxima in a pool: every window of MNIST''s white border, while the biases are 0), the reference differentiates the branch its own forward pass takes at the unperturbed parameters, the one backpropagation takes (the derivative 0 at z = 0, the first of equal maxima), instead of averaging two.'
        Parameters  = @{
            Network            = 'The network to check (left unchanged).'
            Data               = 'The images whose mean cost is differentiated.'
            First              = 'How many of the first images of -Data the cost is averaged over.'
            ParametersPerLayer = 'How many weights and biases of each layer to check.'
            Epsilon            = 'The step e of the central difference.'
            Tolerance          = 'The largest relative error that passes.'
            Seed               = 'Chooses which parameters are checked.'
        }
        Examples    = @(
            @{ Code = '$data = Import-Mnist -First 100; New-Network 784,30,10 -Seed 1 | Test-NetworkGradient $data.Training'; Remarks = 'Backpropagation agrees with the central differences to far below 1%.'; Output = 'Layer WeightsChecked BiasesChecked MaxRelativeError WorstParameter Passed
----- -------------- ------------- ---------------- -------------- ------
    1             15             5         1.3E-006 w[10,491]      True
    2             15             5         2.3E-006 b[0]           True' }
            @{ Code = '$data = Import-Mnist -First 100; New-Network 784,20,10 -Activation ReLU -OutputActivation Softmax -Cost LogLikelihood -Initialization ScaledGaussian -Seed 1 | Test-NetworkGradient $data.Training -ParametersPerLayer 50'; Remarks = 'Chapter 3''s kinds are checked the same way.'; Output = 'Layer WeightsChecked BiasesChecked MaxRelativeError WorstParameter Passed
----- -------------- ------------- ---------------- -------------- ------
    1             38            12         9.5E-007 w[6,323]       True
    2             40            10         2.9E-006 w[9,0]         True' }
        )
        Links       = @('Get-NetworkGradient', 'New-ConvPoolLayer')
        Outputs     = @{
            GradientCheckResult = 'Layer, WeightsChecked, BiasesChecked, MaxRelativeError, WorstParameter, Backpropagation, Numerical, Tolerance and Passed.'
        }
    }
}
