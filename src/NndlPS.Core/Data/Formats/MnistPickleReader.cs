using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NndlPS.Core;

/// <summary>
/// Reads the book's <c>mnist.pkl.gz</c>: a Python pickle of ((images, labels), (images, labels), (images, labels))
/// built from numpy arrays. Pickles can run arbitrary code when Python loads them, so this is not a general
/// unpickler: it interprets only the opcodes such a file uses and knows only the four callables that rebuild a numpy
/// array (<c>numpy.core.multiarray._reconstruct</c>, <c>numpy.ndarray</c>, <c>numpy.dtype</c>, <c>_codecs.encode</c>),
/// each by its own C# code. Any other opcode or global is refused — the protection <c>numpy.load(allow_pickle=False)</c>
/// and <c>torch.load(weights_only=True)</c> give their users. Python 2 (cPickle) and Python 3 pickles are both read.
/// </summary>
internal static class MnistPickleReader
{
    private const long MaxStringBytes = 1L << 30;

    /// <summary>
    /// The most memory, in bytes, the reader may fill with strings, array contents and decoded pixels together.
    /// The book's mnist.pkl.gz (Python 2) needs about 440 MB by this count, a Python 3 re-pickle of it about 1.2 GB;
    /// a pickle that makes copies of one memoized string, or points many arrays at it, stops here.
    /// </summary>
    internal const long DefaultMemoryBound = 3L << 29;
    private const int MaxMemoEntries = 1 << 16;
    private const int MaxStackDepth = 1 << 16;

    public static (ImageSet Training, ImageSet Validation, ImageSet Test) Read(string path, IReadOnlyList<string> classNames) =>
        Read(path, classNames, DefaultMemoryBound);

    internal static (ImageSet Training, ImageSet Validation, ImageSet Test) Read(string path, IReadOnlyList<string> classNames, long memoryBound)
    {
        object? root;
        var budget = new MemoryBudget(path, memoryBound);
        try
        {
            using FileStream file = DataFile.OpenRead(path);
            using Stream stream = CheckedGzipStream.IsGzip(file) ? new CheckedGzipStream(file, path) : file;
            using var buffered = new BufferedStream(stream, 1 << 16);
            root = new Machine(buffered, path, budget).Run();
            if (buffered.ReadByte() >= 0)
            {
                throw Invalid(path, "it has data after the pickle's STOP opcode");
            }
        }
        catch (InvalidDataException ex)
        {
            throw Invalid(path, $"it cannot be decompressed ({ex.Message})");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFile.AccessDenied(path, ex);
        }
        catch (IOException ex)
        {
            throw Invalid(path, $"it could not be read ({ex.Message})");
        }

        if (root is not object?[] { Length: 3 } sets)
        {
            throw Invalid(path, "it does not hold the three (images, labels) pairs of the book's file");
        }

        string[] names = ["Training", "Validation", "Test"];
        var result = new ImageSet[3];
        for (int s = 0; s < 3; s++)
        {
            if (sets[s] is not object?[] { Length: 2 } pair || pair[0] is not NumpyArray images || pair[1] is not NumpyArray labels)
            {
                throw Invalid(path, $"its {names[s].ToLowerInvariant()} entry is not an (images, labels) pair of numpy arrays");
            }

            result[s] = ToImageSet(path, names[s], images, labels, classNames, budget);
        }

        return (result[0], result[1], result[2]);
    }

