using Microsoft.Extensions.Options;
using RenderFarm.Storage.Azure;

namespace RenderFarm.Tests.Storage;

/// <summary>The rules of the "MediaStore:Azure" section, each refusal naming the setting.</summary>
public sealed class AzureBlobStoreOptionsTests
{
    [Theory]
    [InlineData("no account", "MediaStore:Azure:ConnectionString, or MediaStore:Azure:ServiceUri with AccountName and AccountKey, must be set")]
    [InlineData("both ways", "MediaStore:Azure:ConnectionString and MediaStore:Azure:ServiceUri + AccountName + AccountKey are two ways to name the account: set exactly one")]
    [InlineData("half a shared key", "MediaStore:Azure:AccountKey must be the account's shared key")]
    [InlineData("malformed connection string", "MediaStore:Azure:ConnectionString must be a storage account connection string")]
    [InlineData("http connection string", "MediaStore:Azure:ConnectionString must use https: plain http is accepted only for a loopback host (localhost, 127.0.0.1, ::1)")]
    [InlineData("http service", "MediaStore:Azure:ServiceUri must use https: plain http is accepted only for a loopback host (localhost, 127.0.0.1, ::1)")]
    [InlineData("ftp service", "MediaStore:Azure:ServiceUri must be the account's blob endpoint, an absolute https URI")]
    [InlineData("service with a query", "MediaStore:Azure:ServiceUri must be the account's blob endpoint without query or fragment")]
    [InlineData("upper-case account", "MediaStore:Azure:AccountName must be a storage account name: 3 to 24 lower-case letters and digits")]
    [InlineData("key not base64", "MediaStore:Azure:AccountKey must be the account's shared key, non-empty base64")]
    [InlineData("no container", "MediaStore:Azure:Container must be a container name")]
    [InlineData("short container", "MediaStore:Azure:Container must be a container name: 3 to 63 lower-case letters, digits and '-'")]
    [InlineData("upper-case container", "MediaStore:Azure:Container must be a container name")]
    [InlineData("double dash container", "MediaStore:Azure:Container must be a container name")]
    [InlineData("dash-ended container", "MediaStore:Azure:Container must be a container name")]
    [InlineData("escaping prefix", "MediaStore:Azure:Prefix must be empty or a store key")]
    [InlineData("hidden prefix", "MediaStore:Azure:Prefix must be empty or a store key")]
    [InlineData("long prefix", "MediaStore:Azure:Prefix must be empty or a store key")]
    [InlineData("bad scope", "MediaStore:Azure:EncryptionScope must be unset or an encryption scope name")]
    [InlineData("small blocks", "MediaStore:Azure:BlockSizeBytes must be from 1048576 (1 MiB) to 104857600 (100 MiB)")]
    [InlineData("large blocks", "MediaStore:Azure:BlockSizeBytes must be from 1048576 (1 MiB) to 104857600 (100 MiB)")]
    [InlineData("no concurrency", "MediaStore:Azure:MaxConcurrency must be from 1 to 64")]
    public void Options_that_break_a_rule_are_refused_naming_the_setting_and_the_rule(string change, string message)
    {
        var options = Valid();
        Break(options, change);

        var result = new AzureBlobStoreOptionsValidator().Validate(null, options);

        Assert.True(result.Failed, change);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith(message, failure, StringComparison.Ordinal);
        Assert.DoesNotContain(AzuriteServer.AccountKey, failure, StringComparison.Ordinal);
        var thrown = Assert.Throws<OptionsValidationException>(() => new AzureBlobObjectStore(options));
        Assert.Contains(message, thrown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:10000/devstoreaccount1")]
    [InlineData("http://localhost:10000/devstoreaccount1")]
    [InlineData("http://[::1]:10000/devstoreaccount1")]
    [InlineData("https://farmmedia.blob.core.windows.net")]
    public void A_service_over_https_or_over_http_on_loopback_is_accepted(string serviceUri)
    {
        var options = Valid();
        options.ServiceUri = new Uri(serviceUri);
        options.Prefix = "farm/a/";
        options.EncryptionScope = "scope-1";
        options.BlockSizeBytes = AzureBlobStoreOptions.MaxBlockSizeBytes;

        Assert.True(new AzureBlobStoreOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=farmmedia;AccountKey=" + AzuriteServer.AccountKey + ";EndpointSuffix=core.windows.net")]
    public void An_https_or_emulator_connection_string_is_accepted(string connectionString)
    {
        var options = new AzureBlobStoreOptions { ConnectionString = connectionString, Container = "media" };

        Assert.True(new AzureBlobStoreOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(AzureBlobStoreOptions.DefaultBlockSizeBytes, options.BlockSizeBytes);
        Assert.Equal(AzureBlobStoreOptions.DefaultMaxConcurrency, options.MaxConcurrency);
    }

    private static AzureBlobStoreOptions Valid() => new()
    {
        ServiceUri = new Uri("https://farmmedia.blob.core.windows.net"),
        AccountName = "farmmedia",
        AccountKey = AzuriteServer.AccountKey,
        Container = "media",
    };

    private static void Break(AzureBlobStoreOptions options, string change)
    {
        switch (change)
        {
            case "no account":
                (options.ServiceUri, options.AccountName, options.AccountKey) = (null, null, null);
                break;
            case "both ways":
                options.ConnectionString = "UseDevelopmentStorage=true";
                break;
            case "half a shared key":
                options.AccountKey = null;
                break;
            case "malformed connection string":
                (options.ServiceUri, options.AccountName, options.AccountKey) = (null, null, null);
                options.ConnectionString = $"AccountKey={AzuriteServer.AccountKey};this is not one";
                break;
            case "http connection string":
                (options.ServiceUri, options.AccountName, options.AccountKey) = (null, null, null);
                options.ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=farmmedia;AccountKey={AzuriteServer.AccountKey};EndpointSuffix=core.windows.net";
                break;
            case "http service":
                options.ServiceUri = new Uri("http://farmmedia.blob.core.windows.net");
                break;
            case "ftp service":
                options.ServiceUri = new Uri("ftp://farmmedia.blob.core.windows.net");
                break;
            case "service with a query":
                options.ServiceUri = new Uri("https://farmmedia.blob.core.windows.net/?sv=2024-01-01&sig=x");
                break;
            case "upper-case account":
                options.AccountName = "FarmMedia";
                break;
            case "key not base64":
                options.AccountKey = "not base64!";
                break;
            case "no container":
                options.Container = "";
                break;
            case "short container":
                options.Container = "ab";
                break;
            case "upper-case container":
                options.Container = "Media";
                break;
            case "double dash container":
                options.Container = "farm--media";
                break;
            case "dash-ended container":
                options.Container = "media-";
                break;
            case "escaping prefix":
                options.Prefix = "../other";
                break;
            case "hidden prefix":
                options.Prefix = "farm/.staging";
                break;
            case "long prefix":
                options.Prefix = new string('a', AzureBlobStoreOptions.MaxPrefixLength + 1);
                break;
            case "bad scope":
                options.EncryptionScope = "Farm_Scope";
                break;
            case "small blocks":
                options.BlockSizeBytes = AzureBlobStoreOptions.MinBlockSizeBytes - 1;
                break;
            case "large blocks":
                options.BlockSizeBytes = AzureBlobStoreOptions.MaxBlockSizeBytes + 1;
                break;
            case "no concurrency":
                options.MaxConcurrency = 0;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(change), change, null);
        }
    }
}
