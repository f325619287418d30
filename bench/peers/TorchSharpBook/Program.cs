// The book's runs in LibTorch 2.10 through TorchSharp, as speed peers for './build.ps1 Bench -Peers'. One project
// for both chapters, so the benchmark builds and copies LibTorch's native libraries (~0.5 GB) once.
//
// Chapter 1 (this file): the same network, sigmoid neurons, quadratic cost (0.5 · squared error summed over
// outputs, averaged over the mini-batch), mini-batch SGD, the same MNIST (read by NndlPS.Core; loading is not
// timed). LibTorch uses every core, as NndlPS does.
// Usage: TorchSharpBook <mnist folder> <sizes, e.g. 784,100,10> <mini-batch> <epochs> [eta]
// Prints one line per epoch: "epoch <j> <seconds: training + evaluation> <correct>", as bench/peers/*.py do.
//
// Chapter 6 (Conv.cs): TorchSharpBook conv [options]; see there.
using System.Diagnostics;
using System.Globalization;
using NndlPS.Core;
using TorchSharp;
using static TorchSharp.torch;

if (args is ["conv", ..])
{
    return Conv.Run(args[1..]);
}

string folder = args[0];
int[] sizes = args[1].Split(',').Select(int.Parse).ToArray();
int batch = int.Parse(args[2], CultureInfo.InvariantCulture), epochs = int.Parse(args[3], CultureInfo.InvariantCulture);
double eta = args.Length > 4 ? double.Parse(args[4], CultureInfo.InvariantCulture) : 3.0;
manual_seed(1);
MnistDataset data = MnistLoader.Load(folder);

(Tensor trainX, Tensor trainY) = MnistTensors.From(data.Training, data.Training.InputSize);
(Tensor testX, Tensor testY) = MnistTensors.From(data.Test, data.Test.InputSize);
Tensor targets = nn.functional.one_hot(trainY, sizes[^1]).to(ScalarType.Float32);
var layers = new List<nn.Module<Tensor, Tensor>>();
for (int l = 1; l < sizes.Length; l++)
{
    var linear = nn.Linear(sizes[l - 1], sizes[l]);
    nn.init.normal_(linear.weight!);
    nn.init.normal_(linear.bias!);
    layers.Add(linear);
    layers.Add(nn.Sigmoid());
}

var model = nn.Sequential(layers.ToArray());
var optimizer = optim.SGD(model.parameters(), eta);
long n = trainX.shape[0];
for (int epoch = 0; epoch < epochs; epoch++)
{
    var clock = Stopwatch.StartNew();
    using (var scope = NewDisposeScope())
    {
        Tensor order = randperm(n);
        for (long k = 0; k < n; k += batch)
        {
            using var inner = NewDisposeScope();
            Tensor idx = order.slice(0, k, Math.Min(n, k + batch), 1);
            Tensor output = model.forward(trainX.index_select(0, idx));
            Tensor loss = (output - targets.index_select(0, idx)).pow(2).sum(1).mean() * 0.5;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
    }

    long correct;
    using (no_grad())
    using (var scope = NewDisposeScope())
    {
        correct = model.forward(testX).argmax(1).eq(testY).sum().item<long>();
    }

    Console.WriteLine(FormattableString.Invariant($"epoch {epoch} {clock.Elapsed.TotalSeconds:F4} {correct}"));
}

return 0;
