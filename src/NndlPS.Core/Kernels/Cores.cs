namespace NndlPS.Core;

/// <summary>
/// How many threads "all cores" means: the one place it is decided, for training, evaluation, the baselines, sweeps
/// and the cmdlets' limits. More threads than cores only wait for each other (results are the same for any count,
/// see FixedLanes' rule R6).
/// </summary>
public static class Cores
{
    /// <summary>The cores this process may run on.</summary>
    public static int Count => Environment.ProcessorCount;

    /// <summary>The threads asked for, or all cores when none were.</summary>
    public static int Or(int? requested) => requested ?? Count;
}
