using System.Text;
using Amazon.EC2;
using Amazon.EC2.Model;
using RenderFarm.Costs;

namespace RenderFarm.Scaling.Aws;

/// <summary>The RunInstances request of one machine to launch.</summary>
internal static class Ec2LaunchRequests
{
    /// <summary>EC2 refuses user data longer than this before base64.</summary>
    public const int MaxUserDataBytes = 16 * 1024;

    public const string NameTag = "Name";

    public static RunInstancesRequest For(MachineLaunch launch, Ec2ProviderOptions options)
    {
        var userData = Encoding.UTF8.GetBytes(CloudInit.Render(launch.Boot));
        if (userData.Length > MaxUserDataBytes)
            throw new ProviderException(Ec2MachineProvider.ProviderName, ProviderErrorReason.BadRequest,
                $"launching {launch.NodeId}: its user data is {userData.Length} bytes, EC2 takes at most {MaxUserDataBytes}");
        var tags = Tags(launch);
        var request = new RunInstancesRequest
        {
            MinCount = 1,
            MaxCount = 1,
            InstanceType = launch.Instance.InstanceType,
            ImageId = options.ImageId,
            SubnetId = options.SubnetId,
            SecurityGroupIds = [.. options.SecurityGroupIds],
            UserData = Convert.ToBase64String(userData),
            // Tried again with the same token (the SDK's own retries), EC2 answers with the machine already launched.
            ClientToken = Guid.NewGuid().ToString("N"),
            TagSpecifications =
            [
                new TagSpecification { ResourceType = ResourceType.Instance, Tags = tags },
                new TagSpecification { ResourceType = ResourceType.Volume, Tags = tags },
            ],
        };
        if (!string.IsNullOrEmpty(options.KeyName))
            request.KeyName = options.KeyName;
        if (!string.IsNullOrEmpty(options.IamInstanceProfile))
            request.IamInstanceProfile = options.IamInstanceProfile.StartsWith("arn:", StringComparison.Ordinal)
                ? new IamInstanceProfileSpecification { Arn = options.IamInstanceProfile }
                : new IamInstanceProfileSpecification { Name = options.IamInstanceProfile };
        if (launch.Instance.Pricing == PricingModel.Spot)
            request.InstanceMarketOptions = new InstanceMarketOptionsRequest
            {
                MarketType = MarketType.Spot,
                SpotOptions = new SpotMarketOptions
                {
                    SpotInstanceType = SpotInstanceType.OneTime,
                    InstanceInterruptionBehavior = InstanceInterruptionBehavior.Terminate,
                },
            };
        return request;
    }

    /// <summary>The launch's tags, with the node and catalogue entry the machine is found again by, and its Name in the console.</summary>
    private static List<Tag> Tags(MachineLaunch launch)
    {
        var tags = new Dictionary<string, string>(launch.Tags, StringComparer.Ordinal);
        tags.TryAdd(MachineTags.Node, launch.NodeId);
        tags.TryAdd(MachineTags.Instance, launch.Instance.Key);
        tags.TryAdd(NameTag, launch.NodeId);
        return tags.Select(t => new Tag(t.Key, t.Value)).ToList();
    }
}
