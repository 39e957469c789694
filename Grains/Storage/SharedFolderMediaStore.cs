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

    public async Task CommitAsync(string localFile, string storePath, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(storePath)!;
        Directory.CreateDirectory(folder);
        try
        {
            File.Move(localFile, storePath, overwrite: true);
        }
        catch (IOException) when (File.Exists(localFile))
        {
            // Another file system: copy beside the target under a temporary name, then rename, so
            // readers never see a half-copied file.
            var temporary = Path.Combine(folder, $".{Path.GetFileName(storePath)}.{Guid.NewGuid():N}.partial");
            await using (var source = File.OpenRead(localFile))
            await using (var target = File.Create(temporary))
                await source.CopyToAsync(target, cancellationToken);
            File.Move(temporary, storePath, overwrite: true);
            File.Delete(localFile);
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
