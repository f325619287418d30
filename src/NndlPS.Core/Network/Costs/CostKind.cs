namespace NndlPS.Core;

/// <summary>The costs the module knows, by the names the cmdlets use.</summary>
public enum CostKind
{
    /// <summary>C = ½‖a − y‖²: chapter 1.</summary>
    Quadratic,

    /// <summary>C = −Σ [y ln a + (1 − y) ln(1 − a)]: chapter 3, for sigmoid outputs.</summary>
    CrossEntropy,

    /// <summary>C = −ln a_y: chapter 3, for a softmax output layer.</summary>
    LogLikelihood,
}
