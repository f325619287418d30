namespace NndlPS.Core;

/// <summary>The element types an IDX header can name (its third byte).</summary>
public enum IdxElementType : byte
{
    UnsignedByte = 0x08,
    SignedByte = 0x09,
    Int16 = 0x0B,
    Int32 = 0x0C,
    Float32 = 0x0D,
    Float64 = 0x0E,
}