    private static ImageSet ToImageSet(string path, string name, NumpyArray images, NumpyArray labels, IReadOnlyList<string> classNames, MemoryBudget budget)
    {
        if (images.Shape.Length != 2 || labels.Shape.Length != 1 || images.Shape[0] != labels.Shape[0])
        {
            throw Invalid(path, $"its {name} arrays have shapes [{string.Join(",", images.Shape)}] and [{string.Join(",", labels.Shape)}]; expected [n,pixels] and [n]");
        }

        int pixelsPerImage = images.Shape[1];
        int side = (int)Math.Round(Math.Sqrt(pixelsPerImage));
        if (pixelsPerImage < 1 || side * side != pixelsPerImage)
        {
            throw Invalid(path, $"its {name} images have {pixelsPerImage} pixels, not a square number");
        }

        float[] pixels = images.ToFloats(path, budget);
        float[] labelValues = labels.ToFloats(path, budget);
        var labelBytes = new byte[labelValues.Length];
        for (int i = 0; i < labelValues.Length; i++)
        {
            float value = labelValues[i];
            if (value < 0 || value >= classNames.Count || value != MathF.Floor(value))
            {
                throw new NndlException("MnistLabelOutOfRange", NndlErrorKind.InvalidData,
                    $"Label {i} of the {name} set in '{path}' is {value}, but this dataset's labels are 0 to {classNames.Count - 1}.", path);
            }

            labelBytes[i] = (byte)value;
        }

        return new ImageSet(name, pixels, labelBytes, side, side, classNames.Count, classNames);
    }

    internal static NndlException Invalid(string path, string why) =>
        new("PickleInvalid", NndlErrorKind.InvalidData,
            $"The file '{path}' is not the book's mnist.pkl.gz: {why}. Only pickles of numpy arrays, as the book ships, are read.", path);

    private enum Global
    {
        Reconstruct,
        NdArray,
        DType,
        CodecsEncode,
    }

    private sealed class Mark;

    /// <summary>Counts the bytes the reader fills and stops it, with <c>PickleTooLarge</c>, at its bound.</summary>
    internal sealed class MemoryBudget(string path, long bound)
    {
        private long _spent;

        public void Spend(long bytes)
        {
            _spent += bytes;
            if (_spent > bound)
            {
                throw new NndlException("PickleTooLarge", NndlErrorKind.InvalidData,
                    $"The file '{path}' asks for more than {bound:N0} bytes of memory, the bound for a pickle of MNIST " +
                    "(the book's mnist.pkl.gz needs about 440 MB). It is not the book's file, or it is built to exhaust memory.", path);
            }
        }
    }

    /// <summary>A numpy dtype: its kind and size from the name ("f4", "i8", "u1") and its byte order from BUILD.</summary>
    private sealed class NumpyType(string code)
    {
        public string Code { get; } = code;

        public bool BigEndian { get; set; }
    }

    /// <summary>An array made by _reconstruct, filled in by BUILD with (version, shape, dtype, fortran, data).</summary>
    private sealed class NumpyArray
    {
        public int[] Shape { get; set; } = [];

        public NumpyType? Type { get; set; }

        public byte[] Data { get; set; } = [];

