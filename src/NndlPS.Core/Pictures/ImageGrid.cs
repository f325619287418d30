using System.Runtime.InteropServices;
using SkiaSharp;

namespace NndlPS.Core;

/// <summary>
/// Draws tiles as a grid in a PNG: each tile scaled up by whole pixels, its caption under it. Captions are digits
/// drawn from a built-in 3×5 pixel font, so a picture looks the same on every machine whatever fonts it has, one
/// pixel larger than the images' scale at small scales, so they read at a glance. A grid of predictions opens with a key: the label in
/// black, the network's answer in green when right and red when wrong.
/// </summary>
public static class ImageGrid
{
    private const int Gap = 4;

    /// <summary>The most pixels a picture may have (64 mebipixels, 256 MB of colour).</summary>
    public const long MaxPixels = 64L * 1024 * 1024;

    /// <summary>The most columns, up to <paramref name="gridColumns"/>, that draw <paramref name="tiles"/> in one picture at <paramref name="scale"/>; 0 if none.</summary>
    public static int ColumnsThatFit(IReadOnlyList<ImageTile> tiles, int gridColumns, int scale)
    {
        // The cells measured once, the column counts tried on them: measuring every caption for every count made
        // Export-NetworkImage's advice for 20,000 neurons at -Columns 1000 take 4 s (scales x columns x tiles).
        Cells cells = Cells.Of(tiles, scale);
        for (int columns = gridColumns; columns >= 1; columns--)
        {
            Layout layout = cells.Across(columns);
            if (layout.Width * layout.Height <= MaxPixels)
            {
                return columns;
            }
        }

        return 0;
    }

    /// <summary>The PNG's width and height for <paramref name="tiles"/> (all of the first one's size), <paramref name="gridColumns"/> across.</summary>
    public static (long Width, long Height) Size(IReadOnlyList<ImageTile> tiles, int gridColumns, int scale)
    {
        Layout layout = Layout.Of(tiles, gridColumns, scale);
        return (layout.Width, layout.Height);
    }

    /// <summary>
    /// A grid's cells at one scale, whatever its columns: what depends on every tile (its captions, the widest of
    /// them) is measured here once, so trying many column counts costs one measure. In longs: a layer's tile one row
    /// of many weights wide overflows an int before the bound refuses it.
    /// </summary>
    private readonly record struct Cells(int Count, long CellWidth, long CellHeight, int Dot, bool Captions, bool Key)
    {
        public static Cells Of(IReadOnlyList<ImageTile> tiles, int scale)
        {
            bool captions = tiles.Any(t => t.Caption is not null), key = tiles.Any(t => t.Answer is not null);
            long tileWidth = tiles.Count == 0 ? 0 : tiles[0].Width(scale), tileHeight = tiles.Count == 0 ? 0 : tiles[0].Height(scale);
            int dot = CaptionDot(scale, tileWidth);

            // A cell is as wide as its tile or its caption, whichever is wider: captions wider than their tiles ran
            // into the next ones (filter "100" is 33 pixels under a 32-pixel 5x5 filter).
            long cellWidth = Math.Max(tileWidth, CaptionWidth(tiles, dot)) + Gap;
            long cellHeight = tileHeight + Gap + (captions ? PixelFont.Height(dot) + Gap : 0);
            return new Cells(tiles.Count, cellWidth, cellHeight, dot, captions, key);
        }

        /// <summary>The grid of these cells <paramref name="gridColumns"/> across.</summary>
        public Layout Across(int gridColumns)
        {
            int across = Math.Min(gridColumns, Math.Max(Count, 1));
            int down = Math.Max((Count + gridColumns - 1) / gridColumns, 1);
            int keyWidth = PixelFont.Width(KeyLabel + "  " + KeyRight + "  " + KeyWrong, Dot) + (2 * Gap);
            long width = Math.Max((across * CellWidth) + Gap, Key ? keyWidth : 0);
            long height = (down * CellHeight) + Gap + (Key ? KeyHeight(Dot) : 0);
            return new Layout(width, height, CellWidth, CellHeight, Dot, Captions, Key);
        }
    }

    /// <summary>Where everything of a grid goes, worked out in one place for the bound and for the drawing.</summary>
    private readonly record struct Layout(long Width, long Height, long CellWidth, long CellHeight, int Dot, bool Captions, bool Key)
    {
        public static Layout Of(IReadOnlyList<ImageTile> tiles, int gridColumns, int scale) => Cells.Of(tiles, scale).Across(gridColumns);
    }

    /// <summary>The widest caption of <paramref name="tiles"/> drawn in dots of <paramref name="dot"/> pixels: its label, and its answer after it.</summary>
    private static int CaptionWidth(IReadOnlyList<ImageTile> tiles, int dot)
    {
        int widest = 0;
        foreach (ImageTile tile in tiles)
        {
            if (tile.Caption is not null)
            {
                int width = PixelFont.Width(tile.Caption, dot) + (tile.Answer is null ? 0 : (4 * dot) + PixelFont.Width(tile.Answer, dot));
                widest = Math.Max(widest, width);
            }
        }

        return widest;
    }

