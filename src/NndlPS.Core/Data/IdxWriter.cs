using System.Buffers.Binary;
using System.IO.Compression;

namespace NndlPS.Core;

/// <summary>
/// Writes a dataset back out as the four MNIST IDX files, gzip-compressed, so a subset or a converted CSV can
/// be shared and read by any MNIST loader. The training file holds Training then Validation, so importing it
/// with the same validation size gives back the same split. Each file is written under a temporary name and
/// renamed when complete: an interrupted export never leaves a file that looks whole.
/// </summary>
public static class IdxWriter
{
    public static IReadOnlyList<string> Export(MnistDataset dataset, string folder, bool overwrite = false)
    {
        Directory.CreateDirectory(folder);
        var targets = MnistFiles.All.Select(name => Path.Combine(folder, name + ".gz")).ToArray();
        if (!overwrite && targets.FirstOrDefault(File.Exists) is string existing)
        {
            throw new NndlException("ExportTargetExists", NndlErrorKind.InvalidArgument,
                $"'{existing}' already exists. Choose another folder, or pass -Force to replace it.", existing);
        }

        ImageSet[] trainingParts = [dataset.Training, dataset.Validation];
        Write(targets[0], trainingParts, images: true);
        Write(targets[1], trainingParts, images: false);
        Write(targets[2], [dataset.Test], images: true);
        Write(targets[3], [dataset.Test], images: false);
        return targets;
    }

    private static void Write(string path, ImageSet[] sets, bool images)
    {
        string partial = path + $".{Guid.NewGuid():N}.partial";
        try
        {
            using (var file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
            {
                int count = sets.Sum(set => set.Count);
                ImageSet shape = sets[0];
                Span<byte> header = stackalloc byte[16];
                header.Clear();
                header[2] = (byte)IdxElementType.UnsignedByte;
                header[3] = (byte)(images ? 3 : 1);
                BinaryPrimitives.WriteInt32BigEndian(header.Slice(4), count);
                BinaryPrimitives.WriteInt32BigEndian(header.Slice(8), shape.ImageRows);
                BinaryPrimitives.WriteInt32BigEndian(header.Slice(12), shape.ImageColumns);
                gzip.Write(header.Slice(0, images ? 16 : 8));
                foreach (ImageSet set in sets)
                {
                    if (images)
                    {
                        WritePixels(gzip, set);
                    }
                    else
                    {
                        gzip.Write(set.Labels);
                    }
                }
            }

            File.Move(partial, path, overwrite: true);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    private static void WritePixels(Stream output, ImageSet set)
    {
        if (!set.StoresFloats)
        {
            output.Write(set.BytePixels.Span);
            return;
        }

        // Float pixels (from the book's pickle) are quantised to the bytes IDX stores.
        ReadOnlySpan<float> pixels = set.FloatPixels.Span;
        var bytes = new byte[pixels.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            bytes[i] = (byte)MathF.Round(Math.Clamp(pixels[i], 0f, 1f) * ImageSet.PixelMaximum);
        }

        output.Write(bytes);
    }
}
