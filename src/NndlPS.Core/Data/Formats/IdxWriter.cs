using System.Buffers.Binary;
using System.IO.Compression;

namespace NndlPS.Core;

/// <summary>
/// Writes a dataset back out as the four MNIST IDX files, gzip-compressed, so a subset or a converted CSV can
/// be shared and read by any MNIST loader. The training file holds Training then Validation, so importing it
/// with the same validation size gives back the same split.
/// <para>The four files are written as a set: each under a temporary name first, then a checksum file naming all
/// four (<see cref="ExportManifest"/>) is renamed into place, then the four files. Interrupted before that rename,
/// the folder still holds the old set; after it, an import compares every file with its checksum and refuses a
/// mix of old and new instead of reading it as a dataset.</para>
/// </summary>
public static class IdxWriter
{
    /// <param name="dataset">The sets to write.</param>
    /// <param name="folder">The folder to write to; created if needed, in a folder that exists.</param>
    /// <param name="overwrite">Replace an export, or any MNIST files, already in the folder.</param>
    /// <param name="warn">Told when pixels had to be changed to fit IDX's bytes.</param>
    /// <exception cref="NndlException">The folder is a file, its parent folder is missing, it holds MNIST files already (or a link or device in place of one), or it cannot be written.</exception>
    public static IReadOnlyList<string> Export(MnistDataset dataset, string folder, bool overwrite = false, Action<string>? warn = null)
    {
        folder = FilePath.Require(folder);
        if (File.Exists(folder))
        {
            throw new NndlException("ExportPathIsFile", NndlErrorKind.InvalidArgument,
                $"'{folder}' is a file. Export-Mnist writes four files into a folder: give -Path a folder (it is created if needed).", folder);
        }

        // The folder itself is created, as its help says; the folders above it are not, as for every export.
        if (Path.GetDirectoryName(folder) is string parent)
        {
            ExportTarget.RequireFolder(parent, folder);
        }

        var targets = MnistFiles.All.Select(name => Path.Combine(folder, name + ".gz")).ToArray();
        string manifest = Path.Combine(folder, ExportManifest.FileName);
        foreach (string target in targets.Append(manifest))
        {
            FilePath.Require(target, forWriting: true);
            ExportTarget.RequireReplaceable(target);
        }

        long clamped = 0;
        bool created = !Directory.Exists(folder);
        try
        {
            Directory.CreateDirectory(folder);
            if (!overwrite)
            {
                // Any spelling counts: a raw file beside our .gz would otherwise be what an import reads.
                string? existing = MnistFiles.All.SelectMany(MnistFiles.Spellings).Append(ExportManifest.FileName)
                    .Select(name => Path.Combine(folder, name)).FirstOrDefault(File.Exists);
                if (existing is not null)
                {
                    throw new NndlException("ExportTargetExists", NndlErrorKind.InvalidArgument,
                        $"'{existing}' already exists, and an import of the folder could mix it with the export. Choose another folder, or pass -Force to replace it.", existing);
                }
            }

            PartialFiles.DeleteStale(folder);
            string[] partials = targets.Select(PartialFiles.For).ToArray();
            string manifestPartial = PartialFiles.For(manifest);
            try
            {
                ImageSet[] trainingParts = [dataset.Training, dataset.Validation];
                clamped += Write(partials[0], trainingParts, images: true);
                Write(partials[1], trainingParts, images: false);
                clamped += Write(partials[2], [dataset.Test], images: true);
                Write(partials[3], [dataset.Test], images: false);
                WriteDurably(manifestPartial, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(
                    ExportManifest.Format(targets.Select((target, i) => (Path.GetFileName(target), partials[i])), dataset.Validation.Count,
                        DatasetCatalog.ByClassNames(dataset.ClassNames)?.FolderName))));

                // Every file is on disk before the first rename: after a crash the disk must not hold a renamed file
                // (or a manifest) whose contents never reached it, an empty or partial file under its final name.
                // Without -Force the manifest's move is the claim on the folder: a no-replace move (link(2), see
                // NoReplaceMove), so of two exports racing into one folder exactly one wins, and the other replaces
                // nothing, however their steps interleave.
                BeforePublish?.Invoke(folder);
                Publish(manifestPartial, manifest, overwrite);
                for (int i = 0; i < targets.Length; i++)
                {
                    Publish(partials[i], targets[i], overwrite);
                }
            }
            finally
            {
                foreach (string partial in partials.Append(manifestPartial))
                {
                    AtomicFile.DeleteQuietly(partial); // a no-op once renamed into place; never replaces the error on its way
                }

                if (created)
                {
                    RemoveIfEmpty(folder); // a failed export into a folder it made leaves no empty folder
                }
            }
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new NndlException("ExportAccessDenied", NndlErrorKind.AccessDenied,
                $"Export-Mnist may not write in '{folder}' ({ex.Message}). Choose a folder you can write to.", folder, ex);
        }
        catch (IOException ex)
        {
            throw new NndlException("ExportFailed", NndlErrorKind.WriteFailed,
                $"Export-Mnist could not write to '{folder}': {ex.Message} Nothing was replaced; check the path and the free space, and try again.", folder, ex);
        }

