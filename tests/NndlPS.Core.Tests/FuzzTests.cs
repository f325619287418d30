using System.Text;

namespace NndlPS.Core.Tests;

/// <summary>
/// Thousands of mutated IDX, gzip, CSV and pickle files: every one must load or fail with
/// <see cref="NndlException"/> — never hang, crash, or throw anything else.
/// </summary>
public class FuzzTests
{
    private const int MutantsPerSeed = 750;

    public static TheoryData<string> Formats() => new() { "idx", "idx.gz", "csv", "pickle", "pickle.gz" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Mutated_files_load_or_fail_with_our_error(string format)
    {
        byte[] seed = Seed(format);
        var random = new Random(format.GetHashCode(StringComparison.Ordinal) & 0x7fffffff);
        using var files = new IdxTestFiles();
        int loaded = 0, refused = 0;
        for (int i = 0; i < MutantsPerSeed; i++)
        {
            byte[] mutant = Mutate(seed, random);
            string outcome = Load(format, mutant, files);
            if (outcome == "loaded")
            {
                loaded++;
            }
            else if (outcome == "refused")
            {
                refused++;
            }
            else
            {
                Assert.Fail($"{format} mutant {i} threw {outcome}");
            }
        }

        Assert.Equal(MutantsPerSeed, loaded + refused);
        Assert.True(refused > 0, "the mutations should break some files");
    }

    private static string Load(string format, byte[] bytes, IdxTestFiles files)
    {
        var options = new DatasetLoadOptions { ValidationSize = 1 };
        try
        {
            if (format.StartsWith("idx", StringComparison.Ordinal))
            {
                string suffix = format == "idx.gz" ? ".gz" : "";
                using var folder = new IdxTestFiles();
                folder.WriteMnist(train: 4, test: 2, rows: 3, columns: 3, gzip: format == "idx.gz");
                folder.Write(MnistFiles.TrainingImages + suffix, bytes);
                MnistLoader.LoadFolder(folder.Folder, options);
            }
            else if (format == "csv")
            {
                string training = files.Write("mutant_train.csv", bytes);
                string test = files.Write("mutant_test.csv", Encoding.ASCII.GetBytes("1," + string.Join(",", Enumerable.Repeat("0", 9))));
                MnistLoader.LoadFiles([training, test], options);
            }
            else
            {
                MnistLoader.LoadFiles([files.Write(format == "pickle.gz" ? "mnist.pkl.gz" : "mnist.pkl", bytes)], options);
            }

            return "loaded";
        }
        catch (NndlException)
        {
            return "refused";
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message}";
        }
    }

    private static byte[] Seed(string format) => format switch
    {
        "idx" => IdxTestFiles.Idx(0x08, [4, 3, 3], Enumerable.Range(0, 36).Select(i => (byte)(i * 7)).ToArray()),
        "idx.gz" => IdxTestFiles.Gzip(IdxTestFiles.Idx(0x08, [4, 3, 3], Enumerable.Range(0, 36).Select(i => (byte)(i * 7)).ToArray())),
        "csv" => Encoding.ASCII.GetBytes(string.Join("\n", Enumerable.Range(0, 4).Select(r => $"{r},1,2,3,4,5,6,7,8,{r * 30}"))),
        "pickle" => PickleTestFiles.BookPickle([3, 2, 2], 4, python3: false),
        _ => IdxTestFiles.Gzip(PickleTestFiles.BookPickle([3, 2, 2], 4, python3: true)),
    };

    /// <summary>One to four random edits: flip a byte, cut the file, duplicate a run, insert noise.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int edits = random.Next(1, 5);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(5))
            {
                case 0: bytes[at] = (byte)random.Next(256); break;
                case 1: bytes.RemoveRange(at, bytes.Count - at); break;
                case 2: bytes.InsertRange(at, bytes.GetRange(at, Math.Min(8, bytes.Count - at))); break;
                case 3: bytes.Insert(at, (byte)random.Next(256)); break;
                default: bytes[at] = (byte)(bytes[at] ^ (1 << random.Next(8))); break;
            }
        }

        return bytes.ToArray();
    }
}
