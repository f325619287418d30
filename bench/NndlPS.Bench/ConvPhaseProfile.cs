using System.Diagnostics;
using NndlPS.Core;
using NndlPS.Core.Kernels;

namespace NndlPS.Bench;

/// <summary>
/// Where chapter 6's time goes: each step of one mini-batch of the book's #4 network (conv 20@5×5, pool 2, ReLU →
/// conv 40@5×5, pool 2, ReLU → FC 100 ReLU → softmax 10), timed alone on one thread and on all cores, and the whole
/// mini-batch as training runs it. Each step's figure is the fastest of many repetitions (the least disturbed on a shared
/// machine), scaled to a 50,000-image epoch, so a reader sees which step costs seconds and which products run near
/// the FMA peak. The whole mini-batch is the mean of many in a row: its gap to the sum of the steps is what the steps
/// cost each other (data moving between the cores' caches, shares handed out), which the steps alone cannot show.
/// </summary>
internal static class ConvPhaseProfile
{
    private const int Repetitions = 60;

    public static void Print(int batch, double peakAll)
    {
        var network = Network.Create(new ImageShape(1, 28, 28),
        [
            new ConvPoolLayerDesign(20, 5, 2, ActivationKind.ReLU), new ConvPoolLayerDesign(40, 5, 2, ActivationKind.ReLU),
            new FullyConnectedLayerDesign(100, ActivationKind.ReLU), new SoftmaxLayerDesign(10),
        ], seed: 1);
        double epoch = 50_000.0 / batch;
        int threads = Environment.ProcessorCount;
        Console.WriteLine($"Chapter 6's #4 network, mini-batch {batch}: each step's seconds per 50,000-image epoch (fastest of {Repetitions})");
        Console.WriteLine($"{"step",-44} {"1 thread",9} {threads + " threads",10} {"GFLOP/s",8} {"% peak",7}");
        using var one = new ParallelKernels(1);
        using var all = new ParallelKernels(threads);
        var random = new Random(1);
        ConvPoolLayer first = network.ConvolutionalLayers[0], second = network.ConvolutionalLayers[1];
        double sumOne = 0, sumAll = 0;

        void Row(string name, Action<ParallelKernels> step, double flops = 0, bool counted = true)
        {
            WarmUp(() => step(one));
            WarmUp(() => step(all));
            double t1 = Fastest(() => step(one)) * epoch / 1e6, tAll = Fastest(() => step(all)) * epoch / 1e6;
            if (counted)
            {
                sumOne += t1;
                sumAll += tAll;
            }

            string speed = flops > 0 ? $"{flops * epoch / tAll / 1e9,8:F1} {100 * flops * epoch / tAll / 1e9 / peakAll,6:F0}%" : string.Empty;
            Console.WriteLine($"{name,-44} {t1,9:F2} {tAll,10:F2} {speed}");
        }

        float[] Filled(long length)
        {
            var values = new float[length];
            for (long i = 0; i < length; i++)
            {
                values[i] = (float)(random.NextDouble() - 0.3);
            }

            return values;
        }

        // The products' buffers start on a cache line, as training's do (AlignedFloats).
        AlignedFloats FilledAligned(long length)
        {
            var values = new AlignedFloats(length);
            Filled(length).CopyTo(values.Span);
            return values;
        }

        // The buffers of ConvPoolPass, by the shapes of Convolution's class comment.
        ImageShape input = first.InputShape;
        int p1 = first.ConvolvedHeight * first.ConvolvedWidth, p2 = second.ConvolvedHeight * second.ConvolvedWidth;
        int k1 = first.WeightsPerFilter, k2 = second.WeightsPerFilter, f1 = first.Filters, f2 = second.Filters;
        int pooled1 = (int)first.OutputShape.Size, pooled2 = (int)second.OutputShape.Size;
        float[] images = Filled((long)batch * input.Size);
        AlignedFloats columns1 = new((long)k1 * batch * p1), convolved1 = FilledAligned((long)f1 * batch * p1);
        AlignedFloats columns2 = new((long)k2 * batch * p2), convolved2 = FilledAligned((long)f2 * batch * p2);
        float[] z1 = Filled(batch * pooled1), a1 = Filled(batch * pooled1), z2 = Filled(batch * pooled2), a2 = Filled(batch * pooled2);
        int[] where1 = new int[batch * pooled1], where2 = new int[batch * pooled2];
        float[] errors1 = Filled(batch * pooled1), errors2 = Filled(batch * pooled2);
        AlignedFloats convolvedErrors1 = FilledAligned((long)f1 * batch * p1), convolvedErrors2 = FilledAligned((long)f2 * batch * p2);
        AlignedFloats columnErrors2 = new((long)k2 * batch * p2);
        float[] gradient1 = new float[first.Weights.Length], gradient2 = new float[second.Weights.Length];
        float[] biasGradient1 = new float[f1], biasGradient2 = new float[f2];
        Convolution.Unfold(images, input, 5, batch, columns1, 0, batch);
        Convolution.Unfold(a1, second.InputShape, 5, batch, columns2, 0, batch);
        Convolution.MaxPool(convolved1, f1, first.ConvolvedHeight, first.ConvolvedWidth, 2, batch, first.Biases, z1, where1, 0, batch);
        Convolution.MaxPool(convolved2, f2, second.ConvolvedHeight, second.ConvolvedWidth, 2, batch, second.Biases, z2, where2, 0, batch);
        IUpdateRule rule = new GradientDescentRule(1e-9f, 1f, 50_000);

        Row("conv 1: unfold", _ => Convolution.Unfold(images, input, 5, batch, columns1, 0, batch));
        // The by-sample products as training runs them (ConvPoolPass): each thread its share of the samples, a few at a
        // time, their columns in a few contiguous kilobytes.
        int chunk = ConvPoolPass.SamplesPerChunk(network.ConvolutionalLayers, batch, forTraining: true);
        var forward1 = new ChunkedProducts(first, batch, chunk, forward: true, convolvedErrors1, random);
        var forward2 = new ChunkedProducts(second, batch, chunk, forward: true, convolvedErrors2, random);
        var backward2 = new ChunkedProducts(second, batch, chunk, forward: false, convolvedErrors2, random);
        Console.WriteLine($"  (the by-sample products in chunks of {chunk} samples per thread, as training runs them)");
        Row("conv 1: w·columns", forward1.Run, 2.0 * f1 * k1 * batch * p1);
        Row("conv 1: max-pool + bias", _ => Convolution.MaxPool(convolved1, f1, first.ConvolvedHeight, first.ConvolvedWidth, 2, batch, first.Biases, z1, where1, 0, batch));
        Row("conv 1: ReLU", _ => first.Activation.Activate(z1, a1, pooled1));
        Row("conv 2: unfold", _ => Convolution.Unfold(a1, second.InputShape, 5, batch, columns2, 0, batch));
        Row("conv 2: w·columns", forward2.Run, 2.0 * f2 * k2 * batch * p2);
        Row("conv 2: max-pool + bias", _ => Convolution.MaxPool(convolved2, f2, second.ConvolvedHeight, second.ConvolvedWidth, 2, batch, second.Biases, z2, where2, 0, batch));
        Row("conv 2: ReLU", _ => second.Activation.Activate(z2, a2, pooled2));
        Row("conv 2 back: σ′, unpool", _ =>
        {
            second.Activation.MultiplyByDerivative(z2, a2, errors2, pooled2);
            Convolution.Unpool(errors2, where2, f2, p2, 16, batch, convolvedErrors2, 0, batch);
        });
        // Training sends the error down from the pools' winners alone (ErrorSentDown); the dense product and the fold
        // it replaces are timed too, for comparison, outside the sum.
        Row("conv 2 back: wᵀ·δ, fold, from the winners", _ => ErrorSentDown.ThroughWinners(second.Weights, errors2, where2, f2, p2, 16, batch,
            second.InputShape, 5, columnErrors2.Span, errors1, 0, batch));
        Row("  (dense wᵀ·δ, not in the sum)", backward2.Run, 2.0 * f2 * k2 * batch * p2, counted: false);
        Row("  (dense fold, not in the sum)", _ => Convolution.Fold(columnErrors2, second.InputShape, 5, batch, errors1, 0, batch), counted: false);
        // The sums over the samples and the steps, shared by weights and filters as training shares them (ConvPoolPass).
        long gradientWork = ((long)f1 * k1 * p1 + ((long)f2 * k2 * p2)) * batch;
        var gradient2Shares = new GradientShares(second, convolvedErrors2, a1, errors2, gradient2, biasGradient2, columns2, batch, rule, gradientWork, Math.Max(k1, k2));
        Row("conv 2 back: ∂C/∂w = δ·columnsᵀ, Σδ, step", gradient2Shares.Run, 2.0 * f2 * k2 * batch * p2);
        Row("conv 1 back: σ′, unpool", _ =>
        {
            first.Activation.MultiplyByDerivative(z1, a1, errors1, pooled1);
            Convolution.Unpool(errors1, where1, f1, p1, 144, batch, convolvedErrors1, 0, batch);
        });
        var gradient1Shares = new GradientShares(first, convolvedErrors1, images, errors1, gradient1, biasGradient1, columns1, batch, rule, gradientWork, Math.Max(k1, k2));
        Row("conv 1 back: ∂C/∂w = δ·columnsᵀ, Σδ, step", gradient1Shares.Run, 2.0 * f1 * k1 * batch * p1);
        Console.WriteLine($"{"sum of the steps above",-44} {sumOne,9:F2} {sumAll,10:F2}");
        Console.WriteLine("  (unfolding, pooling, folding and the error sent from the winners are timed on one thread here; training shares them by samples)");

        // The whole mini-batch as training runs it: the fully connected layers, the softmax and the copies included.
        double whole1 = WholeBatch(network, batch, 1) * epoch / 1e6, wholeAll = WholeBatch(network, batch, threads) * epoch / 1e6;
        Console.WriteLine($"{"whole mini-batch, mean of 300 in a row",-44} {whole1,9:F2} {wholeAll,10:F2} {9.2e6 * 50_000 / wholeAll / 1e9,8:F1} {100 * 9.2e6 * 50_000 / wholeAll / 1e9 / peakAll,6:F0}%");
        Console.WriteLine();
    }