    private const string KeyLabel = "LABEL", KeyRight = "RIGHT", KeyWrong = "WRONG";

    private static readonly SKColor Right = new(0, 140, 0), Wrong = new(200, 0, 0);

    // One pixel more than the images' scale at scales 1 and 2 (2 and 3 pixels a dot), the images' own from 3 on; but
    // never more than a tenth of a tile's width, so a small square tile's number is not taller than half the tile (a
    // 5x5 filter drawn at scale 6, 30 pixels, had digits 30 pixels high). A digit's tile is always wider than that.
    // The width only, not the height: the caption sits in its own band under the tile, covering none of it, and the
    // width is what it must fit under. A 784,30,10 network's output neurons are rows of 30 weights, 92x5 pixels at
    // scale 3: their 15-pixel digits, 9 wide, read as labels at the left under a long strip, where a tenth of the
    // 5-pixel height would draw 3x5-pixel digits, hardly legible.
    private static int CaptionDot(int scale, long tileWidth) => (int)Math.Max(1, Math.Min(Math.Min(scale + 1, Math.Max(scale, 3)), tileWidth / 10));

    private static int KeyHeight(int dot) => PixelFont.Height(dot) + Gap;

    /// <exception cref="NndlException">A name that is not .png; no tiles, tiles of different sizes, or a picture too large; the file cannot be written.</exception>
    /// <remarks><paramref name="tooLarge"/> says what to do instead when the picture is too large, in the words of the command drawing it (null: draw fewer images, or a smaller -Scale).</remarks>
    public static void WritePng(string path, IReadOnlyList<ImageTile> tiles, int gridColumns, int scale, bool overwrite, Func<string>? tooLarge = null)
    {
        PictureFile.FormatOf(path, PictureFormat.Png);
        if (tiles.Count == 0)
        {
            throw new NndlException("PictureEmpty", NndlErrorKind.InvalidArgument,
                "There are no images to draw. Pipe images (Get-MnistSample), predictions (Invoke-Network) or an image set to the command.");
        }

        ImageTile first = tiles[0];
        if (tiles.Any(t => t.Rows != first.Rows || t.Columns != first.Columns || t.Maps != first.Maps || t.Framed != first.Framed))
        {
            throw new NndlException("PictureSizesDiffer", NndlErrorKind.InvalidArgument,
                $"The images are not all {first.Shape}: a grid needs images of one size. Draw each dataset's images in a picture of its own.");
        }

        Layout layout = Layout.Of(tiles, gridColumns, scale);
        if (layout.Width * layout.Height > MaxPixels)
        {
            throw new NndlException("PictureTooLarge", NndlErrorKind.InvalidArgument,
                $"A grid of {tiles.Count} images at scale {scale} would be {layout.Width}x{layout.Height} pixels. " +
                (tooLarge?.Invoke() ?? "Draw fewer images (Select-Object -First), or a smaller -Scale."));
        }

        // Within the bound, every length below fits an int.
        using var bitmap = new SKBitmap((int)layout.Width, (int)layout.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        bitmap.Erase(SKColors.White);
        var pixels = new Pixels(bitmap);
        int dot = layout.Dot, cellWidth = (int)layout.CellWidth, cellHeight = (int)layout.CellHeight, tileHeight = (int)first.Height(scale);
        int gridTop = Gap;
        if (layout.Key)
        {
            int x = PixelFont.Draw(pixels, KeyLabel, Gap, Gap, dot, SKColors.Black);
            x = PixelFont.Draw(pixels, KeyRight, x + (8 * dot), Gap, dot, Right);
            PixelFont.Draw(pixels, KeyWrong, x + (8 * dot), Gap, dot, Wrong);
            gridTop += KeyHeight(dot);
        }

        for (int t = 0; t < tiles.Count; t++)
        {
            ImageTile tile = tiles[t];
            int left = Gap + ((t % gridColumns) * cellWidth);
            int top = gridTop + ((t / gridColumns) * cellHeight);
            DrawTile(pixels, tile, left, top, scale);
            if (tile.Caption is not null)
            {
                int y = top + tileHeight + Gap;
                int x = PixelFont.Draw(pixels, tile.Caption, left, y, dot, SKColors.Black);
                if (tile.Answer is not null)
                {
                    // label, then the network's answer: green when right, red when wrong
                    PixelFont.Draw(pixels, tile.Answer, x + (3 * dot), y, dot, tile.Wrong ? Wrong : Right);
                }
            }
        }

        bitmap.NotifyPixelsChanged(); // written behind its back
        using SKData png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, overwrite, stream => png.SaveTo(stream), "picture.png");
    }

    /// <summary>
    /// The colour of a weight tile's frame and of the lines between its maps. Not a grey: every grey is some weight's
    /// (white the layer's largest positive, mid-grey 0), so a grey frame would merge with the weights of its shade
    /// along a map's edge, as the white background swallowed a white 1x1 filter. A pale blue-grey reads as the
    /// figure's ruling, like the book's, and never as a weight.
    /// </summary>
    internal static readonly SKColor Line = new(150, 175, 210);

