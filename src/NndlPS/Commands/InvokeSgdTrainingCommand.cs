using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

// Default: the Sets set, whose parameters are all optional to PowerShell, so a piped network or no data at all gets
// TrainingDataRequired in words, not the binder's "cannot be bound" or a prompt; a piped dataset still picks the Dataset set.
[Cmdlet(VerbsLifecycle.Invoke, "SgdTraining", DefaultParameterSetName = SetsSet)]
[OutputType(typeof(EpochResult))]
public sealed class InvokeSgdTrainingCommand : NndlCmdlet
{
    private const string DatasetSet = "Dataset";
    private const string SetsSet = "Sets";

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DatasetSet)]
    public MnistDataset Dataset { get; set; } = null!;

    [Parameter(ParameterSetName = SetsSet, ValueFromPipeline = true)]
    public ImageSet? TrainingData { get; set; }

    [Parameter(ParameterSetName = SetsSet)]
    public ImageSet? TestData { get; set; }

    [Parameter(ParameterSetName = SetsSet)]
    public ImageSet? ValidationData { get; set; }

    [Parameter(ParameterSetName = DatasetSet)]
    [Parameter(ParameterSetName = SetsSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network? Network { get; set; }

    [Parameter]
    [ValidateRange(1, SgdOptions.MaxEpochs)]
    [WholeNumber(Counts = "epochs")]
    public int? Epochs { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    [WholeNumber(Counts = "images")]
    public int? MiniBatchSize { get; set; }

    // Doubles, checked as the floats training keeps (SgdOptions.LearningRateOf, …): bound as floats, -Lambda 1e-50
    // became 0 before NndlPS saw it and trained with no L2, and -LearningRate 1e-50 was refused as "got 0".
    [Parameter]
    [StrictNumber]
    public double? LearningRate { get; set; }

    [Parameter]
    [StrictNumber]
    public double? Lambda { get; set; }

    [Parameter]
    [StrictNumber]
    public double? Momentum { get; set; }

    [Parameter]
    [KindName(typeof(LearningRateSchedule))]
    public LearningRateSchedule? LearningRateSchedule { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    [WholeNumber]
    public int? Patience { get; set; }

    [Parameter]
    [StrictNumber]
    public double? MinimumLearningRate { get; set; }

    [Parameter]
    [ValidateRange(1, 1_000_000)]
    [WholeNumber]
    public int? EarlyStopping { get; set; }

    [Parameter]
    public MonitorSeries[]? Monitor { get; set; }

    [Parameter]
    [ValidateRange(1, 1024)]
    [WholeNumber(Counts = "threads")]
    public int? Threads { get; set; }

    [Parameter]
    public int? Seed { get; set; }

    [Parameter]
    public SwitchParameter KeepBest { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    // A plain variable name, optionally scoped: not a provider path (env:, function:) the network cannot be stored in.
    [ValidatePattern(@"^((global|script|local|private):)?[A-Za-z_][A-Za-z0-9_]*$")]
    public string? NetworkVariable { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == SetsSet && TrainingData is null)
        {
            ThrowTerminating("TrainingDataRequired", ErrorCategory.InvalidArgument,
                $"There are no images to train {(Network is null ? "on" : $"{Network} on")}: give -TrainingData and -TestData ($net | Invoke-SgdTraining -TrainingData $data.Training -TestData $data.Test), or pipe the dataset and give the network: $data | Invoke-SgdTraining -Network $net.", Network);
        }

        ImageSet training = ParameterSetName == DatasetSet ? Dataset.Training : TrainingData!;
        int seed = Seed ?? Random.Shared.Next();
        Network network = Network ?? Core.Network.CreateGaussian([training.InputSize, NetworkDesign.BookHiddenNeurons, training.ClassCount], seed);
        int? threads = LimitToCores(Threads, nameof(Threads));

        if (NetworkVariable is not null)
        {
            try
            {
                SessionState.PSVariable.Set(NetworkVariable, network); // before the first epoch: Ctrl+C cannot lose it
            }
            catch (Exception ex) when (ex is RuntimeException or ArgumentException)
            {
                // A typed, validated or read-only variable of the same name: say so before any training.
                ThrowTerminating("NetworkVariableInvalid", ErrorCategory.InvalidArgument,
                    $"Cannot put the network in ${NetworkVariable}: {ex.Message} Choose a new variable name for -NetworkVariable.", NetworkVariable);
            }
        }

        SgdOptions options = Invoke(() => Options(seed, threads));
        WriteVerbose($"Training {network} on {training} for {options.Epochs} epoch{(options.Epochs == 1 ? "" : "s")}, mini-batch {options.MiniBatchSize}, eta {options.LearningRate}, lambda {options.Lambda}, momentum {options.Momentum}, seed {seed}.");

        using SgdTrainer trainer = Invoke(() => new SgdTrainer(network, options));
        var progress = new ProgressWriter(this, $"Training [{string.Join(", ", network.Sizes)}] by SGD");
        IEnumerable<EpochResult> epochs = Invoke(() => ParameterSetName == DatasetSet
            ? trainer.Train(Dataset, progress, CancellationToken)
            : trainer.Train(training, TestData, progress, CancellationToken, ValidationData));
        bool stopped = false;
        int finished = 0, epochsBefore = network.EpochsTrained;
        using (IEnumerator<EpochResult> results = epochs.GetEnumerator())
        {
            while (true)
            {
                EpochResult? result = null;
                try
                {
                    result = Invoke(() => results.MoveNext() ? results.Current : null);
                }
                catch (Exception ex) when (ex is OperationCanceledException or PipelineStoppedException) // the token, or Write-Progress while stopping
                {
                    // Ctrl+C: the pipeline is stopping; the network keeps the epochs already done (with -KeepBest,
                    // disposing the enumeration, as leaving this block does, sets it back to the best of them). Counted
                    // from the network, not from the results written: a stop while an epoch was being evaluated comes
                    // after that epoch's training, which the network has, but before its result.
                    stopped = true;
                    finished = network.EpochsTrained - epochsBefore;
                    break;
                }

                if (result is null)
                {
                    break;
                }

                finished++;
                progress.Finished(result);
                try
                {
                    WriteObject(result);
                    if (result.Warning is string warning)
                    {
                        WriteWarning(warning);
                    }

                    if (result.StopReason is string reason)
                    {
                        // Shown like Write-Host: the user should see why the run ended before its last epoch.
                        WriteInformation(new HostInformationMessage { Message = reason }, ["PSHOST"]);
                    }
                }
                catch (PipelineStoppedException)
                {
                    stopped = true; // Ctrl+C while the result was being written
                    break;
                }
            }
        }

        if (stopped)
        {
            ReportStop(network, createdHere: Network is null, finished, options.Epochs, trainer.Best);
            return;
        }

        if (trainer.Best is EpochResult best)
        {
            WriteVerbose($"Kept the weights of the best epoch, {best}; training on will number epochs from {network.EpochsTrained}.");
        }

        progress.Complete();
    }

    /// <summary>Where a network nobody named is kept when Ctrl+C stops its training: <c>$StoppedNetwork</c>.</summary>
    public const string StoppedNetworkVariable = "StoppedNetwork";

    /// <summary>
    /// Ctrl+C stopped the run: say what the network holds and where it is, as nothing else will (the pipeline's
    /// output is gone). A network the cmdlet made itself would be lost, so it is put in $StoppedNetwork, in the
    /// caller's scope as -NetworkVariable puts it. The pipeline is stopping, so the warning goes to the host directly.
    /// </summary>
    private void ReportStop(Network network, bool createdHere, int finished, int epochs, EpochResult? best)
    {
        string where;
        if (NetworkVariable is not null)
        {
            where = $"in ${NetworkVariable}";
        }
        else if (!createdHere)
        {
            where = "the network given with -Network, trained in place";
        }
        else
        {
            try
            {
                SessionState.PSVariable.Set(StoppedNetworkVariable, network);
                where = $"in ${StoppedNetworkVariable} (-NetworkVariable names another variable); train on with -Network ${StoppedNetworkVariable}";
            }
            catch (Exception ex) when (ex is RuntimeException or ArgumentException)
            {
                where = $"lost: it could not be put in ${StoppedNetworkVariable} ({ex.Message}); give -NetworkVariable next time";
            }
        }

        string holds = best is not null
            ? $"set back to its best epoch by -KeepBest, Epoch {best.Epoch}: {best.Correct} / {best.Total}"
            : $"with its {network.EpochsTrained} epoch{(network.EpochsTrained == 1 ? "" : "s")} of training";
        string message = $"Training was stopped after {finished} of {epochs} epoch{(epochs == 1 ? "" : "s")}. The network, {holds}, is {where}.";
        try
        {
            WriteWarning(message);
        }
        catch (PipelineStoppedException)
        {
            Host.UI.WriteWarningLine(message);
        }
    }

    /// <summary>The engine's options: each parameter given, else <see cref="SgdOptions"/>'s default (the one source).</summary>
    /// <exception cref="NndlException">A number that is not what was asked as the float training keeps (InvalidLearningRate, …).</exception>
    private SgdOptions Options(int seed, int? threads)
    {
        var defaults = new SgdOptions();
        return defaults with
        {
            Epochs = Epochs ?? defaults.Epochs,
            MiniBatchSize = MiniBatchSize ?? defaults.MiniBatchSize,
            LearningRate = LearningRate is double eta ? SgdOptions.LearningRateOf(eta) : defaults.LearningRate,
            Lambda = Lambda is double lambda ? SgdOptions.LambdaOf(lambda) : defaults.Lambda,
            Momentum = Momentum is double momentum ? SgdOptions.MomentumOf(momentum) : defaults.Momentum,
            LearningRateSchedule = LearningRateSchedule ?? defaults.LearningRateSchedule,
            Patience = Patience ?? defaults.Patience,
            // Against η as given only with the schedule that reads the floor: without it the floor is refused as having no effect.
            MinimumLearningRate = MinimumLearningRate is not double minimum ? defaults.MinimumLearningRate
                : LearningRateSchedule == Core.LearningRateSchedule.HalveOnPlateau ? SgdOptions.MinimumLearningRateOf(minimum, LearningRate ?? defaults.LearningRate, learningRateGiven: LearningRate is not null)
                : SgdOptions.MinimumLearningRateOf(minimum),
            EarlyStopping = EarlyStopping ?? defaults.EarlyStopping,
            Monitor = Monitor?.Aggregate(MonitorSeries.None, (all, one) => all | one) ?? defaults.Monitor,
            Seed = seed,
            Threads = threads,
            KeepBest = KeepBest,
        };
    }

    /// <summary>
    /// Shows the engine's progress with Write-Progress. The engine reports on this (the pipeline) thread, so
    /// the call is safe.
    /// </summary>
    private sealed class ProgressWriter(Cmdlet cmdlet, string activity) : IProgress<TrainingProgress>
    {
        private readonly ProgressThrottle _throttle = new();
        private readonly ProgressRecord _record = new(1, activity, "Starting");
        private readonly System.Diagnostics.Stopwatch _elapsed = System.Diagnostics.Stopwatch.StartNew();

        public void Report(TrainingProgress value)
        {
            if (!_throttle.ShouldWrite())
            {
                return;
            }

            _record.StatusDescription = $"Epoch {value.Epoch} of {value.Epochs}: mini-batch {value.MiniBatch} of {value.MiniBatches}";
            double done = Math.Min(1, ((value.Epoch * (double)value.MiniBatches) + value.MiniBatch) / ((double)value.Epochs * Math.Max(1, value.MiniBatches)));
            _record.PercentComplete = (int)(done * 100);
            // Time remaining at the pace so far (the first epoch, which also compiles the code, makes it an overestimate at first).
            _record.SecondsRemaining = done > 0 ? (int)Math.Ceiling(_elapsed.Elapsed.TotalSeconds * (1 - done) / done) : -1;
            cmdlet.WriteProgress(_record);
        }

        /// <summary>Shows the last epoch's monitored cost (or accuracy) under the bar.</summary>
        public void Finished(EpochResult result)
        {
            double? cost = result.TrainingCost ?? result.EvaluationCost;
            _record.CurrentOperation = cost is double c
                ? $"Epoch {result.Epoch}: cost {c:0.####}{(result.Accuracy is double a ? $", accuracy {a:P2}" : string.Empty)}"
                : result.Accuracy is double accuracy ? $"Epoch {result.Epoch}: accuracy {accuracy:P2}" : null;
        }

        public void Complete()
        {
            _record.RecordType = ProgressRecordType.Completed;
            cmdlet.WriteProgress(_record);
        }
    }
}
