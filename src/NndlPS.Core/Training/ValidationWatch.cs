namespace NndlPS.Core;

/// <summary>
/// Chapter 3's two uses of the validation set: the learning-rate schedule (halve η after <see cref="SgdOptions.PlateauPatience"/>
/// epochs without a better validation accuracy; stop below the floor) and early stopping (stop after
/// <see cref="SgdOptions.EarlyStopping"/> such epochs and go back to the best epoch's weights).
/// </summary>
internal sealed class ValidationWatch(SgdOptions options)
{
    private readonly BestWeights _best = new(keepWeights: options.EarlyStopping is not null);
    private int _sinceBest, _sinceHalving;

    /// <summary>The epoch early stopping put the network back to, once it has.</summary>
    public int? RestoredEpoch { get; private set; }

    /// <summary>Records one epoch's validation accuracy; returns why training stops now, or null to go on.</summary>
    public string? AfterEpoch(int epoch, double validationAccuracy, Network network, IUpdateRule rule)
    {
        if (_best.Offer(epoch, validationAccuracy, network))
        {
            _sinceBest = 0;
            _sinceHalving = 0;
        }
        else
        {
            _sinceBest++;
            _sinceHalving++;
        }

        if (options.EarlyStopping is int patience && _sinceBest >= patience)
        {
            _best.RestoreInto(network);
            RestoredEpoch = _best.Epoch;
            return $"Early stopping: no better validation accuracy for {patience} epochs; the network is back at epoch {_best.Epoch}'s weights ({_best.Score:P2} on the validation set).";
        }

        if (options.LearningRateSchedule == LearningRateSchedule.HalveOnPlateau && _sinceHalving >= options.PlateauPatience)
        {
            rule.LearningRate /= 2;
            _sinceHalving = 0;
            if (rule.LearningRate < options.StopBelowLearningRate)
            {
                return $"Learning-rate schedule: η fell to {rule.LearningRate:G4}, below {options.StopBelowLearningRate:G4}, after {options.PlateauPatience} epochs without a better validation accuracy; training stops (best: epoch {_best.Epoch}, {_best.Score:P2}).";
            }
        }

        return null;
    }
}
