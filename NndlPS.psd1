@{
    RootModule           = 'NndlPS.dll'
    ModuleVersion        = '0.0.0' # build.ps1 stages it with the version in Directory.Build.props, its one home
    GUID                 = '6096258b-f03d-4c8d-ab42-7df222395888'
    Author               = 'NndlPS developers'
    Copyright            = '(c) 2026 NndlPS developers. MIT License.'
    Description          = 'Michael Nielsen''s Neural Networks and Deep Learning as PowerShell cmdlets: MNIST and its siblings, the book''s sigmoid network and chapter 3''s neurons, costs and learning, mini-batch SGD with backpropagation, on a vectorized float32 core.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('NndlPS.Core.dll')
    # Before the cmdlets: the module's own AssemblyLoadContext for the engine's third-party dependencies.
    NestedModules        = @('NndlPS.LoadContext.dll')
    FormatsToProcess     = @('NndlPS.format.ps1xml')
    TypesToProcess       = @('NndlPS.types.ps1xml')
    CmdletsToExport      = @('Import-Mnist', 'Export-Mnist', 'Expand-Mnist', 'Get-MnistSample', 'New-Network', 'Invoke-SgdTraining', 'Invoke-SgdSweep', 'Test-Network', 'Export-Network', 'Import-Network', 'Invoke-Network', 'Measure-Baseline', 'Invoke-GradientDescent', 'Add-NetworkLayer', 'Export-MnistImage', 'Export-NetworkImage', 'Export-LearningCurve', 'Get-NetworkGradient', 'Test-NetworkGradient', 'New-ConvPoolLayer', 'New-FullyConnectedLayer', 'New-SoftmaxLayer')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('NeuralNetworks', 'MNIST', 'DeepLearning', 'MachineLearning', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            ProjectUri   = 'https://neuralnetworksanddeeplearning.com/'
            ReleaseNotes = '0.2.0: a seeded run now gives the same bits on every CPU and thread count (AVX-512, AVX2, SSE/NEON, no vectors): every sum is kept in 16 fixed lanes combined in one order, and exp, sigmoid and tanh are computed by NndlPS from IEEE operations. Every recorded number changed once (the book''s run with -Seed 1 starts at 9032 instead of 9010; best 95.06% instead of 95.16%); networks saved by 0.1.0 load unchanged. 0.1.0: Chapter 1 of the book as cmdlets; chapter 3''s costs, neurons, L2, momentum, schedule and early stopping; kernel helper threads with a written protocol; verified data caches and bounded readers; help with defaults, INPUTS/OUTPUTS and tested examples, about_NndlPS; Export-Mnist exports that import back with their split; pictures: Export-MnistImage, Export-NetworkImage, Export-LearningCurve.'
        }
    }
}
