namespace NndlPS.Core;

/// <summary>The floor under every other result: a class drawn uniformly at random for each image.</summary>
public static class RandomGuess
{
    /// <summary>Counts the images of <paramref name="test"/> whose label a seeded random guess hits.</summary>
    public static EvaluationResult Evaluate(ImageSet test, int seed)
    {
        ArgumentNullException.ThrowIfNull(test);
        var random = new Random(seed);
        ReadOnlySpan<byte> labels = test.Labels;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (random.Next(test.ClassCount) == labels[i])
            {
                correct++;
            }
        }

        return new EvaluationResult(correct, test.Count);
    }
}
