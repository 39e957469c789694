using Microsoft.Extensions.Options;
using RenderFarm.Storage.Gcs;

namespace RenderFarm.Tests.Storage;

public sealed class GcsStoreOptionsTests
{
    [Fact]
    public void A_bucket_alone_is_valid_with_the_defaults()
    {
        var options = new GcsStoreOptions { Bucket = "render-farm" };

        Assert.True(new GcsStoreOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(GcsStoreOptions.DefaultChunkSizeBytes, options.ChunkSizeBytes);
        Assert.Equal(8 * 1024 * 1024, GcsStoreOptions.DefaultChunkSizeBytes);
        Assert.Null(options.BaseUri);
        Assert.Null(options.CredentialsFile);
        Assert.False(options.Anonymous);
    }

    [Theory]
    [InlineData("media.renderfarm.example.com")]
    [InlineData("a_b-1")]
    [InlineData("abc")]
    public void Bucket_names_within_the_rules_pass(string bucket)
    {
        Assert.True(new GcsStoreOptionsValidator().Validate(null, new GcsStoreOptions { Bucket = bucket }).Succeeded);
    }

    [Theory]
    [InlineData("", "MediaStore:Gcs:Bucket must be set")]
    [InlineData("Render-Farm", "MediaStore:Gcs:Bucket may hold only lowercase letters")]
    [InlineData("-farm", "must start and end with a letter or digit")]
    [InlineData("ab", "MediaStore:Gcs:Bucket must be 3 to 63 characters long")]
    [InlineData("a123456789b123456789c123456789d123456789e123456789f123456789g1234", "must be 3 to 63 characters long")]
    [InlineData("media..farm", "must not hold empty dot-separated parts")]
    [InlineData("192.168.5.4", "MediaStore:Gcs:Bucket must not be an IP address")]
    [InlineData("goog-media", "must not start with 'goog' or contain 'google'")]
    [InlineData("my-google-media", "must not start with 'goog' or contain 'google'")]
    public void Each_bucket_rule_is_named(string bucket, string message)
    {
        AssertFails(new GcsStoreOptions { Bucket = bucket }, message);
    }

    [Theory]
    [InlineData("farm")]
    [InlineData("farm/")]
    [InlineData("studio/farm-1")]
    public void A_prefix_that_is_a_key_passes(string prefix)
    {
        Assert.True(new GcsStoreOptionsValidator().Validate(null, new GcsStoreOptions { Bucket = "render-farm", Prefix = prefix }).Succeeded);
    }

    [Theory]
    [InlineData("/farm")]
    [InlineData("farm//media")]
    [InlineData("../farm")]
    [InlineData("farm media")]
    public void A_prefix_that_is_not_a_key_is_refused(string prefix)
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", Prefix = prefix }, "MediaStore:Gcs:Prefix must be a store key");
    }

    [Fact]
    public void A_prefix_that_leaves_no_room_for_a_key_is_refused()
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", Prefix = new string('p', GcsStoreOptions.MaxPrefixLength + 1) }, $"at most {GcsStoreOptions.MaxPrefixLength} characters");
    }

    [Theory]
    [InlineData("http://127.0.0.1:4443/")]
    [InlineData("http://localhost:4443")]
    [InlineData("http://[::1]:4443/")]
    [InlineData("https://storage.example.com/")]
    public void A_base_uri_over_tls_or_to_loopback_passes(string baseUri)
    {
        Assert.True(new GcsStoreOptionsValidator().Validate(null, new GcsStoreOptions { Bucket = "render-farm", BaseUri = baseUri }).Succeeded);
    }

    [Fact]
    public void Plain_http_to_another_host_is_refused_for_sending_credentials_and_media_unencrypted()
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", BaseUri = "http://storage.example.com/" }, "MediaStore:Gcs:BaseUri must use https: plain http would send credentials and media unencrypted");
    }

    [Theory]
    [InlineData("storage.example.com")]
    [InlineData("ftp://storage.example.com/")]
    public void A_base_uri_that_is_not_an_http_uri_is_refused(string baseUri)
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", BaseUri = baseUri }, "MediaStore:Gcs:BaseUri must be an absolute http or https URI");
    }

    [Fact]
    public void Anonymous_access_is_for_a_local_endpoint_and_excludes_a_credentials_file()
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", Anonymous = true }, "MediaStore:Gcs:Anonymous is for a local endpoint: set MediaStore:Gcs:BaseUri too");
        AssertFails(
            new GcsStoreOptions { Bucket = "render-farm", Anonymous = true, BaseUri = "http://127.0.0.1:4443/", CredentialsFile = "key.json" },
            "MediaStore:Gcs:CredentialsFile and MediaStore:Gcs:Anonymous exclude each other");
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", CredentialsFile = " " }, "MediaStore:Gcs:CredentialsFile must be a service account's JSON key file");
    }

    [Theory]
    [InlineData("my-key")]
    [InlineData("projects/p/locations/l/keyRings/r")]
    [InlineData("projects/p/locations/l/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1")]
    public void A_kms_key_name_must_name_a_crypto_key(string kmsKeyName)
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", KmsKeyName = kmsKeyName }, "MediaStore:Gcs:KmsKeyName must be projects/PROJECT/locations/LOCATION/keyRings/RING/cryptoKeys/KEY");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-262144)]
    [InlineData(1_000_000)]
    [InlineData(GcsStoreOptions.MaxChunkSizeBytes + GcsStoreOptions.ChunkQuantumBytes)]
    public void A_chunk_size_must_be_a_multiple_of_256_KiB_within_bounds(int chunkSize)
    {
        AssertFails(new GcsStoreOptions { Bucket = "render-farm", ChunkSizeBytes = chunkSize }, "MediaStore:Gcs:ChunkSizeBytes must be a positive multiple of 262144 (256 KiB)");
    }

    [Fact]
    public void Every_fault_is_reported_at_once_and_the_store_refuses_to_start_with_them()
    {
        var options = new GcsStoreOptions { Bucket = "", ChunkSizeBytes = 1, BaseUri = "http://storage.example.com/" };

        var failures = new GcsStoreOptionsValidator().Validate(null, options).Failures!.ToList();
        var thrown = Assert.Throws<OptionsValidationException>(() => new GcsObjectStore(options));

        Assert.Equal(3, failures.Count);
        Assert.Equal(failures, thrown.Failures);
    }

    private static void AssertFails(GcsStoreOptions options, string message)
    {
        var result = new GcsStoreOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, failure => failure.Contains(message, StringComparison.Ordinal));
    }
}
