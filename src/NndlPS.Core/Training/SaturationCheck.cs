namespace NndlPS.Core;

/// <summary>
/// Chapter 3's lesson about an η too large, said when it happens: the weights jump so far that the neurons saturate
/// (a sigmoid's σ′(z) ≈ 0 for |z| ≫ 1), learning stops, and the accuracy sits at chance, epoch after epoch, with
/// finite weights, so <c>TrainingDiverged</c> never fires. Checked only when an epoch's test accuracy is near chance
/// (at most 1.5 × 1/classes), so a run that learns pays nothing: then the output layer's activations on the first
/// <see cref="Sample"/> test images are looked at, and if most of them are pinned at 0 or 1 the run is told so.
/// </summary>
internal static class SaturationCheck
{
    /// <summary>Test images looked at: enough to tell "most outputs pinned" from chance, cheap beside an epoch.</summary>
    private const int Sample = 100;

    /// <summary>An output within this of 0 or 1: σ′ is below 0.001 there (σ′ = a(1 − a)), 1/250 of its peak.</summary>
    private const float Margin = 0.001f;

    /// <summary>The share of pinned outputs that counts as saturated.</summary>
    private const double SaturatedShare = 0.9;

    /// <summary>A warning when the network's outputs have saturated at chance accuracy; null otherwise.</summary>
    public static string? Check(Network network, ImageSet testData, EvaluationResult evaluation, float learningRate)
    {
        double chance = network.OutputSize == 1 ? 0.5 : 1.0 / network.OutputSize;
        if (evaluation.Total == 0 || evaluation.Accuracy > 1.5 * chance)
        {
            return null;
        }

        int count = Math.Min(Sample, testData.Count);
        long pinned = 0, outputs = 0;
        for (int i = 0; i < count; i++)
        {
            foreach (float a in network.FeedForward(testData.GetImage(i)))
            {
                outputs++;
                if (a <= Margin || a >= 1 - Margin)
                {
                    pinned++;
                }
            }
        }

        if (outputs == 0 || pinned < SaturatedShare * outputs)
        {
            return null;
        }

        return $"The accuracy, {evaluation.Accuracy:0.00%}, is no better than chance ({chance:0%}), and {(double)pinned / outputs:0%} of the output neurons' activations are pinned at 0 or 1: " +
            $"the neurons have saturated, where σ′ ≈ 0 and they barely learn. The learning rate η = {learningRate:G4} is likely too large: the steps throw the weights far out. Try a smaller -LearningRate (the book uses {SgdOptions.BookLearningRateText} for this network; chapter 3, 0.5 with the cross-entropy cost).";
    }
}