    // Each map of the tile in its place of the tile's grid (map m: row m / across, column m % across). A framed tile's
    // maps are each ruled round in the line colour, one pixel shared between neighbours, so the frame and the gaps
    // are one drawing and a missing map of the last row (a prime count) stays the background.
    private static void DrawTile(Pixels pixels, ImageTile tile, int left, int top, int scale)
    {
        int rows = tile.Rows, columns = tile.Columns, across = tile.MapsAcross, mapSize = rows * columns;
        int border = tile.Framed ? ImageTile.MapGap : 0;
        for (int m = 0; m < tile.Maps; m++)
        {
            int mapLeft = left + border + ((m % across) * ((columns * scale) + ImageTile.MapGap));
            int mapTop = top + border + ((m / across) * ((rows * scale) + ImageTile.MapGap));
            if (tile.Framed)
            {
                pixels.Fill(mapLeft - border, mapTop - border, (columns * scale) + (2 * border), (rows * scale) + (2 * border), Line);
            }

            for (int r = 0; r < rows; r++)
            {
                for (int c = 0; c < columns; c++)
                {
                    byte level = (byte)Math.Round(Math.Clamp(tile.Levels[(m * mapSize) + (r * columns) + c], 0, 1) * 255);
                    pixels.Fill(mapLeft + (c * scale), mapTop + (r * scale), scale, scale, new SKColor(level, level, level));
                }
            }
        }
    }
}

/// <summary>
/// A bitmap's pixels, written in place. SKBitmap.SetPixel crosses into native code once per pixel: measured on this
/// 2-core EPYC (2026-12-05), about 2.3 µs a pixel, so a 1024x1024 filter at scale 4 (16 million pixels) took 36 s
/// and a grid at the 64-million-pixel bound some two and a half minutes. Rows of one colour are now filled in memory.
/// </summary>
internal readonly ref struct Pixels
{
    private readonly Span<uint> _pixels;
    private readonly int _stride;
    private readonly int _width, _height;

    public Pixels(SKBitmap bitmap)
    {
        // Rgba8888: four bytes a pixel, rows RowBytes apart.
        _pixels = MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan());
        _stride = bitmap.RowBytes / sizeof(uint);
        _width = bitmap.Width;
        _height = bitmap.Height;
    }

    /// <summary>A rectangle of one colour, cut at the bitmap's edges.</summary>
    public void Fill(int x, int y, int width, int height, SKColor color)
    {
        int right = Math.Min(x + width, _width), bottom = Math.Min(y + height, _height);
        if (x >= right)
        {
            return;
        }

        // The four bytes R, G, B, A as one pixel, in memory order whatever the CPU's byte order.
        ReadOnlySpan<byte> rgba = [color.Red, color.Green, color.Blue, color.Alpha];
        uint pixel = MemoryMarshal.Read<uint>(rgba);
        for (int row = y; row < bottom; row++)
        {
            _pixels.Slice((row * _stride) + x, right - x).Fill(pixel);
        }
    }
}

/// <summary>Digits (and a few signs) 3 pixels wide and 5 high, each pixel drawn as a square of the grid's scale.</summary>
internal static class PixelFont
{
    private static readonly Dictionary<char, string> Glyphs = new()
    {
        ['0'] = "111101101101111", ['1'] = "010110010010111", ['2'] = "111001111100111", ['3'] = "111001111001111",
        ['4'] = "101101111001001", ['5'] = "111100111001111", ['6'] = "111100111101111", ['7'] = "111001010010010",
        ['8'] = "111101111101111", ['9'] = "111101111001111", ['-'] = "000000111000000", [' '] = "000000000000000",
        // The key's letters: LABEL, RIGHT, WRONG.
        ['A'] = "010101111101101", ['B'] = "110101110101110", ['E'] = "111100110100111", ['L'] = "100100100100111",
        ['R'] = "110101110101101", ['I'] = "111010010010111", ['G'] = "011100101101011", ['H'] = "101101111101101",
        ['T'] = "111010010010010", ['W'] = "101101101111101", ['O'] = "010101101101010", ['N'] = "110101101101101",
    };

    public static int Height(int scale) => 5 * Math.Max(1, scale);

    /// <summary>The width <paramref name="text"/> takes: 4 dots a character, the last one's gap left out.</summary>
    public static int Width(string text, int scale) => Math.Max(0, (4 * text.Length) - 1) * Math.Max(1, scale);

    /// <returns>The x just after the text.</returns>
    public static int Draw(Pixels pixels, string text, int x, int y, int scale, SKColor color)
    {
        int dot = Math.Max(1, scale);
        foreach (char ch in text)
        {
            string glyph = Glyphs.GetValueOrDefault(ch, "111101101101111");
            for (int i = 0; i < 15; i++)
            {
                if (glyph[i] == '1')
                {
                    pixels.Fill(x + (i % 3 * dot), y + (i / 3 * dot), dot, dot, color);
                }
            }

            x += 4 * dot;
        }

        return x;
    }
}
