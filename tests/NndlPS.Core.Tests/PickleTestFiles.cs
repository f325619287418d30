using System.Buffers.Binary;
using System.Text;

namespace NndlPS.Core.Tests;

/// <summary>
/// Writes pickles shaped like the book's mnist.pkl.gz, opcode by opcode: numpy arrays rebuilt through
/// _reconstruct / dtype / BUILD, as Python 2's cPickle writes them (array bytes as Python 2 str) and as Python 3
/// writes them at protocol 2 (array bytes through _codecs.encode).
/// </summary>
internal sealed class PickleTestFiles
{
    private readonly MemoryStream _out = new();
    private readonly bool _python3;

    private PickleTestFiles(bool python3) => _python3 = python3;

    /// <summary>((x, y), (x, y), (x, y)) with float32 images of <paramref name="pixels"/> values and int64 labels.</summary>
    public static byte[] BookPickle(int[] counts, int pixels, bool python3, Func<int, int, float>? pixel = null, Func<int, long>? label = null)
    {
        var writer = new PickleTestFiles(python3);
        writer.Op(0x80).Op(2);
        foreach (int count in counts)
        {
            float[] x = Enumerable.Range(0, count * pixels).Select(i => pixel?.Invoke(i / pixels, i % pixels) ?? (i % 256) / 256f).ToArray();
            long[] y = Enumerable.Range(0, count).Select(i => label?.Invoke(i) ?? i % 10).ToArray();
            byte[] xBytes = new byte[x.Length * 4];
            for (int i = 0; i < x.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(xBytes.AsSpan(4 * i), x[i]);
            }

            byte[] yBytes = new byte[y.Length * 8];
            for (int i = 0; i < y.Length; i++)
            {
                BinaryPrimitives.WriteInt64LittleEndian(yBytes.AsSpan(8 * i), y[i]);
            }

            writer.Array([count, pixels], "f4", xBytes);
            writer.Array([count], "i8", yBytes);
            writer.Op(0x86); // TUPLE2
        }

        writer.Op(0x87).Op('.'); // TUPLE3, STOP
        return writer._out.ToArray();
    }

    /// <summary>A pickle that asks for a global other than numpy's: what a malicious file does.</summary>
    public static byte[] Hostile(string module, string name)
    {
        var writer = new PickleTestFiles(false);
        writer.Op(0x80).Op(2).Global(module, name).Str("echo pwned").Op(0x85).Op('R').Op('.');
        return writer._out.ToArray();
    }

    /// <summary>The book's layout, but with one images array of the given shape, type and bytes in all three sets.</summary>
    public static byte[] WithImages(int[] shape, string dtype, byte[] data)
    {
        var writer = new PickleTestFiles(false);
        writer.Op(0x80).Op(2);
        for (int set = 0; set < 3; set++)
        {
            writer.Array(shape, dtype, data);
            writer.Array([shape[0]], "i8", new byte[8]);
            writer.Op(0x86);
        }

        writer.Op(0x87).Op('.');
        return writer._out.ToArray();
    }

    /// <summary>
    /// A pickle bomb: one memoized string of <paramref name="stringBytes"/> bytes turned into bytes by
    /// <c>_codecs.encode</c> <paramref name="copies"/> times, all kept in one tuple.
    /// </summary>
    public static byte[] EncodedCopies(int stringBytes, int copies)
    {
        var writer = new PickleTestFiles(true);
        writer.Op(0x80).Op(2).Global("_codecs", "encode").Op('q').Op(0);
        writer.Op('X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, stringBytes);
        writer._out.Write(length);
        writer._out.Write(Enumerable.Repeat((byte)'a', stringBytes).ToArray());
        writer.Op('q').Op(1);
        return writer.CopiesTail(copies);
    }

    private byte[] CopiesTail(int copies)
    {
        Op('(');
        for (int i = 0; i < copies; i++)
        {
            Op('h').Op(0).Op('h').Op(1).Str("latin1").Op(0x86).Op('R');
        }

        Op('t').Op('.');
        return _out.ToArray();
    }

    private void Array(int[] shape, string dtype, byte[] data)
    {
        Global("numpy.core.multiarray", "_reconstruct").Global("numpy", "ndarray");
        Int(0).Op(0x85); // (0,)
        Bytes("b"u8.ToArray());
        Op(0x87).Op('R'); // _reconstruct(ndarray, (0,), b'b')
        Op('(').Int(1); // BUILD state: (version, shape, dtype, is_fortran, data)
        Op('(');
        foreach (int size in shape)
        {
            Int(size);
        }

        Op('t');

        Global("numpy", "dtype").Str(dtype).Int(0).Int(1).Op(0x87).Op('R');
        Op('(').Int(3).Str("<").Op('N').Op('N').Op('N').Int(-1).Int(-1).Int(0).Op('t').Op('b');
        Op(0x89); // not Fortran order
        Bytes(data);
        Op('t').Op('b');
    }

    private PickleTestFiles Global(string module, string name)
    {
        Op('c');
        _out.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        return this;
    }

    private PickleTestFiles Int(int value)
    {
        Op('J');
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        _out.Write(bytes);
        return this;
    }

    private PickleTestFiles Str(string text)
    {
        // Python 2 str (bytes) for cPickle; a unicode string for Python 3.
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        Op(_python3 ? 'X' : 'T');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        _out.Write(length);
        _out.Write(bytes);
        return this;
    }

    private void Bytes(byte[] data)
    {
        if (_python3)
        {
            // Python 3, protocol 2: _codecs.encode(latin-1 text, 'latin1')
            Global("_codecs", "encode");
            string latin1 = Encoding.Latin1.GetString(data);
            byte[] utf8 = Encoding.UTF8.GetBytes(latin1);
            Op('X');
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
            _out.Write(length);
            _out.Write(utf8);
            Str("latin1");
            Op(0x86).Op('R');
        }
        else
        {
            Op('T');
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, data.Length);
            _out.Write(length);
            _out.Write(data);
        }
    }

    private PickleTestFiles Op(int opcode)
    {
        _out.WriteByte((byte)opcode);
        return this;
    }
}
