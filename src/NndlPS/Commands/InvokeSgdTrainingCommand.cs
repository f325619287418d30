using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

/// <summary>
/// <para type="synopsis">Trains a network by mini-batch stochastic gradient descent, printing each epoch as the book does.</para>
/// <para type="description">Pipe a dataset from Import-Mnist (trains on Training, evaluates on Test), or pipe a
/// network and give -TrainingData and -TestData. Without -Network, trains a new [784, 30, 10] network.
/// Emits one result per epoch as soon as it finishes; the network is trained in place, and each result's .Network
/// is that live network.</para>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SgdTraining", DefaultParameterSetName = DatasetSet)]
[OutputType(typeof(EpochResult))]
public sealed class InvokeSgdTrainingCommand : NndlCmdlet
{
    private const string DatasetSet = "Dataset";
    private const string SetsSet = "Sets";

    /// <summary>A dataset from Import-Mnist: trains on its Training set and evaluates on its Test set.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DatasetSet)]
    public MnistDataset Dataset { get; set; } = null!;

    [Parameter(Mandatory = true, ParameterSetName = SetsSet)]
    public ImageSet TrainingData { get; set; } = null!;

    /// <summary>Evaluated after every epoch. Omit it to skip evaluation (the book then prints "Epoch j complete").</summary>
    [Parameter(ParameterSetName = SetsSet)]
    public ImageSet? TestData { get; set; }

    /// <summary>The network to train (in place). Default: New-Network -Sizes 784,30,10 -Seed $Seed. An epoch
    /// result piped with -TrainingData binds through its Network property, to train on.</summary>
    [Parameter(ParameterSetName = DatasetSet)]
    [Parameter(ParameterSetName = SetsSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public Network? Network { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Epochs { get; set; } = 30;

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int MiniBatchSize { get; set; } = 10;

    /// <summary>η, the learning rate. Must be positive.</summary>
    [Parameter]
    public float LearningRate { get; set; } = 3.0f;

    /// <summary>Cores to use for large matrix products (default: all). Results are identical for any number;
    /// use 1 when running many trainings side by side, e.g. in ForEach-Object -Parallel.</summary>
    [Parameter]
    [ValidateRange(1, 1024)]
    public int? Threads { get; set; }

    /// <summary>Seeds the shuffles (and the new network's weights when -Network is not given).</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>When the run ends or is stopped, set the network back to the best epoch's weights (see <see cref="SgdOptions.KeepBest"/>).</summary>
    [Parameter]
    public SwitchParameter KeepBest { get; set; }

    /// <summary>Puts the network in this variable before training starts, so it stays reachable after Ctrl+C.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NetworkVariable { get; set; }

    protected override void BeginProcessing()
    {
        if (!(LearningRate > 0) || float.IsInfinity(LearningRate))
        {
            ThrowTerminating("InvalidLearningRate", ErrorCategory.InvalidArgument,
                $"-LearningRate must be a positive number (the book uses 3.0); got {LearningRate}.", LearningRate);
        }
    }

    protected override void ProcessRecord()
    {
        ImageSet training = ParameterSetName == DatasetSet ? Dataset.Training : TrainingData;
        ImageSet? test = ParameterSetName == DatasetSet ? Dataset.Test : TestData;
        int seed = Seed ?? Random.Shared.Next();
        Network network = Network ?? Core.Network.CreateGaussian([training.InputSize, 30, training.ClassCount], seed);
        var options = new SgdOptions { Epochs = Epochs, MiniBatchSize = MiniBatchSize, LearningRate = LearningRate, Seed = seed, Threads = Threads, KeepBest = KeepBest };
        WriteVerbose($"Training {network} on {training} for {Epochs} epochs, mini-batch {MiniBatchSize}, eta {LearningRate}, seed {seed}.");
        if (NetworkVariable is not null)
        {
            SessionState.PSVariable.Set(NetworkVariable, network); // before the first epoch: Ctrl+C cannot lose it
        }

        using var trainer = new SgdTrainer(network, options);
        var progress = new ProgressWriter(this, $"Training [{string.Join(", ", network.Sizes)}] by SGD");
        IEnumerable<EpochResult> epochs = Invoke(() => trainer.Train(training, test, progress, CancellationToken));
        using (IEnumerator<EpochResult> results = epochs.GetEnumerator())
        {
            while (true)
            {
                EpochResult? result = null;
                try
                {
                    result = Invoke(() => results.MoveNext() ? results.Current : null);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C: the pipeline is stopping; the network keeps the epochs already done (with -KeepBest,
                    // disposing the enumeration sets it back to the best of them).
                    return;
                }

                if (result is null)
                {
                    break;
                }

                WriteObject(result);
            }
        }

        if (trainer.Best is EpochResult best)
        {
            WriteVerbose($"Kept the weights of the best epoch, {best}; training on will number epochs from {network.EpochsTrained}.");
        }

        progress.Complete();
    }

    /// <summary>
    /// Shows the engine's progress with Write-Progress. The engine reports on this (the pipeline) thread, so
    /// the call is safe.
    /// </summary>
    private sealed class ProgressWriter(Cmdlet cmdlet, string activity) : IProgress<TrainingProgress>
    {
        private readonly ProgressThrottle _throttle = new();
        private readonly ProgressRecord _record = new(1, activity, "Starting");

        public void Report(TrainingProgress value)
        {
            if (!_throttle.ShouldWrite())
            {
                return;
            }

            _record.StatusDescription = $"Epoch {value.Epoch} of {value.Epochs}: mini-batch {value.MiniBatch} of {value.MiniBatches}";
            _record.PercentComplete = (int)Math.Min(100, ((value.Epoch * 100L) + value.PercentOfEpoch) / value.Epochs);
            cmdlet.WriteProgress(_record);
        }

        public void Complete()
        {
            _record.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(_record);
        }
    }
}
