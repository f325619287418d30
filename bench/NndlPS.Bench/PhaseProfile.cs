using System.Diagnostics;
using NndlPS.Core;
using NndlPS.Core.Kernels;

namespace NndlPS.Bench;

/// <summary>
/// Where one mini-batch's time goes: each phase of training [784,100,10] at mini-batch 100, timed alone, on one
/// thread and on all cores. Each figure is the fastest of many repetitions, the figure least disturbed by other
/// work on a shared machine, so the phases add up to a lower bound of a real mini-batch.
/// </summary>
internal static class PhaseProfile
{
    private const int Repetitions = 300;

    /// <summary>Prints the phases; returns the two layer-1 products' FLOPs and their µs on one thread and on all cores.</summary>
    public static (double Flops, double Micros1, double MicrosAll) Print(MnistDataset data, int[] sizes, int batch)
    {
        Console.WriteLine($"Phases of one mini-batch, [{string.Join(",", sizes)}] batch {batch} (µs, fastest of {Repetitions})");
        Console.WriteLine($"{"phase",-40} {"1 thread",9} {Environment.ProcessorCount + " threads",10}");
        var network = Network.CreateGaussian(sizes, seed: 1);
        int inputs = sizes[0], hidden = sizes[1], outputs = sizes[2];
        // A new random mini-batch each time, as in training: the gather's cost is mostly cache misses.
        int[] order = Enumerable.Range(0, data.Training.Count).ToArray();
        new Random(1).Shuffle(order);
        int next = 0;
        ReadOnlySpan<int> NextBatch()
        {
            if (next + batch > order.Length)
            {
                next = 0;
            }

            next += batch;
            return order.AsSpan(next - batch, batch);
        }

        float[] x = new float[batch * inputs], z1 = new float[batch * hidden], a1 = new float[batch * hidden];
        float[] z2 = new float[batch * outputs], d2 = new float[batch * outputs], d1 = new float[batch * hidden];
        float[] nablaB = new float[hidden];
        Layer first = network.Layers[0], second = network.Layers[1];
        double total1 = 0, totalAll = 0, products1 = 0, productsAll = 0;
        using var one = new ParallelKernels(1);
        using var all = new ParallelKernels(Environment.ProcessorCount);

        void Row(string name, Action<ParallelKernels> phase, bool layerOneProduct = false)
        {
            WarmUp(() => phase(one));
            WarmUp(() => phase(all));
            double t1 = Fastest(() => phase(one)), tAll = Fastest(() => phase(all));
            total1 += t1;
            totalAll += tAll;
            if (layerOneProduct)
            {
                products1 += t1;
                productsAll += tAll;
            }

            Console.WriteLine($"{name,-40} {t1,9:F1} {tAll,10:F1}");
        }

        Row("gather + bytes to floats", _ => data.Training.CopyImages(NextBatch(), x));
        Row("forward layer 1: z = w·a + b", k => k.MultiplyByTransposed(x, first.Weights, z1, batch, hidden, inputs, first.Biases), layerOneProduct: true);
        Row("sigmoid", _ => SigmoidActivation.Instance.Activate(z1, a1, hidden));
        Row("forward layer 2 + output error", k =>
        {
            k.MultiplyByTransposed(a1, second.Weights, z2, batch, outputs, hidden, second.Biases);
            SigmoidActivation.Instance.Activate(z2, d2, outputs);
        });
        Row("BP2: δ¹ = δ²·w² ⊙ σ′", k =>
        {
            k.Multiply(d2, second.Weights, d1, batch, hidden, outputs);
            SigmoidActivation.Instance.MultiplyByDerivative(z1, a1, d1, hidden);
        });
        Row("BP3: Σ δ over the batch", _ => MatrixKernels.SumRows(d1, batch, hidden, nablaB));
        Row("BP4 + step, layer 2", k => k.MultiplyTransposedBy(d2, a1, second.Weights, outputs, hidden, batch, alpha: -1e-9f, beta: 1f));
        Row("BP4 + step, layer 1: w += α·δᵀa", k => k.MultiplyTransposedBy(d1, x, first.Weights, hidden, inputs, batch, alpha: -1e-9f, beta: 1f), layerOneProduct: true);
        Console.WriteLine($"{"sum of the phases",-40} {total1,9:F1} {totalAll,10:F1}");
        double flops = 2.0 * 2 * batch * hidden * inputs;
        Console.WriteLine($"the two layer-1 products: {flops / 1e6:F1} MFLOP per mini-batch");
        Console.WriteLine();
        return (flops, products1, productsAll);
    }

    private static void WarmUp(Action step) => Timing.WarmUp(step, 500);

    private static double Fastest(Action step) => Timing.Fastest(step, Repetitions);
}
