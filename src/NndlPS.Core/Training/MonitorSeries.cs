namespace NndlPS.Core;

/// <summary>network2.py's four monitoring flags: which series each epoch measures and carries.</summary>
[Flags]
public enum MonitorSeries
{
    None = 0,
    TrainingCost = 1,
    TrainingAccuracy = 2,
    EvaluationCost = 4,
    EvaluationAccuracy = 8,

    /// <summary>
    /// Chapter 5's speed of learning after each epoch: ‖δˡ‖ = ‖∂C/∂bˡ‖ of every hidden layer (a chapter-6 network's
    /// convolutional layers first) over the first 1,000 training images (<see cref="Gradients.LayerSpeedSamples"/>),
    /// measured without changing the training.
    /// </summary>
    LayerSpeed = 16,
}
