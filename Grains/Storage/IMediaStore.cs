using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage;

/// <summary>
/// Where a farm's media lives: uploaded assets, each job's chunk files and sound, and the finished outputs,
/// by key (<see cref="MediaKeys"/>) in one store every node reaches. Calls wait out a store that cannot be
/// reached for <see cref="MediaStoreOptions.OutageTolerance"/>, trying again with backoff.
/// </summary>
public interface IMediaStore
{
    /// <summary>The folder timeline asset paths resolve against (assets named by path, not uploaded).</summary>
    string AssetsRoot { get; }

    /// <summary>The store's objects, with outages waited out.</summary>
    IObjectStore Objects { get; }

    /// <summary>Where a key's object is, for people: a path or a URI.</summary>
    string Describe(string key);

    /// <summary>
    /// Moves a finished local file into the store under <paramref name="key"/>, whole. Without
    /// <paramref name="replace"/>, an object already committed there stays and the new one is dropped, so
    /// that a chunk raced by two attempts is committed once. True when this file was committed.
    /// </summary>
    Task<bool> CommitAsync(string localFile, string key, bool replace, CancellationToken cancellationToken);

    /// <summary>
    /// The object as a file ffmpeg can read: in place in a folder store, else fetched into
    /// <paramref name="workFolder"/> and removed when the returned file is disposed.
    /// </summary>
    /// <exception cref="StoredObjectNotFoundException">Nothing under the key.</exception>
    Task<LocalMediaFile> FetchAsync(string key, string workFolder, CancellationToken cancellationToken);

    /// <summary>Removes a job's intermediate files (chunks and sound), keeping its output.</summary>
    Task DeleteIntermediatesAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Removes everything a job has in the store, its output too.</summary>
    Task DeleteJobAsync(Guid jobId, CancellationToken cancellationToken);
}
