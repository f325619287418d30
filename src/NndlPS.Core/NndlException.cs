namespace NndlPS.Core;

/// <summary>What kind of failure an <see cref="NndlException"/> reports, so a host can pick the right error category.</summary>
public enum NndlErrorKind
{
    /// <summary>A file or folder the caller named (or that the data cache should hold) does not exist.</summary>
    NotFound,
    /// <summary>A file exists but its contents are not what its format promises.</summary>
    InvalidData,
    /// <summary>An argument is out of range or does not fit another argument (e.g. a network that does not fit the data).</summary>
    InvalidArgument,
    /// <summary>The work was started but could not finish (e.g. every download source failed).</summary>
    OperationFailed,
    /// <summary>The operating system refused access to a file or folder (permissions).</summary>
    AccessDenied,
    /// <summary>A file or folder could not be written (a read-only or full disk, a file where a folder should be).</summary>
    WriteFailed,
}

/// <summary>
/// The one exception type the engine throws for a problem the user can fix. It carries a stable
/// <see cref="ErrorId"/> (e.g. <c>IdxHeaderInvalid</c>) so the PowerShell layer can turn it into an
/// ErrorRecord without knowing each failure, and so tests can assert on it.
/// </summary>
public sealed class NndlException : Exception
{
    public NndlException(string errorId, NndlErrorKind kind, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>Stable identifier of the failure, e.g. <c>MnistFileNotFound</c>.</summary>
    public string ErrorId { get; }

    public NndlErrorKind Kind { get; }

    /// <summary>The file, folder or value the failure is about, when there is one.</summary>
    public string? Target { get; }

    /// <summary>Text from the user's input as a message quotes it: whole up to 80 characters, a token may be a megabyte.</summary>
    public static string Quote(string text) =>
        text.Length <= 80 ? text : text[..(char.IsHighSurrogate(text[76]) ? 76 : 77)] + "..."; // never half a surrogate pair
}
