using RenderFarm.Storage.Objects;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Storage;

public sealed class FolderObjectStoreTests : ObjectStoreContract, IDisposable
{
    private readonly TestDirectory folder = new("folder-store");

    public FolderObjectStoreTests() => Store = new FolderObjectStore(folder.Path);

    protected override IObjectStore Store { get; }

    [Fact]
    public async Task An_object_is_a_file_at_its_key_s_path_and_staging_files_are_not_listed()
    {
        await PutAsync("jobs/a/output.mp4", [1, 2, 3], overwrite: true);
        File.WriteAllBytes(Path.Combine(folder.Path, "jobs", "a", ".output.mp4.123.partial"), [9]);

        Assert.Equal(Path.Combine(folder.Path, "jobs", "a", "output.mp4"), Store.LocalPath("jobs/a/output.mp4"));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Store.LocalPath("jobs/a/output.mp4")!));
        var listed = new List<string>();
        await foreach (var item in Store.ListAsync("jobs/", TestContext.Current.CancellationToken))
            listed.Add(item.Key);
        Assert.Equal(["jobs/a/output.mp4"], listed);
    }

    public void Dispose() => folder.Dispose();
}
