namespace NndlPS.Core;

/// <summary>The floor under every other result: a class drawn uniformly at random for each image.</summary>
public static class RandomGuess
{
    /// <summary>Counts the images of <paramref name="test"/> whose label a seeded random guess hits.</summary>
    public static EvaluationResult Evaluate(ImageSet test, int seed)
    {
        ArgumentNullException.ThrowIfNull(test);
        var random = SeededRandom.Create(seed);
        return BaselineScore.Of(test, _ => random.Next(test.ClassCount));
    }
}
