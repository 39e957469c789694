using System.Security.Cryptography;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Storage;

/// <summary>
/// Copies an object into a local file, carrying on from where a broken read stopped (the store is asked
/// again from that offset, outages waited out by the store), and checks its SHA-256 when one is given.
/// </summary>
public static class StoreDownload
{
    private const int MaxBrokenReads = 20;

    /// <returns>The bytes copied.</returns>
    /// <exception cref="StoredContentMismatchException">The bytes are not those <paramref name="hash"/> names.</exception>
    public static async Task<long> ToFileAsync(IObjectStore store, string key, string target, string? hash, CancellationToken cancellationToken)
    {
        using var sha = hash is null ? null : IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var output = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 20];
        var broken = 0;
        while (true)
        {
            try
            {
                await using var input = await store.OpenReadAsync(key, output.Position, cancellationToken);
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    sha?.AppendData(buffer, 0, read);
                }
                break;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested && ++broken <= MaxBrokenReads)
            {
                // A read broken in the middle: ask again from where it stopped.
            }
        }
        if (sha is not null)
        {
            var actual = ContentHash.Of(sha);
            if (actual != hash)
                throw new StoredContentMismatchException(key, hash!, actual);
        }
        return output.Position;
    }
}
