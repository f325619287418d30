namespace NndlPS.Bench;

/// <summary>
/// Floating-point operations of one epoch, counting a multiply-add as 2: per training sample the forward
/// products w·a, the weight gradients δᵀ·a, and δ·w for every layer but the first; per mini-batch the update
/// of every parameter; per evaluated image one forward pass. Activations and bias additions are not counted.
/// </summary>
internal static class FlopCount
{
    public static double Epoch(int[] sizes, int batch, int trainingImages, int testImages)
    {
        double weights = 0, backwardProducts = 0, parameters = 0;
        for (int l = 1; l < sizes.Length; l++)
        {
            double layerWeights = (double)sizes[l] * sizes[l - 1];
            weights += layerWeights;
            parameters += layerWeights + sizes[l];
            if (l > 1)
            {
                backwardProducts += layerWeights;
            }
        }

        double perTrainingSample = (2 * weights) + (2 * weights) + (2 * backwardProducts);
        double updates = Math.Ceiling((double)trainingImages / batch) * 2 * parameters;
        return (trainingImages * perTrainingSample) + updates + (testImages * 2 * weights);
    }
}