        public float[] ToFloats(string path, MemoryBudget budget)
        {
            if (Type is null)
            {
                throw Invalid(path, "an array was never given its contents");
            }

            int size = Type.Code switch
            {
                "f4" or "i4" or "u4" => 4,
                "f8" or "i8" or "u8" => 8,
                "i2" or "u2" => 2,
                "i1" or "u1" or "b1" => 1,
                _ => throw Invalid(path, $"it holds an array of numpy type '{Type.Code}', which is not a number type this reader accepts"),
            };

            // The shape's product is checked against the bytes really present, one dimension at a time, so no
            // product can wrap around 64 bits and pass (e.g. [1397975606, 40613, 40613] of 8-byte values).
            long count = 1;
            foreach (int dimension in Shape)
            {
                if (dimension != 0 && count > Data.Length / size / dimension)
                {
                    throw Invalid(path, $"an array of shape [{string.Join(",", Shape)}] and type {Type.Code} claims more values than its {Data.Length:N0} bytes hold");
                }

                count *= dimension;
            }

            if (count * size != Data.Length)
            {
                throw Invalid(path, $"an array of shape [{string.Join(",", Shape)}] and type {Type.Code} needs {count * size} bytes but has {Data.Length}");
            }

            budget.Spend(count * sizeof(float));
            var result = new float[count];
            ReadOnlySpan<byte> data = Data;
            bool big = Type.BigEndian;
            for (int i = 0; i < result.Length; i++)
            {
                ReadOnlySpan<byte> v = data.Slice(i * size, size);
                result[i] = Type.Code switch
                {
                    "f4" => big ? BinaryPrimitives.ReadSingleBigEndian(v) : BinaryPrimitives.ReadSingleLittleEndian(v),
                    "f8" => (float)(big ? BinaryPrimitives.ReadDoubleBigEndian(v) : BinaryPrimitives.ReadDoubleLittleEndian(v)),
                    "i8" => big ? BinaryPrimitives.ReadInt64BigEndian(v) : BinaryPrimitives.ReadInt64LittleEndian(v),
                    "u8" => big ? BinaryPrimitives.ReadUInt64BigEndian(v) : BinaryPrimitives.ReadUInt64LittleEndian(v),
                    "i4" => big ? BinaryPrimitives.ReadInt32BigEndian(v) : BinaryPrimitives.ReadInt32LittleEndian(v),
                    "u4" => big ? BinaryPrimitives.ReadUInt32BigEndian(v) : BinaryPrimitives.ReadUInt32LittleEndian(v),
                    "i2" => big ? BinaryPrimitives.ReadInt16BigEndian(v) : BinaryPrimitives.ReadInt16LittleEndian(v),
                    "u2" => big ? BinaryPrimitives.ReadUInt16BigEndian(v) : BinaryPrimitives.ReadUInt16LittleEndian(v),
                    "i1" => (sbyte)v[0],
                    _ => v[0],
                };
                if (!float.IsFinite(result[i]))
                {
                    throw Invalid(path, $"value {i} of an array is {result[i]}");
                }
            }

            return result;
        }
    }

    /// <summary>The pickle virtual machine, reduced to what numpy arrays in tuples need.</summary>
    private sealed class Machine(Stream input, string path, MemoryBudget budget)
    {
        private readonly List<object?> _stack = [];
        private readonly Dictionary<long, object?> _memo = [];

        // _codecs.encode of the same (memoized) string gives the same bytes: one copy, however often it is asked for.
        private readonly Dictionary<string, byte[]> _encoded = new(ReferenceEqualityComparer.Instance);

