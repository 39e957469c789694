namespace RenderFarm.Storage.Objects;

/// <summary>
/// The bytes of a farm's media store, by key: a shared folder, an S3 bucket, an Azure Blob container or
/// a Google Cloud Storage bucket. Keys are relative, '/'-separated and checked by <see cref="ObjectKey"/>.
/// A store that cannot be reached throws <see cref="ObjectStoreUnavailableException"/>, which callers retry;
/// anything else it throws is not worth retrying.
/// </summary>
public interface IObjectStore
{
    /// <summary>Where the object is, for people: a path, or a URI such as <c>s3://bucket/prefix/key</c>.</summary>
    string Describe(string key);

    /// <summary>The object as a file this machine can read in place (a shared folder), or null when it must be fetched.</summary>
    string? LocalPath(string key);

    /// <summary>The object's size and time, or null when there is none under <paramref name="key"/>.</summary>
    Task<StoredObject?> HeadAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes the whole object from <paramref name="content"/> (<paramref name="length"/> bytes, read
    /// from its current position). Readers see the old object or the new one, never a part of it.
    /// Without <paramref name="overwrite"/>, an object already under the key is kept and false returned.
    /// </summary>
    Task<bool> PutAsync(string key, Stream content, long length, bool overwrite, CancellationToken cancellationToken);

    /// <summary>Reads the object from <paramref name="offset"/> to its end.</summary>
    /// <exception cref="StoredObjectNotFoundException">No object under the key.</exception>
    Task<Stream> OpenReadAsync(string key, long offset, CancellationToken cancellationToken);

    /// <summary>True when an object was there and is now gone.</summary>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Every object whose key starts with <paramref name="prefix"/> (empty for all), in key order.</summary>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);
}
