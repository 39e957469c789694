namespace RenderFarm.Benchmarks;

/// <summary>Files of random bytes standing in for media: nothing in the transfer path compresses or parses them.</summary>
internal static class RandomMedia
{
    private const int BlockBytes = 4 * 1024 * 1024;

    public static async Task WriteAsync(string path, long bytes, int seed, CancellationToken cancellationToken)
    {
        var random = new Random(seed);
        var block = new byte[BlockBytes];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        for (var left = bytes; left > 0; left -= block.Length)
        {
            random.NextBytes(block);
            await file.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, left)), cancellationToken);
        }
    }
}