        public object? Run()
        {
            while (true)
            {
                int opcode = input.ReadByte();
                switch (opcode)
                {
                    case -1: throw Invalid(path, "it ends before the pickle's STOP opcode (truncated)");
                    case 0x80: ReadByte(); break; // PROTO n
                    case 0x95: ReadBytes(8); break; // FRAME: a length hint only
                    case '.': return _stack.Count == 1 ? _stack[0] : throw Invalid(path, "its stack does not hold exactly one object at STOP");
                    case '(': Push(new Mark()); break;
                    case ')': Push(Array.Empty<object?>()); break;
                    case 't': Push(PopToMark().ToArray()); break;
                    case 0x85: Push(new[] { Pop() }); break;
                    case 0x86: { object? b = Pop(), a = Pop(); Push(new[] { a, b }); break; }
                    case 0x87: { object? c = Pop(), b = Pop(), a = Pop(); Push(new[] { a, b, c }); break; }
                    case ']': Push(new List<object?>()); break;
                    case 'a': { object? item = Pop(); budget.Spend(IntPtr.Size); ListOnTop().Add(item); break; }
                    case 'e': { List<object?> items = PopToMark(); budget.Spend((long)IntPtr.Size * items.Count); ListOnTop().AddRange(items); break; }
                    case 'N': Push(null); break;
                    case 0x88: Push(true); break;
                    case 0x89: Push(false); break;
                    case 'K': Push((long)ReadByte()); break;
                    case 'M': Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2))); break;
                    case 'J': Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4))); break;
                    case 0x8a: Push(ReadLong1()); break;
                    case 'G': Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8))); break;
                    case 'U': Push(ReadBytes(ReadByte())); break; // SHORT_BINSTRING: Python 2 str, kept as bytes
                    case 'T': Push(ReadBytes(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                    case 'C': Push(ReadBytes(ReadByte())); break; // SHORT_BINBYTES
                    case 'B': Push(ReadBytes(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                    case 0x8c: Push(ReadText(ReadByte())); break;
                    case 'X': Push(ReadText(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                    case 'c': Push(ResolveGlobal(ReadLine(), ReadLine())); break;
                    case 0x93: { object? name = Pop(), module = Pop(); Push(ResolveGlobal(module as string ?? "?", name as string ?? "?")); break; }
                    case 'q': Remember(ReadByte()); break;
                    case 'r': Remember(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4))); break;
                    case 0x94: Remember(_memo.Count); break;
                    case 'h': Push(Recall(ReadByte())); break;
                    case 'j': Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4)))); break;
                    case 'R': { object? arguments = Pop(), callable = Pop(); Push(Reduce(callable, arguments)); break; }
                    case 'b': { object? state = Pop(); Build(Peek(), state); break; }
                    default: throw Invalid(path, $"it uses pickle opcode 0x{opcode:X2}, which a pickle of numpy arrays does not need");
                }
            }
        }

        private object ResolveGlobal(string module, string name) => (module, name) switch
        {
            ("numpy.core.multiarray" or "numpy._core.multiarray", "_reconstruct") => Global.Reconstruct,
            ("numpy", "ndarray") => Global.NdArray,
            ("numpy", "dtype") => Global.DType,
            ("_codecs", "encode") => Global.CodecsEncode,
            _ => throw Invalid(path, $"it refers to the Python global '{module}.{name}'; only the numpy array constructors are allowed, so nothing in the file can run code"),
        };

        private object Reduce(object? callable, object? arguments)
        {
            if (arguments is not object?[] args)
            {
                throw Invalid(path, "a call's arguments are not a tuple");
            }

            switch (callable)
            {
                case Global.Reconstruct when args.Length == 3 && args[0] is Global.NdArray:
                    return new NumpyArray();
                case Global.DType when args.Length >= 1 && args[0] is string or byte[]:
                    return new NumpyType(args[0] is string s ? s : Encoding.Latin1.GetString((byte[])args[0]!));
                case Global.CodecsEncode when args.Length == 2 && args[0] is string text:
                    // Python 3 writes bytes in protocol 2 as _codecs.encode(text, 'latin1').
                    return Latin1(text);
                default:
                    throw Invalid(path, $"it calls {callable ?? "nothing"} with arguments this reader does not accept");
            }
        }

        private void Build(object? target, object? state)
        {
            switch (target, state)
            {
                case (NumpyType type, object?[] { Length: >= 2 } s):
                    type.BigEndian = s[1] is string order ? order == ">" : s[1] is byte[] b && b.Length == 1 && b[0] == (byte)'>';
                    break;
                case (NumpyArray array, object?[] { Length: 5 } s) when s[1] is object?[] shape && s[2] is NumpyType type:
                    array.Shape = shape.Select(d => d is long n and >= 0 and <= int.MaxValue ? (int)n : throw Invalid(path, "an array has a dimension that is not a small whole number")).ToArray();
                    array.Type = type;
                    array.Data = s[4] switch
                    {
                        byte[] bytes => bytes,
                        string text => Latin1(text),
                        _ => throw Invalid(path, "an array's contents are not raw bytes (object arrays are refused)"),
                    };
                    if (s[3] is true)
                    {
                        throw Invalid(path, "an array is stored in Fortran order");
                    }

                    break;
                default:
                    throw Invalid(path, "it sets the state of an object in a way numpy arrays do not");
            }
        }

        private byte[] Latin1(string text)
        {
            if (!_encoded.TryGetValue(text, out byte[]? bytes))
            {
                budget.Spend(text.Length);
                bytes = Encoding.Latin1.GetBytes(text);
                _encoded[text] = bytes;
            }

            return bytes;
        }

        private string ReadText(long utf8Length)
        {
            byte[] utf8 = ReadBytes(utf8Length);
            budget.Spend(2L * utf8.Length); // at most one UTF-16 char per byte
            return Encoding.UTF8.GetString(utf8);
        }

        private void Push(object? value)
        {
            if (_stack.Count >= MaxStackDepth)
            {
                throw Invalid(path, "its stack grows beyond any pickle of arrays");
            }

            _stack.Add(value);
        }

        private object? Pop()
        {
            if (_stack.Count == 0 || _stack[^1] is Mark)
            {
                throw Invalid(path, "it pops from an empty stack");
            }

            object? value = _stack[^1];
            _stack.RemoveAt(_stack.Count - 1);
            return value;
        }

        private object? Peek() => _stack.Count > 0 ? _stack[^1] : throw Invalid(path, "it reads from an empty stack");

        private List<object?> ListOnTop() => Peek() as List<object?> ?? throw Invalid(path, "it appends to something that is not a list");

        private List<object?> PopToMark()
        {
            int mark = _stack.FindLastIndex(item => item is Mark);
            if (mark < 0)
            {
                throw Invalid(path, "it closes a tuple or list that was never opened");
            }

            List<object?> items = _stack.GetRange(mark + 1, _stack.Count - mark - 1);
            _stack.RemoveRange(mark, _stack.Count - mark);
            return items;
        }

        private void Remember(long key)
        {
            if (_memo.Count >= MaxMemoEntries && !_memo.ContainsKey(key))
            {
                throw Invalid(path, "it remembers more objects than any pickle of arrays");
            }

            _memo[key] = Peek();
        }

        private object? Recall(long key) =>
            _memo.TryGetValue(key, out object? value) ? value : throw Invalid(path, $"it refers to memo entry {key}, which was never stored");

        private int ReadByte()
        {
            int value = input.ReadByte();
            return value >= 0 ? value : throw Invalid(path, "it ends in the middle of an opcode (truncated)");
        }

        private object ReadLong1()
        {
            byte[] bytes = ReadBytes(ReadByte());
            if (bytes.Length > 8)
            {
                throw Invalid(path, "it holds an integer too large for an array shape");
            }

            long value = 0;
            for (int i = bytes.Length - 1; i >= 0; i--)
            {
                value = (value << 8) | bytes[i];
            }

            if (bytes.Length is > 0 and < 8 && (bytes[^1] & 0x80) != 0)
            {
                value -= 1L << (8 * bytes.Length); // two's complement, little-endian
            }

            return value;
        }

        /// <summary>Reads a length-prefixed string; the buffer grows only as data arrives, so a lying length cannot exhaust memory.</summary>
        private byte[] ReadBytes(long count)
        {
            if (count < 0 || count > MaxStringBytes)
            {
                throw Invalid(path, $"it declares a string of {count} bytes");
            }

            budget.Spend(count);

            var buffer = new byte[Math.Min(count, 1 << 20)];
            long read = 0;
            while (read < count)
            {
                if (read == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(count, (long)buffer.Length * 2));
                }

                int n = input.Read(buffer, (int)read, buffer.Length - (int)read);
                if (n == 0)
                {
                    throw Invalid(path, "it ends in the middle of a string (truncated)");
                }

                read += n;
            }

            return buffer;
        }

        private string ReadLine()
        {
            var line = new StringBuilder();
            while (true)
            {
                int b = ReadByte();
                if (b == '\n')
                {
                    return line.ToString();
                }

                if (line.Length > 256)
                {
                    throw Invalid(path, "it names a global longer than any module name");
                }

                line.Append((char)b);
            }
        }
    }
}
