using RenderFarm.Jobs;

namespace RenderFarm.Tests.Jobs;

/// <summary>The project of a job keeps the rules of its submitter and pool, and its errors name it the same way.</summary>
public sealed class JobOptionsRulesTests
{
    [Theory]
    [InlineData("acme")]
    [InlineData("Spring.2026_final-cut@studio")]
    [InlineData(null)]
    public void A_project_of_letters_digits_and_a_few_signs_is_accepted(string? project) =>
        Assert.Empty(JobOptionsRules.Check(new JobOptions { Project = project }));

    [Theory]
    [InlineData("")]
    [InlineData("spring campaign")]
    [InlineData("acme/films")]
    [InlineData("café")]
    public void A_project_with_other_characters_is_refused_like_a_submitter(string project)
    {
        var projectError = Assert.Single(JobOptionsRules.Check(new JobOptions { Project = project }));
        var submitterError = Assert.Single(JobOptionsRules.Check(new JobOptions { Submitter = project }));

        Assert.Equal("options.project", projectError.Field);
        Assert.Equal(submitterError.Rule, projectError.Rule);
        Assert.Equal("must be 1 to 64 letters, digits, '.', '_', '-' or '@'", projectError.Rule);
    }

    [Fact]
    public void A_project_longer_than_an_identity_is_refused()
    {
        Assert.Empty(JobOptionsRules.Check(new JobOptions { Project = new string('p', JobOptionsRules.MaxIdentityLength) }));
        Assert.Equal("options.project", Assert.Single(JobOptionsRules.Check(new JobOptions { Project = new string('p', JobOptionsRules.MaxIdentityLength + 1) })).Field);
    }

    [Fact]
    public void The_default_project_keeps_the_rules() =>
        Assert.Empty(JobOptionsRules.Check(new JobOptions { Project = JobOptionsRules.DefaultProject }));
}
