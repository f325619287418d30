namespace NndlPS.Core.Tests;

public class MnistLoaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Splits_training_into_training_and_validation_like_the_book(bool gzip)
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 60, test: 20, gzip: gzip);

        MnistDataset data = MnistLoader.Load(files.Folder, validationSize: 15);

        Assert.Equal(45, data.Training.Count);
        Assert.Equal(15, data.Validation.Count);
        Assert.Equal(20, data.Test.Count);
        Assert.Equal(6, data.Training.InputSize);
        Assert.Equal(10, data.Training.ClassCount);
        // The validation set is the *last* images of the training file: image 45 is pixels 270..275.
        Assert.Equal(5, data.Validation.GetLabel(0));
        Assert.Equal(270 % 256 / 255f, data.Validation.GetImage(0)[0], 6);
        Assert.Equal(1f, data.Training.GetImage(42)[3]); // pixel 255 scales to exactly 1
    }

    [Fact]
    public void Accepts_the_Kaggle_file_names()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 12, test: 4);
        foreach (string name in MnistFiles.All)
        {
            File.Move(Path.Combine(files.Folder, name), Path.Combine(files.Folder, name.Replace("-idx", ".idx")));
        }

        Assert.Equal(4, MnistLoader.Load(files.Folder, validationSize: 2).Test.Count);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 12, test: 4);
        File.Delete(Path.Combine(files.Folder, MnistFiles.TestLabels));

        var ex = Assert.Throws<NndlException>(() => MnistLoader.Load(files.Folder, 2));

        Assert.Equal("MnistFileNotFound", ex.ErrorId);
        Assert.Contains(MnistFiles.TestLabels, ex.Message);
    }

    [Fact]
    public void Image_and_label_counts_that_differ_are_refused()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 12, test: 4);
        files.Write(MnistFiles.TestLabels, IdxTestFiles.Idx(0x08, [3], [1, 2, 3]));

        Assert.Equal("MnistCountMismatch", Assert.Throws<NndlException>(() => MnistLoader.Load(files.Folder, 2)).ErrorId);
    }

    [Fact]
    public void Labels_outside_0_to_9_are_refused()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 12, test: 4);
        files.Write(MnistFiles.TestLabels, IdxTestFiles.Idx(0x08, [4], [1, 2, 10, 3]));

        Assert.Equal("MnistLabelOutOfRange", Assert.Throws<NndlException>(() => MnistLoader.Load(files.Folder, 2)).ErrorId);
    }

    [Fact]
    public void Images_and_labels_swapped_are_refused()
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 12, test: 4);
        File.Copy(Path.Combine(files.Folder, MnistFiles.TestLabels), Path.Combine(files.Folder, MnistFiles.TestImages), overwrite: true);

        Assert.Equal("MnistImagesInvalid", Assert.Throws<NndlException>(() => MnistLoader.Load(files.Folder, 2)).ErrorId);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(12)]
    public void A_validation_size_the_file_cannot_give_is_refused(int validationSize)
    {
        using var files = new IdxTestFiles();
        files.WriteMnist(train: 12, test: 4);

        Assert.Equal("ValidationSizeOutOfRange", Assert.Throws<NndlException>(() => MnistLoader.Load(files.Folder, validationSize)).ErrorId);
    }

    [Fact]
    public void A_missing_folder_is_not_found()
    {
        var ex = Assert.Throws<NndlException>(() => MnistLoader.Load("/no/such/folder"));
        Assert.Equal("MnistFolderNotFound", ex.ErrorId);
        Assert.Equal(NndlErrorKind.NotFound, ex.Kind);
    }
}
