using SkiaSharp;

namespace NndlPS.Core.Tests;

/// <summary>Export-NetworkImage's pictures: where each weight is drawn, and in which grey.</summary>
public class NetworkPictureTests
{
    // The grid's outer gap and the gap between cells (ImageGrid.Gap).
    private const int Gap = 4;

    private static SKColor PixelAt(string png, int x, int y)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png);
        return bitmap.GetPixel(x, y);
    }

    private static string TempPng() => Path.Combine(Path.GetTempPath(), $"nndlps-picture-{Guid.NewGuid():N}.png");

    [Fact]
    public void A_fully_connected_layer_after_convolutions_draws_each_neuron_as_its_input_maps_in_a_grid_one_pixel_apart()
    {
        // 1x10x10 through 3 filters of 3x3 and a 2x2 pool: the first fully connected layer sees 3 maps of 4x4 (48
        // inputs), stored channel-major as network3.py's reshape. It was one row of 48 weights.
        Network network = Network.Create(new ImageShape(1, 10, 10),
            [new ConvPoolLayerDesign(3, 3, 2, ActivationKind.ReLU), new SoftmaxLayerDesign(2)], 1);
        Layer layer = network.Layers[0];
        Array.Clear(layer.Weights);
        layer.SetWeight(0, (2 * 16) + (1 * 4) + 3, 1f); // neuron 0: channel 2, row 1, column 3 (its brightest)
        layer.SetWeight(0, (1 * 16) + (3 * 4) + 0, -1f); // channel 1, row 3, column 0 (its darkest)

        IReadOnlyList<ImageTile> tiles = NetworkPicture.Tiles(network, 1);
        Assert.Equal(2, tiles.Count);
        Assert.Equal(3, tiles[0].Maps);
        Assert.Equal((4, 4), (tiles[0].Rows, tiles[0].Columns));
        // Three maps in a row (three channels read at once side by side), ruled round and between: 3·4·s + 4 pixels
        // wide, 4·s + 2 high.
        const int scale = 5;
        Assert.Equal((64L, 22L), (tiles[0].Width(scale), tiles[0].Height(scale)));

        string png = TempPng();
        try
        {
            ImageGrid.WritePng(png, tiles, gridColumns: 2, scale, overwrite: false);
            int inside = Gap + 1, mapStep = (4 * scale) + 1;
            // Map 2 is the row's third, map 1 its second. Sample each weight's square in its middle.
            Assert.Equal(SKColors.White, PixelAt(png, inside + (2 * mapStep) + (3 * scale) + 2, inside + (1 * scale) + 2));
            Assert.Equal(SKColors.Black, PixelAt(png, inside + mapStep + (0 * scale) + 2, inside + (3 * scale) + 2));
            SKColor zero = PixelAt(png, inside + 2, inside + 2);
            Assert.Equal((128, 128, 128), (zero.Red, zero.Green, zero.Blue));
            // The frame, and the one-pixel gaps between maps 0 and 1 and between maps 1 and 2, are the line colour:
            // beside a white gap, the white weight at map 2's right edge vanished.
            Assert.Equal(ImageGrid.Line, PixelAt(png, Gap, Gap + 2));
            Assert.Equal(ImageGrid.Line, PixelAt(png, Gap + 2, Gap));
            Assert.Equal(ImageGrid.Line, PixelAt(png, inside + (4 * scale), inside + 2));
            Assert.Equal(ImageGrid.Line, PixelAt(png, inside + mapStep + (4 * scale), inside + 2));
            Assert.Equal(ImageGrid.Line, PixelAt(png, inside + (2 * mapStep) + (4 * scale), inside + (1 * scale) + 2)); // right of map 2
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void A_filter_over_several_channels_draws_them_as_a_grid_of_ruled_maps_on_one_grey_scale()
    {
        // The book's network #4 in small: a second layer of 5x5 filters over 20 channels. Each filter was one 5x100
        // strip, channel 0 on top, with nothing between its channels: which weight was which channel's could not be seen.
        Network network = Network.Create(new ImageShape(1, 14, 14),
            [new ConvPoolLayerDesign(20, 5, 1, ActivationKind.ReLU), new ConvPoolLayerDesign(2, 5, 2, ActivationKind.ReLU), new SoftmaxLayerDesign(2)], 1);
        ConvPoolLayer layer = network.ConvolutionalLayers[1];
        Array.Clear(layer.Weights);
        layer.SetWeight(0, 1, 0, 0, 1f);    // channel 1 (the first row's second map), its top left: the filter's largest, white
        layer.SetWeight(0, 5, 4, 4, -1f);   // channel 5 (the second row's first map), its bottom right: black
        layer.SetWeight(0, 7, 2, 2, 0.5f);  // channel 7: half the largest, which is another channel's

        IReadOnlyList<ImageTile> tiles = NetworkPicture.Tiles(network, 1);
        Assert.Equal(2, tiles.Count);
        Assert.Equal((20, 5, 5), (tiles[0].Maps, tiles[0].Rows, tiles[0].Columns));
        Assert.Equal((5, 4), (tiles[0].MapsAcross, tiles[0].MapsDown));
        // 5 maps across and 4 down, ruled round and between: 5·5·s + 6 pixels wide, 4·5·s + 5 high (the strip was 5·s + 2 by 100·s + 2).
        const int scale = 3;
        Assert.Equal(((25 * scale) + 6L, (20 * scale) + 5L), (tiles[0].Width(scale), tiles[0].Height(scale)));
        // The default scale is the whole tile's: its 25-weight side is 75 pixels at scale 3, over the 30 asked for.
        Assert.Equal(NetworkPicture.DefaultScale, NetworkPicture.ScaleFor(tiles, null));

        string png = TempPng();
        try
        {
            ImageGrid.WritePng(png, tiles, gridColumns: 2, scale, overwrite: false);
            int inside = Gap + 1, mapStep = (5 * scale) + 1;
            SKColor zero = PixelAt(png, inside + 1, inside + 1); // channel 0's top left
            Assert.Equal((128, 128, 128), (zero.Red, zero.Green, zero.Blue));
            // The pixel between channels 0 and 1, and between channels 0 and 5, is the frame's line, not a weight.
            Assert.Equal(ImageGrid.Line, PixelAt(png, inside + (5 * scale), inside + 1));
            Assert.Equal(ImageGrid.Line, PixelAt(png, inside + 1, inside + (5 * scale)));
            Assert.Equal(SKColors.White, PixelAt(png, inside + mapStep + 1, inside + 1));
            Assert.Equal(SKColors.Black, PixelAt(png, inside + (4 * scale) + 1, inside + mapStep + (4 * scale) + 1));
            // One grey scale for the whole filter: channel 7's 0.5 is half way to white, though its own largest is 0.5.
            SKColor half = PixelAt(png, inside + (2 * mapStep) + (2 * scale) + 1, inside + mapStep + (2 * scale) + 1);
            Assert.Equal((191, 191, 191), (half.Red, half.Green, half.Blue));
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Fact]
    public void A_1x1_filter_at_the_layers_largest_weight_is_white_inside_a_frame_not_lost_on_the_white_paper()
    {
        // The layer's largest weight is positive: filter 0 is drawn pure white, which on the white background was
        // no shape at all, its caption under nothing.
        Network network = Network.Create(new ImageShape(1, 4, 4), [new ConvPoolLayerDesign(2, 1, 1, ActivationKind.ReLU), new SoftmaxLayerDesign(3)], 1);
        network.ConvolutionalLayers[0].SetWeight(0, 0, 0, 0, 2f);
        network.ConvolutionalLayers[0].SetWeight(1, 0, 0, 0, -1f);
        IReadOnlyList<ImageTile> tiles = NetworkPicture.Tiles(network, 0);
        const int scale = 6;
        Assert.Equal((scale + 2L, scale + 2L), (tiles[0].Width(scale), tiles[0].Height(scale)));

        string png = TempPng();
        try
        {
            ImageGrid.WritePng(png, tiles, gridColumns: 2, scale, overwrite: false);
            Assert.Equal(SKColors.White, PixelAt(png, Gap + 1 + (scale / 2), Gap + 1 + (scale / 2)));
            foreach ((int x, int y) in new[] { (Gap, Gap), (Gap + scale + 1, Gap + 3), (Gap + 3, Gap + scale + 1), (Gap, Gap + scale + 1) })
            {
                Assert.Equal(ImageGrid.Line, PixelAt(png, x, y));
            }

            // The line is no grey a weight can have, white or the mid-grey of 0.
            Assert.False(ImageGrid.Line.Red == ImageGrid.Line.Green && ImageGrid.Line.Green == ImageGrid.Line.Blue);
        }
        finally
        {
            File.Delete(png);
        }
    }

    [Theory]
    [InlineData(40, 8, 5)] // the book's network #4, layer 2: ⌈√40⌉ gave 7x6 with 2 places empty
    [InlineData(20, 5, 4)]
    [InlineData(12, 4, 3)]
    [InlineData(6, 3, 2)]
    [InlineData(8, 4, 2)]
    [InlineData(9, 3, 3)]
    [InlineData(2, 2, 1)]
    [InlineData(1, 1, 1)]
    [InlineData(3, 3, 1)]  // three colour channels in a row: a 2x2 grid with a place empty drew a "P"
    [InlineData(7, 3, 3)]  // a prime: 7x1 would be a line
    [InlineData(13, 4, 4)]
    [InlineData(10, 4, 3)] // 5x2 is more than twice as wide as high
    public void A_neurons_maps_fill_whole_rows_of_a_near_square_grid_where_a_divisor_allows(int maps, int across, int down)
    {
        var tile = new ImageTile(new float[maps], 1, 1) { Maps = maps };
        Assert.Equal((across, down), (tile.MapsAcross, tile.MapsDown));
    }

    [Fact]
    public void A_layer_too_large_in_its_map_grid_is_refused_and_the_advice_fits()
    {
        // 20 maps of 24x24 a neuron: 5 across, 4 down: 120x96 weights, 4 and 3 gap pixels and a 1-pixel frame.
        Network network = Network.Create(new ImageShape(1, 28, 28),
            [new ConvPoolLayerDesign(20, 5, 1, ActivationKind.ReLU), new FullyConnectedLayerDesign(1000, ActivationKind.ReLU), new SoftmaxLayerDesign(10)], 1);
        IReadOnlyList<ImageTile> tiles = NetworkPicture.Tiles(network, 1);
        Assert.Equal((120 * 3) + 4 + 2L, tiles[0].Width(3));
        Assert.Equal((96 * 3) + 3 + 2L, tiles[0].Height(3));
        // In try/finally as the other tests: a regression that drew the picture would otherwise leave it in the temp folder.
        string png = TempPng();
        try
        {
            var tooLarge = Assert.Throws<NndlException>(() => ImageGrid.WritePng(png, tiles, 10, 3, overwrite: false,
                () => NetworkPicture.TooLargeAdvice(tiles, 10, 3)));
            Assert.Equal("PictureTooLarge", tooLarge.ErrorId);
            Assert.Contains("-Scale 2 -Columns", tooLarge.Message);
            Assert.False(File.Exists(png)); // refused before anything is written
        }
        finally
        {
            File.Delete(png);
        }

        int columns = ImageGrid.ColumnsThatFit(tiles, 10, 2);
        (long width, long height) = ImageGrid.Size(tiles, columns, 2);
        Assert.InRange(width * height, 1, ImageGrid.MaxPixels);
    }

    private static IReadOnlyList<ImageTile> Tiles(int count, int rows, int columns, int maps = 1, bool framed = true, bool answers = false) =>
        Enumerable.Range(0, count).Select(i => new ImageTile([], rows, columns, i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            answers ? (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : null, Wrong: i % 3 == 0) { Maps = maps, Framed = framed }).ToArray();

    // The advice as it was before ColumnsThatFit measured captions once per scale: the same, only sooner.
    public static TheoryData<string, int, int, string> TooLargeShapes => new()
    {
        // 784,20000,10's first layer, -Columns 1000 -Scale 16: it took 4.1 s when every column count measured every caption.
        { "20000 of 28x28", 1000, 16, "Draw it with a smaller -Scale or fewer -Columns: -Scale 1 -Columns 1000 fits." },
        // 600 neurons over 20 maps of 24x24 (Pictures.Tests.ps1's too-large layer).
        { "600 of 20 maps of 24x24", 10, 3, "Draw it with a smaller -Scale or fewer -Columns: -Scale 2 -Columns 10 fits." },
        { "600 of 20 maps of 24x24", 600, 3, "Draw it with a smaller -Scale or fewer -Columns: -Scale 2 -Columns 600 fits." },
        // A convolutional layer of 2,000 filters over 20 channels, each 5 maps across and 4 down: 206x165 pixels at
        // scale 8, 8,404x10,654 in all at 40 columns with the captions (dots of the scale); 7,404x9,404 (69.6 million
        // pixels) at 7; 6,404x8,154 at 6, within the bound.
        { "2000 filters of 20 maps of 5x5", 40, 8, "Draw it with a smaller -Scale or fewer -Columns: -Scale 6 -Columns 40 fits." },
        { "5000 predictions of 28x28", 100, 8, "Draw it with a smaller -Scale or fewer -Columns: -Scale 3 -Columns 100 fits." },
        { "5000 predictions of 28x28", 5000, 8, "Draw it with a smaller -Scale or fewer -Columns: -Scale 3 -Columns 5000 fits." },
        { "1 of 10000x10000", 10, 2, "Even at -Scale 1 -Columns 1 its 1 tiles of 10000x10000 weights are more than one picture may hold (67,108,864 pixels): this layer has too many neurons or weights to draw." },
    };

    [Theory]
    [MemberData(nameof(TooLargeShapes))]
    public void The_too_large_advice_and_the_columns_that_fit_are_those_of_the_full_layout(string shape, int columns, int scale, string advice)
    {
        IReadOnlyList<ImageTile> tiles = shape switch
        {
            "20000 of 28x28" => Tiles(20000, 28, 28),
            "600 of 20 maps of 24x24" => Tiles(600, 24, 24, maps: 20),
            "2000 filters of 20 maps of 5x5" => Tiles(2000, 5, 5, maps: 20),
            "5000 predictions of 28x28" => Tiles(5000, 28, 28, framed: false, answers: true),
            _ => Tiles(1, 10000, 10000),
        };
        Assert.Equal(advice, NetworkPicture.TooLargeAdvice(tiles, columns, scale));
        for (int s = 1; s <= scale; s++)
        {
            // The most columns whose whole layout (ImageGrid.Size) is within the bound, counted the slow way.
            int expected = Enumerable.Range(1, columns).Reverse().FirstOrDefault(c => ImageGrid.Size(tiles, c, s) is var size && size.Width * size.Height <= ImageGrid.MaxPixels);
            Assert.Equal(expected, ImageGrid.ColumnsThatFit(tiles, columns, s));
        }
    }

    [Fact]
    public void A_tile_whose_weights_are_all_equal_is_grey_against_the_layers_largest_weight_not_black_or_white()
    {
        // 1x1 filters: each tile is one weight, its own largest |w|, so each was drawn pure white or black.
        Network network = Network.Create(new ImageShape(1, 4, 4), [new ConvPoolLayerDesign(3, 1, 1, ActivationKind.ReLU), new SoftmaxLayerDesign(3)], 1);
        ConvPoolLayer filters = network.ConvolutionalLayers[0];
        filters.SetWeight(0, 0, 0, 0, 0.5f);
        filters.SetWeight(1, 0, 0, 0, -2f);
        filters.SetWeight(2, 0, 0, 0, 0f);
        IReadOnlyList<ImageTile> tiles = NetworkPicture.Tiles(network, 0);
        Assert.Equal(0.5f + (0.5f * 0.5f / 2f), tiles[0].Levels[0]); // a quarter of the layer's largest |w|: light grey
        Assert.Equal(0f, tiles[1].Levels[0]);                        // the layer's most negative: black
        Assert.Equal(0.5f, tiles[2].Levels[0]);                      // 0: mid-grey

        // A fully connected neuron whose weights are all equal is drawn the same way; the others keep their own
        // contrast, their largest |w| at black or white, as the book's figures draw them.
        Layer layer = network.Layers[0];
        layer.Weights.AsSpan(0, layer.InputSize).Fill(0.25f);
        layer.Weights.AsSpan(layer.InputSize, layer.InputSize).Fill(0.1f);
        layer.SetWeight(1, 5, -0.5f);
        layer.SetWeight(2, 0, 2f); // the layer's largest |w|
        tiles = NetworkPicture.Tiles(network, 1);
        Assert.All(tiles[0].Levels, level => Assert.Equal(0.5f + (0.5f * 0.25f / 2f), level));
        Assert.Equal(0f, tiles[1].Levels[5]);
        Assert.Equal(0.5f + (0.5f * 0.1f / 0.5f), tiles[1].Levels[0]);
    }
}
