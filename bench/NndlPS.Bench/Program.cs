using System.Globalization;
using NndlPS.Core;
using NndlPS.Bench;

// './build.ps1 Bench' runs this: the network configurations of issue #3 on real MNIST, then the FMA peak.
// Usage: NndlPS.Bench [--epochs N] [--mnist FOLDER] [--csv FILE] [--threads N] [--phases | --conv-phases | --alignment]
// --phases: the vector path, the phases of one mini-batch, the FMA peak and the products' share of it, then stop.
// --conv-phases: the same, then where chapter 6's #4 network spends an epoch at mini-batch 10 and 100, then stop.
// --alignment: the second convolutional layer's weight gradient with its operands at each distance from a cache line
//   (why the products' buffers are AlignedFloats), then stop.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
int epochs = 5;
string folder = DataFolders.ForDataset("mnist");
string? csv = null;
int? threads = null;
bool phasesOnly = args.Contains("--phases");
bool convPhases = args.Contains("--conv-phases");
bool alignment = args.Contains("--alignment");
args = args.Where(arg => arg is not "--phases" and not "--conv-phases" and not "--alignment").ToArray();
for (int i = 0; i < args.Length - 1; i += 2)
{
    switch (args[i])
    {
        case "--epochs": epochs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--mnist": folder = args[i + 1]; break;
        case "--csv": csv = args[i + 1]; break;
        case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
    }
}

if (alignment)
{
    AlignmentProbe.Print();
    return 0;
}

MnistDataset data = MnistLoader.Load(folder);
string path = NndlPS.Core.Kernels.KernelPaths.Supported[0].ToString();
Console.WriteLine($"vector path: {path} (the widest this process may use; DOTNET_EnableAVX512=0, DOTNET_EnableAVX2=0 or DOTNET_EnableHWIntrinsic=0 narrow it)");
(double productFlops, double products1, double productsAll) = PhaseProfile.Print(data, [784, 100, 10], 100);
(double peakOne, double peakAll, int width) = FmaPeak.Measure();
Console.WriteLine($"float32 FMA peak ({width}-bit vectors, registers only): {peakOne:F1} GFLOP/s on 1 core, {peakAll:F1} GFLOP/s on {Environment.ProcessorCount} cores");
double product1 = productFlops / products1 / 1e3, productAll = productFlops / productsAll / 1e3;
Console.WriteLine($"path {path}: the layer-1 products at {product1:F1} GFLOP/s on 1 thread ({100 * product1 / peakOne:F0}% of the 1-core peak), {productAll:F1} GFLOP/s on {Environment.ProcessorCount} ({100 * productAll / peakAll:F0}% of the all-core peak)");
Console.WriteLine();
if (convPhases)
{
    ConvPhaseProfile.Print(10, peakAll);
    ConvPhaseProfile.Print(100, peakAll);
    return 0;
}

if (phasesOnly)
{
    return 0;
}

var chapterThree = new NetworkDesign { Cost = CostKind.CrossEntropy, Initialization = WeightInitialization.ScaledGaussian };
var configurations = new (string Name, int[] Sizes, int Batch, NetworkDesign Design, SgdOptions Options)[]
{
    ("784-30-10", [784, 30, 10], 10, new NetworkDesign(), new SgdOptions()),
    ("784-100-10", [784, 100, 10], 10, new NetworkDesign(), new SgdOptions()),
    ("784-100-10", [784, 100, 10], 100, new NetworkDesign(), new SgdOptions()),
    ("784-800-10", [784, 800, 10], 100, new NetworkDesign(), new SgdOptions()),
    // Chapter 3's recipe: cross-entropy, N(0, 1/n_in) weights, L2 with λ = 5, η = 0.5.
    ("ch3 784-100-10", [784, 100, 10], 10, chapterThree, new SgdOptions { LearningRate = 0.5f, Lambda = 5f }),
};

Console.WriteLine($"{"network",-16} {"batch",5} {"s/epoch",8} {"train s",8} {"eval s",7} {"images/s",10} {"GFLOP/s",8} {"% 1-core",8} {"% all",6}  accuracy");
var rows = new List<string> { "network,batch,seconds_per_epoch,training_seconds,evaluation_seconds,images_per_second,gflops,percent_peak_one_core,percent_peak_all_cores,accuracy" };
foreach ((string name, int[] sizes, int batch, NetworkDesign design, SgdOptions recipe) in configurations)
{
    var network = Network.Create(sizes, design, seed: 1);
    using var trainer = new SgdTrainer(network, recipe with { Epochs = epochs, MiniBatchSize = batch, Seed = 1, Threads = threads });
    List<EpochResult> results = trainer.Train(data.Training, data.Test).ToList();
    EpochResult median = results.OrderBy(r => r.Seconds).ElementAt(results.Count / 2);
    double flops = FlopCount.Epoch(sizes, batch, data.Training.Count, data.Test.Count);
    double gflops = flops / median.Seconds / 1e9;
    double imagesPerSecond = data.Training.Count / median.TrainingTime.TotalSeconds;
    Console.WriteLine($"{name,-16} {batch,5} {median.Seconds,8:F3} {median.TrainingTime.TotalSeconds,8:F3} {median.EvaluationTime.TotalSeconds,7:F3} {imagesPerSecond,10:N0} {gflops,8:F1} {100 * gflops / peakOne,7:F1}% {100 * gflops / peakAll,5:F1}%  {results.Max(r => r.Accuracy ?? 0):P2}");
    rows.Add(string.Join(",", name, batch, median.Seconds, median.TrainingTime.TotalSeconds, median.EvaluationTime.TotalSeconds, imagesPerSecond, gflops, 100 * gflops / peakOne, 100 * gflops / peakAll, results.Max(r => r.Accuracy ?? 0)));
}

Console.WriteLine();
Console.WriteLine($"median of {epochs} epochs; one epoch = {data.Training.Count:N0} training images + {data.Test.Count:N0} evaluated; FLOPs counted as in bench/NndlPS.Bench/FlopCount.cs");
if (csv is not null)
{
    File.WriteAllLines(csv, rows);
}

return 0;
