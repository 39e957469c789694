using System.Security.Cryptography;
using System.Text;
using RenderFarm.Storage.Objects;

namespace RenderFarm.Tests.Storage;

/// <summary>
/// What every media store must do, run against each of them (a folder, S3 on s3rver, Azure Blob on
/// Azurite, Google Cloud Storage on a fake of its JSON API). Each test works under a prefix of its own,
/// so one store serves a whole test class.
/// </summary>
public abstract class ObjectStoreContract
{
    private readonly string prefix = $"contract-{Guid.NewGuid():N}";

    protected abstract IObjectStore Store { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string Key(string name) => $"{prefix}/{name}";

    [Fact]
    public async Task An_object_put_is_read_back_whole_with_its_size()
    {
        var bytes = RandomBytes(100_000);
        Assert.True(await PutAsync(Key("a.bin"), bytes, overwrite: false));

        var head = await Store.HeadAsync(Key("a.bin"), Token);
        Assert.NotNull(head);
        Assert.Equal(Key("a.bin"), head.Key);
        Assert.Equal(bytes.Length, head.Size);
        Assert.InRange(head.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(bytes, await ReadAsync(Key("a.bin"), 0));
    }

    [Fact]
    public async Task A_read_from_an_offset_starts_there()
    {
        var bytes = RandomBytes(50_000);
        await PutAsync(Key("offset.bin"), bytes, overwrite: true);

        Assert.Equal(bytes[12_345..], await ReadAsync(Key("offset.bin"), 12_345));
    }

    [Fact]
    public async Task Without_overwrite_the_first_object_stays()
    {
        var first = Encoding.UTF8.GetBytes("first");
        var second = Encoding.UTF8.GetBytes("second one");
        Assert.True(await PutAsync(Key("once.txt"), first, overwrite: false));

        Assert.False(await PutAsync(Key("once.txt"), second, overwrite: false));
        Assert.Equal(first, await ReadAsync(Key("once.txt"), 0));

        Assert.True(await PutAsync(Key("once.txt"), second, overwrite: true));
        Assert.Equal(second, await ReadAsync(Key("once.txt"), 0));
    }

    [Fact]
    public async Task A_missing_object_has_no_head_cannot_be_read_and_is_not_deleted()
    {
        Assert.Null(await Store.HeadAsync(Key("missing.bin"), Token));
        var missing = await Assert.ThrowsAsync<StoredObjectNotFoundException>(() => Store.OpenReadAsync(Key("missing.bin"), 0, Token));
        Assert.Equal(Key("missing.bin"), missing.Key);
        Assert.False(await Store.DeleteAsync(Key("missing.bin"), Token));
    }

    [Fact]
    public async Task A_deleted_object_is_gone()
    {
        await PutAsync(Key("gone.bin"), RandomBytes(10), overwrite: false);

        Assert.True(await Store.DeleteAsync(Key("gone.bin"), Token));
        Assert.Null(await Store.HeadAsync(Key("gone.bin"), Token));
        await Assert.ThrowsAsync<StoredObjectNotFoundException>(() => Store.OpenReadAsync(Key("gone.bin"), 0, Token));
    }

    [Fact]
    public async Task A_listing_holds_the_prefix_s_objects_nested_ones_too_in_key_order()
    {
        await PutAsync(Key("list/b.bin"), RandomBytes(2), overwrite: false);
        await PutAsync(Key("list/a.bin"), RandomBytes(1), overwrite: false);
        await PutAsync(Key("list/deeper/c.bin"), RandomBytes(3), overwrite: false);
        await PutAsync(Key("listing-not/d.bin"), RandomBytes(4), overwrite: false);

        var listed = new List<StoredObject>();
        await foreach (var item in Store.ListAsync(Key("list/"), Token))
            listed.Add(item);

        Assert.Equal([Key("list/a.bin"), Key("list/b.bin"), Key("list/deeper/c.bin")], listed.Select(o => o.Key));
        Assert.Equal([1L, 2L, 3L], listed.Select(o => o.Size));
    }

    [Fact]
    public async Task A_large_object_crosses_the_store_s_part_size_intact()
    {
        var bytes = RandomBytes(21 * 1024 * 1024 + 17);
        await PutAsync(Key("large.bin"), bytes, overwrite: false);

        Assert.Equal((await Store.HeadAsync(Key("large.bin"), Token))!.Size, bytes.Length);
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await ReadAsync(Key("large.bin"), 0)));
    }

    [Fact]
    public async Task Content_that_can_only_be_read_forward_is_stored_whole()
    {
        var bytes = RandomBytes(9 * 1024 * 1024 + 3);
        await using var content = new ForwardOnlyStream(bytes);

        Assert.True(await Store.PutAsync(Key("forward.bin"), content, bytes.Length, overwrite: false, Token));

        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await ReadAsync(Key("forward.bin"), 0)));
    }

    [Fact]
    public async Task Content_that_ends_short_of_its_length_commits_nothing()
    {
        var bytes = RandomBytes(1000);
        using var content = new MemoryStream(bytes);

        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync(Key("short.bin"), content, bytes.Length + 500, overwrite: false, Token));

        Assert.Null(await Store.HeadAsync(Key("short.bin"), Token));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/absolute")]
    [InlineData("a//b")]
    [InlineData("a/./b")]
    [InlineData("a/.hidden")]
    [InlineData("a b")]
    [InlineData("")]
    public async Task A_key_that_breaks_the_rule_is_refused_before_the_store_is_asked(string key)
    {
        using var content = new MemoryStream([1]);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, content, 1, overwrite: true, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.HeadAsync(key, Token));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.OpenReadAsync(key, 0, Token));
    }

    [Fact]
    public void Each_key_is_described_where_a_person_can_find_it()
    {
        Assert.Contains(Key("a.bin"), Store.Describe(Key("a.bin")).Replace('\\', '/'), StringComparison.Ordinal);
    }

    protected async Task<bool> PutAsync(string key, byte[] bytes, bool overwrite)
    {
        using var content = new MemoryStream(bytes);
        return await Store.PutAsync(key, content, bytes.Length, overwrite, Token);
    }

    protected async Task<byte[]> ReadAsync(string key, long offset)
    {
        await using var stream = await Store.OpenReadAsync(key, offset, Token);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Token);
        return copy.ToArray();
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        Random.Shared.NextBytes(bytes);
        return bytes;
    }

    /// <summary>As an upload's parts joined on the fly: readable once, front to back, its length known.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream inner = new(bytes, writable: false);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => bytes.Length;

        public override long Position
        {
            get => inner.Position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 100_000));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
