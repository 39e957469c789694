using Microsoft.Extensions.Options;
using RenderFarm.Scaling.Gcp;

namespace RenderFarm.Tests.Scaling.Gcp;

public sealed class GceProviderOptionsTests
{
    private static GceProviderOptions Valid() => new()
    {
        Project = "render-farm-123",
        Zone = "us-central1-a",
        ServiceAccountKeyFile = "/etc/renderfarm/gce.json",
    };

    [Fact]
    public void A_project_zone_and_key_are_valid_with_the_defaults()
    {
        var options = Valid();

        Assert.True(new GceProviderOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("Providers:Gcp", GceProviderOptions.SectionName);
        Assert.Equal("https://compute.googleapis.com/compute/v1/", options.ComputeBaseUrl);
        Assert.Equal("projects/debian-cloud/global/images/family/debian-12", options.SourceImage);
        Assert.Equal("us-central1", GceProviderOptionsValidator.RegionOf(options.Zone));
    }

    public static TheoryData<Action<GceProviderOptions>, string> Faults => new()
    {
        { o => o.Project = "", "Providers:Gcp:Project must be a project id" },
        { o => o.Project = "Render_Farm", "Providers:Gcp:Project must be a project id" },
        { o => o.Zone = "us-central1", "Providers:Gcp:Zone must be a zone such as us-central1-a" },
        { o => o.SourceImage = "debian-12", "Providers:Gcp:SourceImage must be an image or image family" },
        { o => o.BootDiskSizeGb = 5, "Providers:Gcp:BootDiskSizeGb must be 10 to 65536 GB" },
        { o => o.Network = "default", "Providers:Gcp:Network must be global/networks/NAME" },
        { o => o.Subnetwork = "farm", "Providers:Gcp:Subnetwork must be regions/REGION/subnetworks/NAME" },
        { o => o.ServiceAccountKeyFile = " ", "Providers:Gcp:ServiceAccountKeyFile must be the path of a service account's JSON key" },
        { o => o.ComputeBaseUrl = "compute.example", "Providers:Gcp:ComputeBaseUrl must be an absolute http or https URL" },
        { o => o.ComputeBaseUrl = "http://compute.example/compute/v1/", "Providers:Gcp:ComputeBaseUrl must use https" },
        { o => o.OperationPollInterval = TimeSpan.Zero, "Providers:Gcp:OperationPollInterval must be positive" },
        { o => o.OperationTimeout = TimeSpan.FromMilliseconds(1), "Providers:Gcp:OperationTimeout must be positive and at least Providers:Gcp:OperationPollInterval" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Each_rule_is_named_with_its_key(Action<GceProviderOptions> change, string message)
    {
        var options = Valid();
        change(options);

        var result = new GceProviderOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(message, StringComparison.Ordinal));
        Assert.Single(result.Failures!);
    }

    [Fact]
    public void A_provider_is_not_made_from_invalid_options()
    {
        var options = Valid();
        options.Zone = "";

        var e = Assert.Throws<OptionsValidationException>(() => new GceMachineProvider(options, new HttpClient(), TimeProvider.System));

        Assert.Contains("Providers:Gcp:Zone", e.Message);
    }

    [Fact]
    public void A_loopback_endpoint_may_use_plain_http()
    {
        var options = Valid();
        options.ComputeBaseUrl = "http://127.0.0.1:8085/compute/v1/";

        Assert.True(new GceProviderOptionsValidator().Validate(null, options).Succeeded);
    }
}
