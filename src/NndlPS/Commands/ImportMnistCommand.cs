using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Loads MNIST as one dataset object with Training, Validation and Test sets.</para>
/// <para type="description">Reads the four IDX files (raw or .gz) from -Path, or from the data cache that
/// './build.ps1 Data' fills. Splits the 60,000 training images like the book: the first 50,000 for training,
/// the last 10,000 (-ValidationSize) for validation. Pixels are scaled to [0, 1].</para>
/// </summary>
[Cmdlet(VerbsData.Import, "Mnist")]
[OutputType(typeof(MnistDataset))]
public sealed class ImportMnistCommand : NndlCmdlet
{
    /// <summary>The folder that holds the four MNIST files. Default: the data cache.</summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>How many of the 60,000 training images to hold out as the validation set (the book: 10,000).</summary>
    [Parameter]
    [ValidateRange(0, 59_999)]
    public int ValidationSize { get; set; } = MnistLoader.DefaultValidationSize;

    protected override void EndProcessing()
    {
        string folder;
        if (Path is not null)
        {
            folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        }
        else
        {
            folder = DataFolders.ForDataset("mnist");
            if (!MnistFiles.All.All(file => MnistFiles.Find(folder, file) is not null))
            {
                ThrowTerminating("MnistDataNotFound", ErrorCategory.ObjectNotFound,
                    $"MNIST is not in the data cache '{folder}'. Run './build.ps1 Data' in the NndlPS source folder to fetch it, " +
                    $"or pass -Path with a folder holding {string.Join(", ", MnistFiles.All)} (raw or .gz).", folder);
            }
        }

        WriteVerbose($"Reading MNIST from '{folder}'.");
        MnistDataset dataset = Invoke(() => MnistLoader.Load(folder, ValidationSize));
        WriteObject(dataset);
    }
}
