using Orleans.Concurrency;

namespace RenderFarm.Media;

/// <summary>
/// The upload of one asset, keyed by its SHA-256: parts are kept in the store as they arrive, so an
/// upload broken off (a lost connection, a silo gone) carries on with the parts the farm lacks; completed,
/// the asset is checked against its hash and stored once under it, whoever sent it.
/// </summary>
[Alias("RenderFarm.Media.IAssetUploadGrain")]
public interface IAssetUploadGrain : IGrainWithStringKey
{
    /// <summary>Starts or resumes the upload of <paramref name="size"/> bytes.</summary>
    /// <exception cref="ArgumentException">The size breaks a rule, or differs from an upload of the same hash under way.</exception>
    [Alias("Begin")]
    Task<UploadProgress> BeginAsync(long size);

    /// <summary>Keeps part <paramref name="part"/>; parts may arrive in any order and side by side.</summary>
    /// <exception cref="ArgumentException">The part's number, length or SHA-256 is wrong (the bytes were damaged on the way): send it again.</exception>
    [Alias("WritePart"), AlwaysInterleave]
    Task WritePartAsync(int part, byte[] bytes, string partSha256);

    /// <summary>Joins the parts into the asset, checking the whole against the upload's SHA-256.</summary>
    /// <exception cref="UploadRefusedException">Parts are missing, or the bytes are not those the hash names (the parts are dropped).</exception>
    [Alias("Complete")]
    Task<UploadProgress> CompleteAsync();

    /// <summary>
    /// Drops an upload nothing was added to since <paramref name="idleSince"/>: its parts' bytes (in a
    /// dry run only counted), 0 when it is younger. A client coming back later starts it again.
    /// </summary>
    [Alias("Expire")]
    Task<long> ExpireAsync(DateTimeOffset idleSince, bool dryRun);
}
