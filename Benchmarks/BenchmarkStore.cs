using RenderFarm.Storage;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Benchmarks;

/// <summary>
/// A store the media benchmark runs on: the farm's settings for it, the store itself, and the plain copy
/// of the same bytes that each farm transfer is measured against. Disposing it removes all it holds.
/// </summary>
internal interface IBenchmarkStore : IAsyncDisposable
{
    string Name { get; }

    IObjectStore Objects { get; }

    /// <summary>Points the farm's media store at this store.</summary>
    void Configure(MediaStoreOptions options);

    Task PlainUploadAsync(string file, string key, CancellationToken cancellationToken);

    Task PlainDownloadAsync(string key, string target, CancellationToken cancellationToken);
}