        if (clamped > 0)
        {
            warn?.Invoke($"{clamped:N0} pixels of {dataset.Name} were outside [0, 1] and were written as 0 or 255: IDX stores each pixel " +
                "as one byte, 0 to 255 for 0 to 1. Scale the pixels into [0, 1] first to keep them as they are.");
        }

        return targets;
    }

    /// <summary>
    /// Test hook: runs between writing the files and the first rename, where a racing export can interleave. Per
    /// thread, so a test that sets it touches no export running in parallel.
    /// </summary>
    [ThreadStatic]
    internal static Action<string>? BeforePublish;

    /// <exception cref="NndlException"><c>ExportTargetExists</c> when, without <paramref name="overwrite"/>, another export put a file there first.</exception>
    private static void Publish(string partial, string target, bool overwrite)
    {
        try
        {
            if (overwrite)
            {
                File.Move(partial, target, overwrite: true);
            }
            else
            {
                NoReplaceMove.Move(partial, target);
            }
        }
        catch (IOException) when (!overwrite && File.Exists(target))
        {
            throw new NndlException("ExportTargetExists", NndlErrorKind.InvalidArgument,
                $"'{target}' was created by someone else while this export was writing (another Export-Mnist into the same folder?). " +
                "Nothing of theirs was replaced. Choose another folder, or pass -Force to replace it.", target);
        }
    }

    /// <summary>Removes <paramref name="folder"/> if nothing is in it (after a success it holds the export).</summary>
    private static void RemoveIfEmpty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Leaving an empty folder is harmless; the export's own error is what the user needs.
        }
    }

    /// <summary>Writes one IDX .gz file; returns how many pixels had to be clamped into [0, 1].</summary>
    private static long Write(string path, ImageSet[] sets, bool images)
    {
        long clamped = 0;
        WriteDurably(path, file =>
        {
            using var gzip = new GZipStream(file, CompressionLevel.Optimal, leaveOpen: true);
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
                    clamped += WritePixels(gzip, set);
                }
                else
                {
                    gzip.Write(set.Labels);
                }
            }
        });

        return clamped;
    }

    /// <summary>Writes a new file and flushes it to disk (as <see cref="AtomicFile"/> does) so it can be renamed into place.</summary>
    private static void WriteDurably(string path, Action<Stream> write)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        write(file); // a GZipStream writes its last block and trailer when disposed, inside write
        file.Flush(flushToDisk: true);
    }

    private static long WritePixels(Stream output, ImageSet set)
    {
        if (!set.StoresFloats)
        {
            output.Write(set.BytePixels.Span);
            return 0;
        }

        // Float pixels (from the book's pickle, or IDX files of other types) are quantised to the bytes IDX stores.
        ReadOnlySpan<float> pixels = set.FloatPixels.Span;
        var bytes = new byte[pixels.Length];
        long clamped = 0;
        for (int i = 0; i < pixels.Length; i++)
        {
            float pixel = pixels[i];
            if (pixel is < 0f or > 1f)
            {
                clamped++;
                pixel = Math.Clamp(pixel, 0f, 1f);
            }

            bytes[i] = (byte)MathF.Round(pixel * ImageSet.PixelMaximum);
        }

        output.Write(bytes);
        return clamped;
    }
}
