using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Storage;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// A test farm whose silos keep their media in a bucket of s3rver and whose assets root is an empty
/// folder, and a client folder of its own holding the sample media: the silos cannot read the client's files.
/// </summary>
public sealed class StoreFarm : IAsyncDisposable
{
    private readonly TestDirectory emptyAssets;

    private StoreFarm(TestFarm farm, TestDirectory client, TestDirectory emptyAssets, string bucket)
    {
        this.emptyAssets = emptyAssets;
        Farm = farm;
        Client = client;
        Bucket = bucket;
    }

    public TestFarm Farm { get; }

    /// <summary>The client's machine: a folder with copies of the sample media.</summary>
    public TestDirectory Client { get; }

    public string Bucket { get; }

    public static async Task<StoreFarm> StartAsync(S3rverServer server, int silos)
    {
        await SampleMedia.EnsureAsync();
        var bucket = $"farm-{Guid.NewGuid():N}"[..24];
        await server.CreateBucketAsync(bucket);
        var client = new TestDirectory("client-media");
        foreach (var file in Directory.EnumerateFiles(SampleMedia.Root))
            File.Copy(file, client.File(Path.GetFileName(file)));
        var emptyAssets = new TestDirectory("no-assets");
        var farm = await TestFarm.StartAsync(silos, configureSilo: services => services.Configure<MediaStoreOptions>(store =>
        {
            store.Kind = MediaStoreKind.S3;
            store.S3 = server.Options(bucket);
            store.AssetsRoot = emptyAssets.Path;
        }));
        return new StoreFarm(farm, client, emptyAssets, bucket);
    }

    /// <summary>Every file of the timeline's assets lies in the client's folder, none in the farm's assets root.</summary>
    public long ClientBytes(Timeline timeline) =>
        timeline.Assets.Values.Select(a => new FileInfo(Client.File(a.Path)).Length).Sum();

    public async ValueTask DisposeAsync()
    {
        await Farm.DisposeAsync();
        Client.Dispose();
        emptyAssets.Dispose();
    }
}
