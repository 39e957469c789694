namespace RenderFarm.Media;

/// <summary>Answers for the farm's media store: which uploaded assets it holds, and a finished job's bytes.</summary>
[Alias("RenderFarm.Media.IMediaCatalogGrain")]
public interface IMediaCatalogGrain : IGrainWithIntegerKey
{
    /// <summary>The hashes among <paramref name="sha256s"/> the store holds no asset for.</summary>
    [Alias("Missing")]
    Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> sha256s);

    /// <summary>Up to <paramref name="count"/> bytes of a completed job's output from <paramref name="offset"/>; none at its end.</summary>
    /// <exception cref="InvalidOperationException">The job has no finished output.</exception>
    [Alias("ReadOutput")]
    Task<byte[]> ReadOutputAsync(Guid jobId, long offset, int count);
}
