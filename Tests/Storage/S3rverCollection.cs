namespace RenderFarm.Tests.Storage;

/// <summary>The S3 store's tests share one s3rver, started once for them; each test uses a bucket of its own.</summary>
[CollectionDefinition(Name)]
public sealed class S3rverCollection : ICollectionFixture<S3rverServer>
{
    public const string Name = "s3rver";
}
