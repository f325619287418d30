namespace NndlPS.Core.Tests;

/// <summary>
/// Exports racing each other into one place, with the interleaving forced through <see cref="IdxWriter.BeforePublish"/>
/// rather than hoped for from two processes: the second export runs inside the first, between its writes and its
/// first rename, where an up-front existence check has already passed.
/// </summary>
public class ExportRaceTests
{
    private static MnistDataset Tiny(IdxTestFiles files, int train, int test)
    {
        files.WriteMnist(train, test);
        return MnistLoader.LoadFolder(files.Folder, new DatasetLoadOptions { ValidationSize = 5 });
    }

    [Fact]
    public void Of_two_exports_into_one_folder_without_Force_one_wins_whole_and_the_other_replaces_nothing()
    {
        using var source = new IdxTestFiles();
        MnistDataset mine = Tiny(source, train: 20, test: 5);
        MnistDataset theirs = MnistLoader.LoadFolder(source.Folder, new DatasetLoadOptions { ValidationSize = 5, First = 3 });
        using var target = new IdxTestFiles();
        string folder = Path.Combine(target.Folder, "shared");
        try
        {
            IdxWriter.BeforePublish = _ =>
            {
                IdxWriter.BeforePublish = null;
                IdxWriter.Export(theirs, folder); // the other process, between our check and our renames
            };

            NndlException error = Assert.Throws<NndlException>(() => IdxWriter.Export(mine, folder));
            Assert.Equal(("ExportTargetExists", NndlErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
        }
        finally
        {
            IdxWriter.BeforePublish = null;
        }

        MnistDataset back = MnistLoader.LoadFolder(folder, new DatasetLoadOptions());
        Assert.Equal(3, back.Test.Count); // theirs, whole: no file of ours replaced one of theirs
        Assert.Equal(theirs.Test.GetImage(2), back.Test.GetImage(2));
        Assert.Empty(Directory.GetFiles(folder, ".*"));
    }

    [Fact]
    public void A_failed_export_removes_the_folder_it_created_and_nothing_else()
    {
        using var source = new IdxTestFiles();
        MnistDataset data = Tiny(source, train: 20, test: 5);
        string folder = Path.Combine(source.Folder, "new");
        try
        {
            IdxWriter.BeforePublish = _ => throw new IOException("No space left on device");
            Assert.Equal("ExportFailed", Assert.Throws<NndlException>(() => IdxWriter.Export(data, folder)).ErrorId);
            Assert.False(Directory.Exists(folder));

            Directory.CreateDirectory(folder); // a folder the user made is theirs: left, empty, as it was
            Assert.Equal("ExportFailed", Assert.Throws<NndlException>(() => IdxWriter.Export(data, folder)).ErrorId);
            Assert.True(Directory.Exists(folder));
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            IdxWriter.BeforePublish = null;
        }
    }

    [Fact]
    public void A_no_replace_move_onto_a_name_that_exists_fails_and_leaves_both_files_as_they_were()
    {
        using var files = new IdxTestFiles();
        string source = Path.Combine(files.Folder, ".new.partial"), target = Path.Combine(files.Folder, "net.json");
        File.WriteAllText(source, "new");
        File.WriteAllText(target, "theirs");

        Assert.Throws<IOException>(() => NoReplaceMove.Move(source, target));
        Assert.Equal(("theirs", "new"), (File.ReadAllText(target), File.ReadAllText(source)));

        File.Delete(target);
        NoReplaceMove.Move(source, target);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.False(File.Exists(source));
    }
}
