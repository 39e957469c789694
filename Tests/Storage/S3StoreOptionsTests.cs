using Microsoft.Extensions.Options;
using RenderFarm.Storage.S3;

namespace RenderFarm.Tests.Storage;

public sealed class S3StoreOptionsTests
{
    [Fact]
    public void A_bucket_alone_is_enough_and_the_rest_has_defaults()
    {
        var options = new S3StoreOptions { Bucket = "media" };

        Assert.Empty(Failures(options));
        Assert.Null(options.ServiceUrl);
        Assert.Equal("us-east-1", options.Region);
        Assert.Equal(16L * 1024 * 1024, options.PartSizeBytes);
        Assert.Equal("None", options.ServerSideEncryption);
        Assert.False(options.ForcePathStyle);
        Assert.Null(options.AccessKey);
        Assert.Null(options.Prefix);
    }

    [Theory]
    [InlineData("", "must be set")]
    [InlineData("ab", "3 to 63 characters")]
    [InlineData("a123456789012345678901234567890123456789012345678901234567890123", "3 to 63 characters")]
    [InlineData("Media", "lowercase letters, digits, '.' and '-'")]
    [InlineData("farm_media", "lowercase letters, digits, '.' and '-'")]
    [InlineData("-media", "begin and end with a letter or digit")]
    [InlineData("media.", "begin and end with a letter or digit")]
    [InlineData("farm..media", "two adjacent periods")]
    [InlineData("192.168.5.4", "IP address")]
    [InlineData("xn--media", "reserved 'xn--'")]
    [InlineData("media-s3alias", "reserved '-s3alias'")]
    public void A_bucket_name_that_breaks_s3_s_rules_is_refused_with_the_rule(string bucket, string rule)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = bucket }));

        Assert.StartsWith("MediaStore:S3:Bucket ", failure, StringComparison.Ordinal);
        Assert.Contains(rule, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("media")]
    [InlineData("farm.media-01")]
    [InlineData("a1b")]
    public void A_bucket_name_within_s3_s_rules_is_taken(string bucket)
    {
        Assert.Empty(Failures(new S3StoreOptions { Bucket = bucket }));
    }

    [Theory]
    [InlineData("http://s3.example.net")]
    [InlineData("http://10.0.0.5:9000")]
    public void Plain_http_to_a_host_that_is_not_loopback_is_refused(string serviceUrl)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", ServiceUrl = serviceUrl }));

        Assert.StartsWith("MediaStore:S3:ServiceUrl must use https", failure, StringComparison.Ordinal);
        Assert.Contains("loopback (localhost, 127.0.0.1, ::1)", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://s3.example.net")]
    [InlineData("https://s3.example.net:8443/")]
    [InlineData("http://localhost:9000")]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("http://[::1]:9000")]
    public void Https_anywhere_and_plain_http_to_loopback_are_taken(string serviceUrl)
    {
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "media", ServiceUrl = serviceUrl }));
    }

    [Theory]
    [InlineData("s3.example.net")]
    [InlineData("ftp://s3.example.net")]
    [InlineData("https://s3.example.net/?x=1")]
    public void A_service_url_that_is_not_an_http_address_is_refused(string serviceUrl)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", ServiceUrl = serviceUrl }));

        Assert.StartsWith("MediaStore:S3:ServiceUrl must be unset", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("US-EAST-1")]
    [InlineData("us east 1")]
    public void A_region_that_is_not_a_region_name_is_refused(string region)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", Region = region }));

        Assert.StartsWith("MediaStore:S3:Region must be a region name", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("/absolute")]
    [InlineData("farm//media")]
    [InlineData("farm/.hidden")]
    [InlineData("farm media")]
    [InlineData("farm/media//")]
    public void A_prefix_that_is_not_a_store_key_is_refused(string prefix)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", Prefix = prefix }));

        Assert.StartsWith("MediaStore:S3:Prefix must be unset or a store key", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("farm")]
    [InlineData("farm/media")]
    [InlineData("farm/media/")]
    [InlineData("")]
    public void A_prefix_that_is_a_store_key_or_none_is_taken(string prefix)
    {
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "media", Prefix = prefix }));
    }

    [Fact]
    public void An_access_key_needs_its_secret_key_and_the_other_way_round()
    {
        var noSecret = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", AccessKey = "AKIA0000" }));
        var noAccess = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", SecretKey = "secret" }));

        Assert.StartsWith("MediaStore:S3:SecretKey must be set when MediaStore:S3:AccessKey is", noSecret, StringComparison.Ordinal);
        Assert.StartsWith("MediaStore:S3:AccessKey must be set when MediaStore:S3:SecretKey is", noAccess, StringComparison.Ordinal);
        Assert.Contains("default credential chain", noSecret, StringComparison.Ordinal);
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "media", AccessKey = "AKIA0000", SecretKey = "secret" }));
    }

    [Theory]
    [InlineData("aes256")]
    [InlineData("KMS")]
    [InlineData("")]
    public void Server_side_encryption_is_none_aes256_or_kms(string encryption)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", ServerSideEncryption = encryption }));

        Assert.StartsWith("MediaStore:S3:ServerSideEncryption must be None, AES256 or aws:kms", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("AES256")]
    public void A_kms_key_is_refused_without_kms_encryption(string encryption)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", ServerSideEncryption = encryption, KmsKeyId = "alias/farm" }));

        Assert.StartsWith("MediaStore:S3:KmsKeyId is only used with MediaStore:S3:ServerSideEncryption = aws:kms", failure, StringComparison.Ordinal);
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "media", ServerSideEncryption = "aws:kms", KmsKeyId = "alias/farm" }));
        Assert.Empty(Failures(new S3StoreOptions { Bucket = "media", ServerSideEncryption = "aws:kms" }));
    }

    [Theory]
    [InlineData(5L * 1024 * 1024 - 1)]
    [InlineData(0)]
    [InlineData(1024L * 1024 * 1024 + 1)]
    public void A_part_size_below_5_mib_or_above_1_gib_is_refused(long partSize)
    {
        var failure = Assert.Single(Failures(new S3StoreOptions { Bucket = "media", PartSizeBytes = partSize }));

        Assert.StartsWith("MediaStore:S3:PartSizeBytes must be at least 5242880", failure, StringComparison.Ordinal);
        Assert.Contains($"(was {partSize})", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_setting_at_fault_is_named_at_once_and_the_store_refuses_to_start()
    {
        var options = new S3StoreOptions
        {
            ServiceUrl = "http://s3.example.net",
            Region = "",
            Bucket = "Media",
            Prefix = "../x",
            AccessKey = "AKIA0000",
            ServerSideEncryption = "AES256",
            KmsKeyId = "alias/farm",
            PartSizeBytes = 1,
        };

        var refused = Assert.Throws<OptionsValidationException>(() => new S3ObjectStore(options));

        Assert.Equal(
            ["ServiceUrl", "Region", "Bucket", "Prefix", "SecretKey", "KmsKeyId", "PartSizeBytes"],
            refused.Failures.Select(f => f["MediaStore:S3:".Length..f.IndexOf(' ', StringComparison.Ordinal)]));
    }

    private static List<string> Failures(S3StoreOptions options) =>
        new S3StoreOptionsValidator().Validate(null, options) is { Failed: true } result ? [.. result.Failures!] : [];
}
