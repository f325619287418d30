@{
    RootModule           = 'NndlPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6096258b-f03d-4c8d-ab42-7df222395888'
    Author               = 'NndlPS developers'
    Description          = 'Neural Networks and Deep Learning, chapter 1, as PowerShell cmdlets: MNIST, the book''s sigmoid network, mini-batch SGD with backpropagation, on a vectorized float32 core.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('NndlPS.Core.dll')
    FormatsToProcess     = @('NndlPS.format.ps1xml')
    CmdletsToExport      = @('Import-Mnist', 'Export-Mnist', 'Get-MnistSample', 'New-Network', 'Invoke-SgdTraining', 'Invoke-SgdSweep', 'Test-Network')
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('NeuralNetworks', 'MNIST', 'DeepLearning', 'MachineLearning')
            ProjectUri = 'https://neuralnetworksanddeeplearning.com/'
        }
    }
}
