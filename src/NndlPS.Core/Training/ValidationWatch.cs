namespace NndlPS.Core;

/// <summary>
/// Chapter 3's two uses of the validation set: the learning-rate schedule (halve η after <see cref="SgdOptions.PlateauPatience"/>
/// epochs without a better validation accuracy; stop below the floor) and early stopping (stop after
/// <see cref="SgdOptions.EarlyStopping"/> such epochs and go back to the best epoch's weights).
/// </summary>
internal sealed class ValidationWatch(SgdOptions options)
{
    private double _best = double.NegativeInfinity;
    private int _bestEpoch = -1;
    private int _sinceBest, _sinceHalving;
    private Network? _bestWeights;

    /// <summary>The epoch early stopping put the network back to, once it has.</summary>
    public int? RestoredEpoch { get; private set; }

    /// <summary>Records one epoch's validation accuracy; returns why training stops now, or null to go on.</summary>
    public string? AfterEpoch(int epoch, double validationAccuracy, Network network, IUpdateRule rule)
    {
        if (validationAccuracy > _best)
        {
            _best = validationAccuracy;
            _bestEpoch = epoch;
            _sinceBest = 0;
            _sinceHalving = 0;
            if (options.EarlyStopping is not null)
            {
                // Allocated on the first improvement, then overwritten in place.
                if (_bestWeights is null)
                {
                    _bestWeights = network.Clone();
                }
                else
                {
                    _bestWeights.CopyParametersFrom(network);
                }
            }
        }
        else
        {
            _sinceBest++;
            _sinceHalving++;
        }

        if (options.EarlyStopping is int patience && _sinceBest >= patience)
        {
            network.CopyParametersFrom(_bestWeights!);
            RestoredEpoch = _bestEpoch;
            return $"Early stopping: no better validation accuracy for {patience} epochs; the network is back at epoch {_bestEpoch}'s weights ({_best:P2} on the validation set).";
        }

        if (options.LearningRateSchedule == LearningRateSchedule.HalveOnPlateau && _sinceHalving >= options.PlateauPatience)
        {
            rule.LearningRate /= 2;
            _sinceHalving = 0;
            if (rule.LearningRate < options.StopBelowLearningRate)
            {
                return $"Learning-rate schedule: η fell to {rule.LearningRate:G4}, below {options.StopBelowLearningRate:G4}, after {options.PlateauPatience} epochs without a better validation accuracy; training stops (best: epoch {_bestEpoch}, {_best:P2}).";
            }
        }

        return null;
    }
}
