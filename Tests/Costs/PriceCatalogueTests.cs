using RenderFarm.Costs;
using RenderFarm.Timelines;

namespace RenderFarm.Tests.Costs;

public sealed class PriceCatalogueTests
{
    [Theory]
    [InlineData("aws/us-east-1/g4dn.xlarge/on-demand", "NVIDIA T4")]
    [InlineData("aws/us-east-1/g5.xlarge/spot", "NVIDIA A10G")]
    [InlineData("aws/us-east-1/g6.xlarge/on-demand", "NVIDIA L4")]
    [InlineData("azure/eastus/Standard_NC4as_T4_v3/spot", "NVIDIA T4")]
    [InlineData("gcp/us-central1/g2-standard-4/on-demand", "NVIDIA L4")]
    public void The_defaults_price_gpu_machines_of_every_cloud(string key, string gpu)
    {
        var entry = PriceCatalogue.Defaults.Find(key);

        Assert.NotNull(entry);
        Assert.Equal(gpu, entry.Gpu);
        Assert.True(entry.HourlyPrice > 0);
        Assert.Equal(new BillingRule(1, 60), entry.Billing);
    }

    [Fact]
    public void A_spot_price_is_found_beside_its_on_demand_price_and_is_lower()
    {
        var onDemand = PriceCatalogue.Defaults.Find("aws/us-east-1/g4dn.xlarge/on-demand")!;

        var spot = PriceCatalogue.Defaults.Sibling(onDemand, PricingModel.Spot);

        Assert.NotNull(spot);
        Assert.True(spot.HourlyPrice < onDemand.HourlyPrice);
        Assert.Equal(onDemand.Cores, spot.Cores);
    }

    [Fact]
    public void A_local_machine_costs_nothing_by_default_and_has_no_minimum()
    {
        var local = PriceCatalogue.Defaults.Find(CostOptions.DefaultInstance)!;

        Assert.Equal(0m, local.HourlyPrice);
        Assert.Equal(0, local.Billing.MinimumSeconds);
    }

    [Fact]
    public void A_file_adds_entries_and_replaces_those_with_the_same_key()
    {
        var file = PriceCatalogueFile.Parse("""
            { "instances": [
              { "provider": "local", "region": "studio", "instanceType": "ws-1", "cores": 32, "memoryGiB": 128,
                "prices": { "on-demand": 0.35 } },
              { "provider": "aws", "region": "us-east-1", "instanceType": "g4dn.xlarge", "cores": 4, "memoryGiB": 16, "gpu": "NVIDIA T4",
                "billing": { "incrementSeconds": 1, "minimumSeconds": 60 }, "prices": { "spot": 0.19 } }
            ] }
            """);

        var catalogue = PriceCatalogue.Defaults.With(file);

        Assert.Equal(0.35m, catalogue.Find("local/studio/ws-1/on-demand")!.HourlyPrice);
        Assert.Equal(0.19m, catalogue.Find("aws/us-east-1/g4dn.xlarge/spot")!.HourlyPrice);
        Assert.Equal(0.526m, catalogue.Find("aws/us-east-1/g4dn.xlarge/on-demand")!.HourlyPrice);
    }

    [Fact]
    public void A_bad_file_is_refused_with_every_field_at_fault_named()
    {
        var refused = Assert.Throws<TimelineValidationException>(() => PriceCatalogueFile.Parse("""
            { "instances": [
              { "provider": "ovh", "region": "", "instanceType": "x/y", "currency": "usd",
                "billing": { "incrementSeconds": 0, "minimumSeconds": -1 }, "prices": { "reserved": 1, "spot": -2 } }
            ] }
            """));

        var fields = refused.Errors.Select(e => e.Field).ToList();
        Assert.Contains("instances[0].provider", fields);
        Assert.Contains("instances[0].region", fields);
        Assert.Contains("instances[0].instanceType", fields);
        Assert.Contains("instances[0].currency", fields);
        Assert.Contains("instances[0].billing.incrementSeconds", fields);
        Assert.Contains("instances[0].billing.minimumSeconds", fields);
        Assert.Contains("instances[0].prices.reserved", fields);
        Assert.Contains("instances[0].prices.spot", fields);
    }

    [Fact]
    public void A_file_that_is_not_json_or_has_an_unknown_field_is_refused_by_its_place()
    {
        Assert.Throws<TimelineValidationException>(() => PriceCatalogueFile.Parse("{ \"instances\": [ { \"provider\": \"aws\", \"hourly\": 1 } ] }"));
        Assert.Throws<TimelineValidationException>(() => PriceCatalogueFile.Parse("not json"));
        var empty = Assert.Throws<TimelineValidationException>(() => PriceCatalogueFile.Parse("{ \"instances\": [] }"));
        Assert.Equal("instances", empty.Errors.Single().Field);
    }

    [Fact]
    public void A_node_naming_no_catalogue_entry_is_refused_with_the_known_entries()
    {
        var result = new CostOptionsValidator().Validate(null, new CostOptions { Instance = "aws/us-east-1/p5.48xlarge/spot" });

        Assert.True(result.Failed);
        Assert.Contains("Costs:Instance", result.FailureMessage);
        Assert.Contains("aws/us-east-1/g4dn.xlarge/spot", result.FailureMessage);
    }

    [Fact]
    public void Caps_must_be_positive()
    {
        var result = new CostOptionsValidator().Validate(null, new CostOptions
        {
            UserMonthlyCaps = new() { ["ana"] = 0m },
            ClusterMaxCostPerHour = -1m,
        });

        Assert.Contains("Costs:UserMonthlyCaps:ana", result.FailureMessage);
        Assert.Contains("Costs:ClusterMaxCostPerHour", result.FailureMessage);
    }
}
