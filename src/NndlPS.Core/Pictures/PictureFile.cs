namespace NndlPS.Core;

/// <summary>The formats NndlPS draws pictures in.</summary>
public enum PictureFormat
{
    Png,
    Svg,
}

/// <summary>
/// The one rule every picture export picks its format by: the file's extension, <c>.png</c> or <c>.svg</c> (any
/// case), among the formats that picture can be drawn in. Any other name is refused rather than given bytes its
/// name does not promise (a PNG in <c>digits.jpg</c>).
/// </summary>
public static class PictureFile
{
    /// <exception cref="NndlException"><c>PictureFormatUnsupported</c> when the extension is not one of <paramref name="supported"/>.</exception>
    public static PictureFormat FormatOf(string path, params PictureFormat[] supported)
    {
        string extension = Path.GetExtension(path);
        foreach (PictureFormat format in supported)
        {
            if (string.Equals(extension, Extension(format), StringComparison.OrdinalIgnoreCase))
            {
                return format;
            }
        }

        string names = string.Join(" or ", supported.Select(Extension));
        string given = extension.Length == 0 ? "has no extension" : $"ends in '{extension}'";
        throw new NndlException("PictureFormatUnsupported", NndlErrorKind.InvalidArgument,
            $"'{path}' {given}: this picture is written as {names}, and the name says which. Give the file a {names} name, " +
            $"e.g. '{Path.ChangeExtension(path, Extension(supported[0]))}'.", path);
    }

    private static string Extension(PictureFormat format) => format switch
    {
        PictureFormat.Svg => ".svg",
        _ => ".png",
    };
}