    private static double WholeBatch(Network network, int batch, int threads)
    {
        using var backprop = new Backpropagation(network.Clone(), batch, threads);
        var random = new Random(2);
        Span<float> inputs = backprop.Inputs(batch);
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = (float)random.NextDouble();
        }

        backprop.SetOneHotTargets(Enumerable.Range(0, batch).Select(s => (byte)(s % 10)).ToArray());
        IUpdateRule rule = new GradientDescentRule(1e-9f, 1f, 50_000);
        WarmUp(() => backprop.Backprop(batch, rule, withDropout: true));
        // The mean, not the fastest: in training the mini-batches follow each other, and what one costs the next
        // (data left in the other core's cache, a helper that has to be woken) is part of the price.
        const int count = 300;
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            backprop.Backprop(batch, rule, withDropout: true);
        }

        return Stopwatch.GetElapsedTime(start).TotalMicroseconds / count;
    }

    private static void WarmUp(Action step) => Timing.WarmUp(step, 300);

    /// <summary>
    /// One layer's part of training's last hand-off (ConvPoolPass.GradientAndStep: the weight gradient, the bias sums
    /// and the steps), in as many shares as training cuts both layers' into (<paramref name="multiplyAdds"/>: both
    /// layers' weight-gradient multiply-adds; <paramref name="widestFilter"/>: the most weights per filter of either).
    /// </summary>
    private sealed class GradientShares(ConvPoolLayer layer, AlignedFloats convolvedErrors, float[] inputs, float[] errors, float[] weightGradient,
        float[] biasGradient, AlignedFloats columns, int m, IUpdateRule rule, long multiplyAdds, int widestFilter) : IShareWork
    {
        private int _shares;

        public void Run(ParallelKernels kernels)
        {
            _shares = kernels.SharesFor(widestFilter, multiplyAdds);
            kernels.RunShares(_shares, this);
        }

        public void RunShare(int share) =>
            ConvPoolPass.GradientAndStep(layer, convolvedErrors, inputs, errors, weightGradient, biasGradient, columns, m, rule, 0, share, _shares);
    }

    /// <summary>
    /// A convolutional layer's by-sample product as ConvPoolPass runs it in training: the batch's samples shared between
    /// the threads, each thread's a chunk at a time. Forward, convolved = w · columns of the chunk; backward, the chunk's
    /// columns of wᵀ · δ (δ in the batch's layout) into a contiguous buffer.
    /// </summary>
    private sealed class ChunkedProducts : IShareWork
    {
        private readonly ConvPoolLayer _layer;
        private readonly int _m, _chunk, _positions;
        private readonly bool _forward;
        private readonly AlignedFloats _errors;
        private readonly AlignedFloats[] _inputs, _outputs; // one of each per share: threads never write the same buffer
        private int _shares;

        public ChunkedProducts(ConvPoolLayer layer, int m, int chunk, bool forward, AlignedFloats errors, Random random)
        {
            _layer = layer;
            _m = m;
            _chunk = chunk;
            _forward = forward;
            _errors = errors;
            _positions = layer.ConvolvedHeight * layer.ConvolvedWidth;
            int shares = Environment.ProcessorCount, k = layer.WeightsPerFilter, f = layer.Filters;
            _inputs = new AlignedFloats[shares];
            _outputs = new AlignedFloats[shares];
            for (int s = 0; s < shares; s++)
            {
                float[] images = new float[chunk * layer.InputShape.Size];
                for (int i = 0; i < images.Length; i++)
                {
                    images[i] = (float)random.NextDouble();
                }

                _inputs[s] = new AlignedFloats((long)k * chunk * _positions);
                Convolution.Unfold(images, layer.InputShape, layer.FilterSize, chunk, _inputs[s], 0, chunk);
                _outputs[s] = new AlignedFloats((long)(forward ? f : k) * chunk * _positions);
            }
        }

        public void Run(ParallelKernels kernels)
        {
            _shares = Math.Min(kernels.Threads, _m);
            kernels.RunShares(_shares, this);
        }

        public void RunShare(int share)
        {
            (int from, int to) = ParallelKernels.SampleShare(_m, share, _shares);
            int k = _layer.WeightsPerFilter, f = _layer.Filters;
            for (int first = from; first < to; first += _chunk)
            {
                int samples = Math.Min(_chunk, to - first), columns = samples * _positions;
                if (_forward)
                {
                    MatrixKernels.MultiplyStrided(_layer.Weights, aRowStride: k, aInnerStride: 1, _inputs[share], _outputs[share], rows: f, columns: columns,
                        inner: k, alpha: 1f, beta: 0f, rowFrom: 0, rowTo: f, columnFrom: 0, columnTo: columns);
                }
                else
                {
                    MatrixKernels.MultiplyStrided(_layer.Weights, aRowStride: 1, aInnerStride: k, _errors, _outputs[share], rows: k, columns: _m * _positions,
                        inner: f, alpha: 1f, beta: 0f, rowFrom: 0, rowTo: k, columnFrom: first * _positions, columnTo: (first + samples) * _positions,
                        cRowStride: columns, cFirstColumn: first * _positions);
                }
            }
        }
    }

    private static double Fastest(Action step) => Timing.Fastest(step, Repetitions);
}
