using Microsoft.Extensions.Configuration;
using RenderFarm.Storage.Retention;

namespace RenderFarm.Tests.Storage;

public sealed class RetentionOptionsTests
{
    private static RetentionOptions Bind(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => $"{RetentionOptions.SectionName}:{s.Key}", s => (string?)s.Value))
            .Build();
        var options = new RetentionOptions();
        configuration.GetSection(RetentionOptions.SectionName).Bind(options);
        return options;
    }

    [Fact]
    public void A_time_set_empty_keeps_that_kind_for_ever_and_others_keep_their_defaults()
    {
        var options = Bind(("OutputsFor", ""), ("UploadsIdleFor", "12:00:00"));

        Assert.Null(options.OutputsFor);
        Assert.Equal(TimeSpan.FromDays(30), options.AssetsUnusedFor);
        Assert.Equal(TimeSpan.FromHours(12), options.UploadsIdleFor);
        Assert.True(new RetentionOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void A_time_not_positive_and_a_period_under_a_minute_are_refused_by_name()
    {
        var result = new RetentionOptionsValidator().Validate(null, Bind(("AssetsUnusedFor", "-1.00:00:00"), ("Period", "00:00:10")));

        Assert.Equal(
            ["Retention:AssetsUnusedFor must be positive, or empty to keep them for ever (was -1.00:00:00)", "Retention:Period must be at least 00:01:00 (was 00:00:10)"],
            result.Failures);
    }
}
