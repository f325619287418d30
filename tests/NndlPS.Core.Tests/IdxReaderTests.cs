namespace NndlPS.Core.Tests;

public class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_a_valid_file_raw_or_gzipped(bool gzip)
    {
        using var files = new IdxTestFiles();
        byte[] content = IdxTestFiles.Idx(0x08, [2, 3, 2], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]);
        string path = files.Write(gzip ? "x.gz" : "x", gzip ? IdxTestFiles.Gzip(content) : content);

        IdxArray array = IdxReader.Read(path);

        Assert.Equal(IdxElementType.UnsignedByte, array.ElementType);
        Assert.Equal([2, 3, 2], array.Dimensions);
        Assert.Equal(2, array.Count);
        Assert.Equal(content.AsSpan(16).ToArray(), array.Data);
    }

    public static TheoryData<string, byte[], string> BrokenFiles() => new()
    {
        { "not IDX at all", "hello, world"u8.ToArray(), "IdxHeaderInvalid" },
        { "empty", [], "DataFileNotRegular" },
        { "unknown element type", IdxTestFiles.Idx(0x07, [1], [1]), "IdxHeaderInvalid" },
        { "zero dimensions", [0, 0, 8, 0], "IdxHeaderInvalid" },
        { "header cut short", [0, 0, 8, 3, 0, 0], "IdxTruncated" },
        { "fewer bytes than the header claims", IdxTestFiles.Idx(0x08, [10, 28, 28], new byte[100]), "IdxTruncated" },
        { "more bytes than the header claims", IdxTestFiles.Idx(0x08, [2], [1, 2, 3]), "IdxTrailingData" },
        { "billions of items", IdxTestFiles.Idx(0x08, [int.MaxValue, 28, 28], new byte[10]), "IdxTooLarge" },
        { "gzip of a truncated file", IdxTestFiles.Gzip(IdxTestFiles.Idx(0x08, [1000, 28, 28], new byte[50])), "IdxTruncated" },
        { "truncated gzip", IdxTestFiles.Gzip(IdxTestFiles.Idx(0x08, [100, 28, 28], new byte[78400]))[..200], "GzipInvalid" },
        { "garbage after the gzip magic", [0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8, 9], "GzipInvalid" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Refuses_a_broken_file_with_a_clear_error(string why, byte[] bytes, string errorId)
    {
        using var files = new IdxTestFiles();
        string path = files.Write("broken", bytes);

        var ex = Assert.Throws<NndlException>(() => IdxReader.Read(path));

        Assert.True(errorId == ex.ErrorId, $"{why}: expected {errorId}, got {ex.ErrorId}: {ex.Message}");
        Assert.Equal(NndlErrorKind.InvalidData, ex.Kind);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var ex = Assert.Throws<NndlException>(() => IdxReader.Read("/no/such/file"));
        Assert.Equal("IdxFileNotFound", ex.ErrorId);
        Assert.Equal(NndlErrorKind.NotFound, ex.Kind);
    }
}
