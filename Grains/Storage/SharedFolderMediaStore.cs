using System.Globalization;
using Microsoft.Extensions.Options;
using RenderFarm.Chunks;

namespace RenderFarm.Storage;

/// <summary>A media store on a folder shared by every node (NFS, SMB, or one machine's disk).</summary>
public sealed class SharedFolderMediaStore : IMediaStore
{
    private readonly string jobsRoot;

    public SharedFolderMediaStore(IOptions<MediaStoreOptions> options)
    {
        var value = options.Value;
        value.Validate();
        var root = Path.GetFullPath(value.Root);
        jobsRoot = Path.Combine(root, "jobs");
        AssetsRoot = Path.GetFullPath(value.AssetsRoot ?? Path.Combine(root, "assets"));
        Directory.CreateDirectory(jobsRoot);
        Directory.CreateDirectory(AssetsRoot);
    }

    public string AssetsRoot { get; }

    public string ChunkPath(ChunkKey chunk, string extension) =>
        Path.Combine(JobFolder(chunk.JobId), "chunks", string.Create(CultureInfo.InvariantCulture, $"chunk-{chunk.Index:D5}{extension}"));

    public string AudioPath(Guid jobId, string extension) => Path.Combine(JobFolder(jobId), "audio" + extension);

    public string OutputPath(Guid jobId, string extension) => Path.Combine(JobFolder(jobId), "output" + extension);

    public async Task<bool> CommitAsync(string localFile, string storePath, bool replace, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(storePath)!;
        Directory.CreateDirectory(folder);
        // Staged beside the target (same file system), then renamed: readers never see a partial file.
        var staged = Path.Combine(folder, $".{Path.GetFileName(storePath)}.{Guid.NewGuid():N}.partial");
        try
        {
            await MoveOrCopyAsync(localFile, staged, cancellationToken);
            if (replace)
            {
                File.Move(staged, storePath, overwrite: true);
                return true;
            }
            return TryMoveWithoutReplacing(staged, storePath);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    private static async Task MoveOrCopyAsync(string source, string target, CancellationToken cancellationToken)
    {
        try
        {
            File.Move(source, target);
        }
        catch (IOException) when (File.Exists(source))
        {
            await using (var input = File.OpenRead(source))
            await using (var output = File.Create(target))
                await input.CopyToAsync(output, cancellationToken);
            File.Delete(source);
        }
    }

    /// <summary>On Unix a move that must not replace is a link plus an unlink: atomic "first one wins".</summary>
    private static bool TryMoveWithoutReplacing(string staged, string storePath)
    {
        try
        {
            File.Move(staged, storePath, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(storePath))
        {
            return false;
        }
    }

    public void DeleteIntermediates(Guid jobId)
    {
        var chunks = Path.Combine(JobFolder(jobId), "chunks");
        if (Directory.Exists(chunks))
            Directory.Delete(chunks, recursive: true);
        foreach (var audio in Directory.Exists(JobFolder(jobId)) ? Directory.EnumerateFiles(JobFolder(jobId), "audio.*") : [])
            File.Delete(audio);
    }

    private string JobFolder(Guid jobId) => Path.Combine(jobsRoot, jobId.ToString("N"));
}
