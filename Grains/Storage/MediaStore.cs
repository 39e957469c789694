using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage;

/// <summary>The farm's media on the store <c>MediaStore:Kind</c> names, with outages waited out.</summary>
public sealed class MediaStore : IMediaStore
{
    private readonly IObjectStore raw;
    private readonly StoreOutageRetry retry;

    public MediaStore(IOptions<MediaStoreOptions> options, TimeProvider clock, ILogger<MediaStore> logger)
        : this(options.Value, ObjectStoreFactory.Create(options.Value), clock, logger)
    {
    }

    public MediaStore(MediaStoreOptions options, IObjectStore store, TimeProvider clock, ILogger logger)
    {
        options.Validate();
        raw = store;
        retry = new StoreOutageRetry(options.OutageTolerance, clock, (error, delay) =>
            logger.LogWarning("The media store cannot be reached ({Reason}); trying again in {Delay}", error.Message, delay));
        Objects = new RetryingObjectStore(store, retry);
        AssetsRoot = Path.GetFullPath(options.AssetsRoot ?? Path.Combine(options.Root, "assets"));
        Directory.CreateDirectory(AssetsRoot);
    }

    public string AssetsRoot { get; }

    public IObjectStore Objects { get; }

    public string Describe(string key) => raw.Describe(key);

    public async Task<bool> CommitAsync(string localFile, string key, bool replace, CancellationToken cancellationToken)
    {
        if (raw is FolderObjectStore folder)
            return await folder.MoveInAsync(localFile, key, replace, cancellationToken);
        try
        {
            await using var content = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            return await Objects.PutAsync(key, content, content.Length, replace, cancellationToken);
        }
        finally
        {
            File.Delete(localFile);
        }
    }

    public async Task<LocalMediaFile> FetchAsync(string key, string workFolder, CancellationToken cancellationToken)
    {
        if (raw.LocalPath(key) is { } inPlace)
        {
            return File.Exists(inPlace)
                ? new LocalMediaFile(inPlace, fetched: false)
                : throw new StoredObjectNotFoundException(key, inPlace);
        }
        Directory.CreateDirectory(workFolder);
        var target = Path.Combine(workFolder, $"{Guid.NewGuid():N}-{key[(key.LastIndexOf('/') + 1)..]}");
        try
        {
            await StoreDownload.ToFileAsync(Objects, key, target, hash: null, cancellationToken);
            return new LocalMediaFile(target, fetched: true);
        }
        catch
        {
            File.Delete(target);
            throw;
        }
    }

    public async Task DeleteIntermediatesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var doomed = new List<string>();
        await foreach (var item in Objects.ListAsync(MediaKeys.JobFolder(jobId), cancellationToken))
        {
            var name = item.Key[MediaKeys.JobFolder(jobId).Length..];
            if (name.StartsWith("chunks/", StringComparison.Ordinal) || name.StartsWith("audio.", StringComparison.Ordinal))
                doomed.Add(item.Key);
        }
        foreach (var key in doomed)
            await Objects.DeleteAsync(key, cancellationToken);
        if (raw is FolderObjectStore folder)
            DeleteEmptyFolder(Path.Combine(folder.Root, MediaKeys.ChunksFolder(jobId)));
    }

    public async Task DeleteJobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var doomed = new List<string>();
        await foreach (var item in Objects.ListAsync(MediaKeys.JobFolder(jobId), cancellationToken))
            doomed.Add(item.Key);
        foreach (var key in doomed)
            await Objects.DeleteAsync(key, cancellationToken);
        if (raw is FolderObjectStore folder)
        {
            DeleteEmptyFolder(Path.Combine(folder.Root, MediaKeys.ChunksFolder(jobId)));
            DeleteEmptyFolder(Path.Combine(folder.Root, MediaKeys.JobFolder(jobId)));
        }
    }

    private static void DeleteEmptyFolder(string path)
    {
        if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            Directory.Delete(path);
    }
}
