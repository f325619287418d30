using System.Buffers.Binary;

namespace NndlPS.Core;

/// <summary>Turns IDX arrays of any element type into the pixels and labels of an <see cref="ImageSet"/>.</summary>
internal static class IdxDecoding
{
    /// <summary>
    /// An images file and its labels file as one set. Unsigned-byte pixels stay bytes (scaled to [0, 1] on use);
    /// every other element type is decoded (big-endian) to floats and used as stored.
    /// </summary>
    public static ImageSet ToImageSet(string name, IdxArray images, IdxArray labels, IReadOnlyList<string> classNames)
    {
        if (images.Dimensions.Count != 3)
        {
            throw new NndlException("MnistImagesInvalid", NndlErrorKind.InvalidData,
                $"'{images.Source}' holds {images}, but an images file has three dimensions [count×rows×columns] (MNIST's magic is 0x00000803).", images.Source);
        }

        if (labels.Dimensions.Count != 1 || labels.ElementType is IdxElementType.Float32 or IdxElementType.Float64)
        {
            throw new NndlException("MnistLabelsInvalid", NndlErrorKind.InvalidData,
                $"'{labels.Source}' holds {labels}, but a labels file is one dimension of integers [count] (MNIST's magic is 0x00000801).", labels.Source);
        }

        if (images.Count != labels.Count)
        {
            throw new NndlException("MnistCountMismatch", NndlErrorKind.InvalidData,
                $"'{images.Source}' holds {images.Count} images but '{labels.Source}' holds {labels.Count} labels; the files do not belong together.", images.Source);
        }

        if (images.Dimensions[1] == 0 || images.Dimensions[2] == 0)
        {
            throw new NndlException("MnistImagesInvalid", NndlErrorKind.InvalidData,
                $"'{images.Source}' declares images of {images.Dimensions[1]}x{images.Dimensions[2]} pixels; an image needs at least one.", images.Source);
        }

        byte[] labelBytes = DecodeLabels(labels, classNames.Count);
        int rows = images.Dimensions[1], columns = images.Dimensions[2];
        MemoryPages.Touch(images.Data);
        return images.ElementType == IdxElementType.UnsignedByte
            ? new ImageSet(name, images.Data, labelBytes, rows, columns, classNames.Count, classNames)
            : new ImageSet(name, DecodeFloats(images), labelBytes, rows, columns, classNames.Count, classNames);
    }

    private static byte[] DecodeLabels(IdxArray labels, int classCount)
    {
        var result = new byte[labels.Count];
        int size = IdxReader.ElementSize(labels.ElementType);
        ReadOnlySpan<byte> data = labels.Data;
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> bytes = data.Slice(i * size, size);
            long value = labels.ElementType switch
            {
                IdxElementType.UnsignedByte => bytes[0],
                IdxElementType.SignedByte => (sbyte)bytes[0],
                IdxElementType.Int16 => BinaryPrimitives.ReadInt16BigEndian(bytes),
                _ => BinaryPrimitives.ReadInt32BigEndian(bytes),
            };
            if (value < 0 || value >= classCount)
            {
                throw new NndlException("MnistLabelOutOfRange", NndlErrorKind.InvalidData,
                    $"Label {i} in '{labels.Source}' is {value}, but this dataset's labels are 0 to {classCount - 1}.", labels.Source);
            }

            result[i] = (byte)value;
        }

        return result;
    }

    private static float[] DecodeFloats(IdxArray array)
    {
        int size = IdxReader.ElementSize(array.ElementType);
        var result = new float[array.Data.Length / size];
        ReadOnlySpan<byte> data = array.Data;
        for (int i = 0; i < result.Length; i++)
        {
            ReadOnlySpan<byte> bytes = data.Slice(i * size, size);
            result[i] = array.ElementType switch
            {
                IdxElementType.SignedByte => (sbyte)bytes[0],
                IdxElementType.Int16 => BinaryPrimitives.ReadInt16BigEndian(bytes),
                IdxElementType.Int32 => BinaryPrimitives.ReadInt32BigEndian(bytes),
                IdxElementType.Float32 => BinaryPrimitives.ReadSingleBigEndian(bytes),
                IdxElementType.Float64 => (float)BinaryPrimitives.ReadDoubleBigEndian(bytes),
                _ => bytes[0],
            };
            if (!float.IsFinite(result[i]))
            {
                throw new NndlException("IdxValueInvalid", NndlErrorKind.InvalidData,
                    $"Value {i} in '{array.Source}' is {result[i]}; pixels must be finite numbers.", array.Source);
            }
        }

        return result;
    }
}
