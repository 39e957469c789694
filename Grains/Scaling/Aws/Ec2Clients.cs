using Amazon;
using Amazon.EC2;
using Amazon.Runtime;

namespace RenderFarm.Scaling.Aws;

/// <summary>The SDK client the provider's options describe, for one region.</summary>
internal static class Ec2Clients
{
    public static AmazonEC2Client Create(Ec2ProviderOptions options, string region)
    {
        var config = new AmazonEC2Config { MaxErrorRetry = options.MaxErrorRetry };
        if (string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = region;
        }
        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonEC2Client(config)
            : new AmazonEC2Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
