using System.Runtime.CompilerServices;

namespace RenderFarm.Storage.Objects;

/// <summary>
/// A store whose calls wait out an outage (<see cref="StoreOutageRetry"/>). A put is tried again only
/// when its content can be rewound; a listing is collected whole, then handed out.
/// </summary>
public sealed class RetryingObjectStore(IObjectStore inner, StoreOutageRetry retry) : IObjectStore
{
    public IObjectStore Inner { get; } = inner;

    public string Describe(string key) => Inner.Describe(key);

    public string? LocalPath(string key) => Inner.LocalPath(key);

    public Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken) =>
        retry.RunAsync(token => Inner.HeadAsync(key, token), cancellationToken);

    public Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken)
    {
        if (!content.CanSeek)
            return Inner.PutAsync(key, content, length, overwrite, cancellationToken);
        var start = content.Position;
        return retry.RunAsync(token =>
        {
            content.Position = start;
            return Inner.PutAsync(key, content, length, overwrite, token);
        }, cancellationToken);
    }

    public Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken) =>
        retry.RunAsync(token => Inner.OpenReadAsync(key, offset, token), cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
        retry.RunAsync(token => Inner.DeleteAsync(key, token), cancellationToken);

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Listings are short and restartable: collected whole inside the retry, then handed out.
        var listed = await retry.RunAsync(async token =>
        {
            var items = new List<StoredObject>();
            await foreach (var item in Inner.ListAsync(prefix, token))
                items.Add(item);
            return items;
        }, cancellationToken);
        foreach (var item in listed)
            yield return item;
    }
}
