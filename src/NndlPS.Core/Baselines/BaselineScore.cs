namespace NndlPS.Core;

/// <summary>
/// Scores a baseline's guesses on a test set as Test-Network scores a network: the count it gets right, and the
/// confusion matrix of actual class by guessed class, so a baseline's result reads like a network's.
/// </summary>
internal static class BaselineScore
{
    /// <param name="test">The images guessed at.</param>
    /// <param name="guess">The baseline's class for image i of <paramref name="test"/>.</param>
    public static EvaluationResult Of(ImageSet test, Func<int, int> guess)
    {
        int classes = test.ClassCount;
        var counts = new int[classes * classes];
        ReadOnlySpan<byte> labels = test.Labels;
        int correct = 0;
        for (int i = 0; i < test.Count; i++)
        {
            int label = labels[i];
            int guessed = guess(i);
            counts[(label * classes) + guessed]++;
            if (guessed == label)
            {
                correct++;
            }
        }

        return new EvaluationResult(correct, test.Count, new ConfusionMatrix(test.ClassNames, counts));
    }
}
