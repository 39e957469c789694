using System.Security.Cryptography;
using RenderFarm.Jobs;
using RenderFarm.Media;
using RenderFarm.Rendering;

namespace RenderFarm.Client.Media;

/// <summary>
/// Writes a completed job's output to a local file: into <c>OUT.partial</c> first, carrying on from its
/// length when an earlier download was broken off, then checked against the SHA-256 the farm took when
/// it merged the file, and only then renamed to <c>OUT</c>.
/// </summary>
internal sealed class OutputDownloader(IClusterClient cluster)
{
    private const int ReadSize = 4 * 1024 * 1024;

    public async Task<OutputFile> DownloadAsync(Guid jobId, string target, IProgress<TransferProgress>? progress, CancellationToken cancellationToken)
    {
        var status = await FarmCallRetry.RunAsync(() => cluster.GetGrain<IRenderJobGrain>(jobId).GetStatusAsync(), cancellationToken);
        if (status.State != JobState.Completed || status.Output is not { } output)
            throw new InvalidOperationException($"Job {jobId} has no finished output to download: it is {status.State}.");

        var full = Path.GetFullPath(target);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var partial = full + ".partial";
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var file = new FileStream(partial, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
        {
            if (file.Length > output.Bytes)
                file.SetLength(0);
            var skipped = await HashExistingAsync(file, sha, cancellationToken);
            var name = Path.GetFileName(full);
            progress?.Report(new TransferProgress(name, skipped, output.Bytes, skipped));
            var catalog = cluster.GetGrain<IMediaCatalogGrain>(0);
            while (file.Position < output.Bytes)
            {
                var offset = file.Position;
                var bytes = await FarmCallRetry.RunAsync(() => catalog.ReadOutputAsync(jobId, offset, ReadSize), cancellationToken);
                if (bytes.Length == 0)
                    throw new IOException($"The farm's copy of job {jobId}'s output ends at byte {offset} of {output.Bytes}.");
                await file.WriteAsync(bytes, cancellationToken);
                sha.AppendData(bytes);
                progress?.Report(new TransferProgress(name, file.Position, output.Bytes, skipped));
            }
        }

        var actual = Convert.ToHexStringLower(sha.GetHashAndReset());
        if (output.Sha256 is { } expected && actual != expected)
        {
            File.Delete(partial);
            throw new InvalidDataException($"The download of job {jobId}'s output does not match its SHA-256 {expected} (it is {actual}); it was removed, download it again.");
        }
        File.Move(partial, full, overwrite: true);
        return output;
    }

    private static async Task<long> HashExistingAsync(FileStream file, IncrementalHash sha, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 20];
        file.Position = 0;
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken)) > 0)
            sha.AppendData(buffer, 0, read);
        return file.Position;
    }
}
