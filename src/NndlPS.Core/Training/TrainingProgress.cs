namespace NndlPS.Core;

/// <summary>Where training is inside an epoch, reported a few hundred times per epoch.</summary>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int MiniBatch, int MiniBatches)
{
    public int PercentOfEpoch => MiniBatches == 0 ? 100 : (int)(100L * MiniBatch / MiniBatches);
}
