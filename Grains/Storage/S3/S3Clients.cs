using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace RenderFarm.Storage.S3;

/// <summary>The SDK client a store's options describe.</summary>
public static class S3Clients
{
    /// <param name="httpClientFactory">How the client makes its HTTP connections; null for the SDK's own.</param>
    public static AmazonS3Client Create(S3StoreOptions options, HttpClientFactory? httpClientFactory = null)
    {
        options.Validate();
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }
        if (httpClientFactory is not null)
            config.HttpClientFactory = httpClientFactory;
        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
