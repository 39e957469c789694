using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RenderFarm.Scaling.Aws;

namespace RenderFarm.Tests.Scaling.Aws;

public sealed class Ec2ProviderOptionsTests
{
    [Fact]
    public void Unset_options_name_each_key_that_must_be_set()
    {
        var failures = Failures(new Ec2ProviderOptions());

        Assert.Contains("Providers:Aws:ImageId must be set to the AMI machines boot (ami-…)", failures);
        Assert.Contains("Providers:Aws:SubnetId must be set to the subnet machines launch in (subnet-…)", failures);
        Assert.Contains("Providers:Aws:SecurityGroupIds must hold at least one security group id (sg-…) of the subnet's VPC", failures);
        Assert.Equal(3, failures.Count);
    }

    [Fact]
    public void Malformed_options_name_the_key_and_the_rule()
    {
        var options = Valid();
        options.Region = "US East";
        options.ImageId = "image-1";
        options.SecurityGroupIds = ["default"];
        options.ServiceUrl = "http://ec2.example.net";
        options.AccessKey = "AKIAFAKE";
        options.SecretKey = null;
        options.MaxErrorRetry = -1;

        var failures = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("Providers:Aws:Region must be a region name", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Providers:Aws:ImageId must be an id of the form ami-", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Providers:Aws:SecurityGroupIds must hold security group ids of the form sg-", StringComparison.Ordinal) && f.Contains("'default'"));
        Assert.Contains(failures, f => f.StartsWith("Providers:Aws:ServiceUrl must use https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Providers:Aws:SecretKey must be set when Providers:Aws:AccessKey is", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Providers:Aws:MaxErrorRetry must be 0 to 10", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }

    [Fact]
    public void Valid_options_pass_and_the_provider_refuses_to_start_with_invalid_ones()
    {
        Assert.Empty(Failures(Valid()));
        var invalid = Valid();
        invalid.SubnetId = "";

        var error = Assert.Throws<OptionsValidationException>(() => new Ec2MachineProvider(Options.Create(invalid), TimeProvider.System, NullLogger<Ec2MachineProvider>.Instance));

        Assert.Contains("Providers:Aws:SubnetId must be set", error.Message);
    }

    private static Ec2ProviderOptions Valid() => new()
    {
        ImageId = "ami-0abc1234def567890",
        SubnetId = "subnet-0123456789abcdef0",
        SecurityGroupIds = ["sg-0fedcba9876543210"],
        ServiceUrl = "http://localhost:4566",
    };

    private static List<string> Failures(Ec2ProviderOptions options) =>
        new Ec2ProviderOptionsValidator().Validate(null, options).Failures?.ToList() ?? [];
}
