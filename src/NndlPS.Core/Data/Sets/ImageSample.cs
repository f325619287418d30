using System.Text;

namespace NndlPS.Core;

/// <summary>One image of a set with its label: what Get-MnistSample returns, drawn as text by its view.</summary>
public sealed class ImageSample(string set, int index, int label, string className, float[] pixels, int rows, int columns)
{
    private const string Shades = " .:-=+*#%@";

    public string Set { get; } = set;

    public int Index { get; } = index;

    public int Label { get; } = label;

    public string ClassName { get; } = className;

    /// <summary>Row-major pixels in [0, 1].</summary>
    public float[] Pixels { get; } = pixels;

    public int Rows { get; } = rows;

    public int Columns { get; } = columns;

    /// <summary>The image as text, two characters per pixel so it keeps its aspect ratio in a terminal.</summary>
    public string ToText()
    {
        var text = new StringBuilder((Rows * ((2 * Columns) + 1)) + 16);
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                float value = Math.Clamp(Pixels[(r * Columns) + c], 0f, 1f);
                char shade = Shades[(int)MathF.Round(value * (Shades.Length - 1))];
                text.Append(shade).Append(shade);
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    public override string ToString() => $"{Set}[{Index}]: {ClassName}";
}
