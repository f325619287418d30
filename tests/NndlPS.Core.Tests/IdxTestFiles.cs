using System.Buffers.Binary;
using System.IO.Compression;

namespace NndlPS.Core.Tests;

/// <summary>Writes IDX files byte by byte, independently of the code under test.</summary>
internal sealed class IdxTestFiles : IDisposable
{
    public IdxTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "nndlps-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public static byte[] Idx(byte type, int[] dimensions, byte[] data)
    {
        var bytes = new byte[4 + (4 * dimensions.Length) + data.Length];
        bytes[2] = type;
        bytes[3] = (byte)dimensions.Length;
        for (int d = 0; d < dimensions.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), dimensions[d]);
        }

        data.CopyTo(bytes, 4 + (4 * dimensions.Length));
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A complete, valid miniature MNIST: <paramref name="train"/> and <paramref name="test"/> images of rows×columns.</summary>
    public void WriteMnist(int train, int test, int rows = 3, int columns = 2, bool gzip = false)
    {
        foreach ((string images, string labels, int count) in new[]
                 { (MnistFiles.TrainingImages, MnistFiles.TrainingLabels, train), (MnistFiles.TestImages, MnistFiles.TestLabels, test) })
        {
            byte[] pixels = Enumerable.Range(0, count * rows * columns).Select(i => (byte)(i % 256)).ToArray();
            byte[] digits = Enumerable.Range(0, count).Select(i => (byte)(i % 10)).ToArray();
            byte[] imageFile = Idx(0x08, [count, rows, columns], pixels);
            byte[] labelFile = Idx(0x08, [count], digits);
            Write(images + (gzip ? ".gz" : ""), gzip ? Gzip(imageFile) : imageFile);
            Write(labels + (gzip ? ".gz" : ""), gzip ? Gzip(labelFile) : labelFile);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
