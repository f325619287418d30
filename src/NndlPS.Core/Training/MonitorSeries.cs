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
}
