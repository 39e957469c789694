using RenderFarm.Chunks;

namespace RenderFarm.Storage;

/// <summary>
/// Where a farm's media lives: the assets timelines name, each job's chunk files and sound, and the
/// finished outputs. Every node sees the same store; files enter it only whole (committed atomically).
/// </summary>
public interface IMediaStore
{
    /// <summary>The folder timeline asset paths resolve against.</summary>
    string AssetsRoot { get; }

    /// <summary>Where a committed chunk of a job lives.</summary>
    string ChunkPath(ChunkKey chunk, string extension);

    string AudioPath(Guid jobId, string extension);

    string OutputPath(Guid jobId, string extension);

    /// <summary>
    /// Moves a finished local file into the store under <paramref name="storePath"/>, whole. Without
    /// <paramref name="replace"/>, a file already committed there stays and the new one is dropped, so
    /// that a chunk raced by two attempts is committed exactly once. True when this file was committed.
    /// </summary>
    Task<bool> CommitAsync(string localFile, string storePath, bool replace, CancellationToken cancellationToken);

    /// <summary>Removes a job's intermediate files (chunks and sound), keeping its output.</summary>
    void DeleteIntermediates(Guid jobId);
}
