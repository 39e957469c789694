using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RenderFarm.Scaling.Azure;

namespace RenderFarm.Tests.Scaling.Azure;

public sealed class AzureProviderOptionsTests
{
    private static AzureProviderOptions Valid() => new()
    {
        SubscriptionId = "6f1c2a9e-4b1d-4c55-9a57-2d0c3e7b8a10",
        ResourceGroup = "render-farm",
        Location = "eastus",
        SubnetId = "/subscriptions/6f1c2a9e-4b1d-4c55-9a57-2d0c3e7b8a10/resourceGroups/network/providers/Microsoft.Network/virtualNetworks/farm/subnets/nodes",
        SshPublicKey = AzureProviderHarness.SshKey,
    };

    [Fact]
    public void A_subscription_group_location_subnet_and_key_are_valid_with_the_defaults()
    {
        var options = Valid();

        Assert.True(new AzureProviderOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal("Providers:Azure", AzureProviderOptions.SectionName);
        Assert.Equal("https://management.azure.com", options.ArmEndpoint);
        Assert.Equal("https://login.microsoftonline.com/", options.AuthorityHost);
        Assert.Equal("https://prices.azure.com/api/retail/prices", options.RetailPricesUrl);
        Assert.Equal("Debian/debian-12/12/latest", options.Image);
        Assert.Equal(-1, options.SpotMaxPrice);
    }

    [Fact]
    public void A_service_principal_is_valid()
    {
        var options = Valid();
        options.TenantId = "contoso.onmicrosoft.com";
        options.ClientId = "0c3e5a7b-9d1f-4b2a-8c4e-6f8a0b2c4d6e";
        options.ClientSecret = "s3cr3t";

        Assert.True(new AzureProviderOptionsValidator().Validate(null, options).Succeeded);
    }

    public static TheoryData<Action<AzureProviderOptions>, string> Faults => new()
    {
        { o => o.SubscriptionId = "farm", "Providers:Azure:SubscriptionId must be a subscription id (a GUID)" },
        { o => o.ResourceGroup = "", "Providers:Azure:ResourceGroup must be a resource group name" },
        { o => o.ResourceGroup = "farm.", "Providers:Azure:ResourceGroup must be a resource group name" },
        { o => o.Location = "East US", "Providers:Azure:Location must be a location name such as eastus" },
        { o => o.SubnetId = "nodes", "Providers:Azure:SubnetId must be a subnet's full resource id" },
        { o => o.Image = "Debian:debian-12:12:latest", "Providers:Azure:Image must be a marketplace image as publisher/offer/sku/version" },
        { o => o.AdminUsername = "root", "Providers:Azure:AdminUsername must be 1 to 32 lowercase letters" },
        { o => o.SshPublicKey = "", "Providers:Azure:SshPublicKey must be an OpenSSH public key" },
        { o => o.ClientSecret = "s3cr3t", "Providers:Azure:TenantId, ClientId and ClientSecret must be given all three" },
        { o => (o.TenantId, o.ClientId, o.ClientSecret) = ("contoso", "app", "s3cr3t"), "Providers:Azure:TenantId must be a tenant id or domain and Providers:Azure:ClientId an application id" },
        { o => o.ArmEndpoint = "http://management.example", "Providers:Azure:ArmEndpoint must be an absolute https URL" },
        { o => o.AuthorityHost = "login.example", "Providers:Azure:AuthorityHost must be an absolute https URL" },
        { o => o.RetailPricesUrl = "https://prices.example/api?x=1", "Providers:Azure:RetailPricesUrl must be an absolute https URL without query" },
        { o => o.SpotMaxPrice = 0, "Providers:Azure:SpotMaxPrice must be a positive hourly price in US dollars, or -1" },
        { o => o.MaxRetries = 11, "Providers:Azure:MaxRetries must be 0 to 10" },
        { o => o.OperationPollInterval = TimeSpan.Zero, "Providers:Azure:OperationPollInterval must be positive" },
        { o => o.OperationTimeout = TimeSpan.FromMilliseconds(1), "Providers:Azure:OperationTimeout must be positive and at least Providers:Azure:OperationPollInterval" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void Each_rule_is_named_with_its_key(Action<AzureProviderOptions> change, string message)
    {
        var options = Valid();
        change(options);

        var result = new AzureProviderOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains(message, StringComparison.Ordinal));
        Assert.Single(result.Failures!);
    }

    [Fact]
    public void A_provider_is_not_made_from_invalid_options()
    {
        var options = Valid();
        options.Location = "";

        var e = Assert.Throws<OptionsValidationException>(() =>
            new AzureMachineProvider(Options.Create(options), TimeProvider.System, NullLogger<AzureMachineProvider>.Instance));

        Assert.Contains("Providers:Azure:Location", e.Message);
    }
}
