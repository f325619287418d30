using NndlPS.Core.Kernels;

namespace NndlPS.Core;

/// <summary>
/// How one mini-batch's gradient changes a layer's weights and biases: the step at the end of network.py's
/// <c>update_mini_batch</c>. <see cref="Backpropagation"/> calls it for each layer as soon as that layer's error δˡ
/// is known, so the rule can fold the step into the BP4 product and ∂C/∂w is never written out.
/// </summary>
internal interface IUpdateRule
{
    /// <summary>η; a learning-rate schedule changes it between epochs.</summary>
    float LearningRate { get; set; }

    /// <param name="index">Index l of the layer, 0 = the first after the input.</param>
    /// <param name="layer">The layer, whose wˡ and bˡ the rule changes.</param>
    /// <param name="errors">δˡ, one row of <see cref="Layer.OutputSize"/> per sample (m rows).</param>
    /// <param name="activationsBelow">aˡ⁻¹, one row of <see cref="Layer.InputSize"/> per sample.</param>
    /// <param name="biasGradient">∂C/∂bˡ = Σₛ δˡ[s] (BP3, summed over the batch).</param>
    /// <param name="m">Samples in the mini-batch.</param>
    /// <param name="kernels">The caller's kernels, for the BP4 product ∂C/∂wˡ = (δˡ)ᵀ · aˡ⁻¹.</param>
    void UpdateLayer(int index, Layer layer, float[] errors, float[] activationsBelow, ReadOnlySpan<float> biasGradient, int m, ParallelKernels kernels);

    /// <summary>
    /// The same step for weights [<paramref name="from"/>, <paramref name="to"/>) of a layer whose gradient is already
    /// written out (a convolutional layer's, summed over its positions and the batch), element by element, the same
    /// operations on every path. So a layer stepped in parts, on several threads at once (each its own part, as
    /// <see cref="ConvPoolPass"/> steps the weights whose gradient each thread computed), is the same bits as stepped whole.
    /// </summary>
    /// <param name="index">The layer's index to the rule: after the fully connected layers' (see <see cref="ConvPoolPass.Backward"/>).</param>
    /// <param name="weights">The layer's weights, changed in place.</param>
    /// <param name="weightGradient">∂C/∂w summed over the batch.</param>
    /// <param name="from">The first weight to step.</param>
    /// <param name="to">One past the last.</param>
    /// <param name="m">Samples in the mini-batch.</param>
    void StepWeights(int index, float[] weights, ReadOnlySpan<float> weightGradient, int from, int to, int m);

    /// <summary><see cref="StepWeights"/> for biases [<paramref name="from"/>, <paramref name="to"/>), with ∂C/∂b summed over the batch.</summary>
    void StepBiases(int index, float[] biases, ReadOnlySpan<float> biasGradient, int from, int to, int m);
}
