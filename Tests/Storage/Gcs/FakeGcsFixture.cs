namespace RenderFarm.Tests.Storage.Gcs;

/// <summary>One fake GCS, with one bucket, for a test class.</summary>
public sealed class FakeGcsFixture : IAsyncLifetime
{
    public const string Bucket = "renderfarm-media";

    public FakeGcsServer Server { get; } = new(Bucket);

    public ValueTask InitializeAsync() => new(Server.StartAsync(CancellationToken.None));

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
