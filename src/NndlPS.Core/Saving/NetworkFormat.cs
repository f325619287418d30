namespace NndlPS.Core;

/// <summary>The file formats a network can be saved in.</summary>
public enum NetworkFormat
{
    /// <summary>The book's network2.py JSON: NndlPS and the book's code both read it back.</summary>
    Json,

    /// <summary>A standard ONNX model (opset 13) for ONNX Runtime, OpenCV's dnn module and other runtimes. Export only.</summary>
    Onnx,
}
