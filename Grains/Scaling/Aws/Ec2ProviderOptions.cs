using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Aws;

/// <summary>Where and how the farm launches EC2 machines. Section "Providers:Aws".</summary>
public sealed class Ec2ProviderOptions
{
    public const string SectionName = "Providers:Aws";

    public const string DefaultRegion = "us-east-1";

    /// <summary>The region machines launch in; <see cref="SubnetId"/>, <see cref="ImageId"/> and the security groups are this region's.</summary>
    public string Region { get; set; } = DefaultRegion;

    /// <summary>The AMI machines boot (ami-…): a Linux with cloud-init, and the silo already installed when boots name no package.</summary>
    public string ImageId { get; set; } = "";

    /// <summary>The subnet (subnet-…) machines get their network interface in; it also chooses the availability zone.</summary>
    public string SubnetId { get; set; } = "";

    /// <summary>The security groups (sg-…) of the subnet's VPC that machines join.</summary>
    public List<string> SecurityGroupIds { get; set; } = [];

    /// <summary>An EC2 key pair for SSH to the machines; unset for none.</summary>
    public string? KeyName { get; set; }

    /// <summary>The instance profile machines run as, by name or ARN; unset for none.</summary>
    public string? IamInstanceProfile { get; set; }

    /// <summary>An EC2 endpoint other than AWS's for <see cref="Region"/>, e.g. a local one; unset for AWS's.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>With <see cref="SecretKey"/>; both unset for the AWS SDK's default credential chain (environment, profile, instance role).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>
    /// How often the SDK tries a throttled or failed request again before the provider reports it; the
    /// autoscaler tries again on its own next round, so a few are enough.
    /// </summary>
    public int MaxErrorRetry { get; set; } = 2;

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public void Validate()
    {
        var result = new Ec2ProviderOptionsValidator().Validate(Options.DefaultName, this);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(Ec2ProviderOptions), result.Failures);
    }
}
