namespace NndlPS.Core;

/// <summary>
/// The weights of the best epoch so far, kept to go back to: -KeepBest's (judged on the test data) and early
/// stopping's (judged on the validation data) — one keeper, two judges. One copy of the network, allocated at the
/// first improvement and then overwritten in place. The learning-rate schedule needs only the best score and epoch:
/// it keeps no weights.
/// </summary>
internal sealed class BestWeights(bool keepWeights = true)
{
    private Network? _copy;

    /// <summary>The best epoch so far, or null before any.</summary>
    public int? Epoch { get; private set; }

    /// <summary>Its score (higher is better).</summary>
    public double Score { get; private set; } = double.NegativeInfinity;

    /// <summary>Keeps <paramref name="network"/>'s weights when <paramref name="score"/> beats the best so far (the earliest of equals stays).</summary>
    public bool Offer(int epoch, double score, Network network)
    {
        if (!(score > Score))
        {
            return false;
        }

        Score = score;
        Epoch = epoch;
        if (!keepWeights)
        {
            return true;
        }

        if (_copy is null)
        {
            _copy = network.Clone();
        }
        else
        {
            _copy.CopyParametersFrom(network);
        }

        return true;
    }

    /// <summary>Puts the kept weights back into <paramref name="network"/>; false when nothing was kept.</summary>
    public bool RestoreInto(Network network)
    {
        if (_copy is null)
        {
            return false;
        }

        network.CopyParametersFrom(_copy);
        return true;
    }
}
