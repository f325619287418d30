namespace NndlPS.Core;

/// <summary>How η changes between epochs.</summary>
public enum LearningRateSchedule
{
    /// <summary>η stays as given (chapters 1 and 3's first runs).</summary>
    Constant,

    /// <summary>
    /// Chapter 3's schedule: halve η each time the validation accuracy has not improved for
    /// <see cref="SgdOptions.Patience"/> epochs, and stop once η falls below <see cref="SgdOptions.MinimumLearningRate"/>.
    /// </summary>
    HalveOnPlateau,
}
