namespace RenderFarm.Tests.Cli;

/// <summary><c>priority JOB-ID</c>: options a farm need not be asked about are refused before the command connects.</summary>
public sealed class PriorityCommandTests
{
    private const string JobId = "3f2b8c1e-0000-4000-8000-000000000001";

    [Theory]
    [InlineData(new[] { "priority", JobId }, "Give --priority, --deadline or --no-deadline: nothing would change.")]
    [InlineData(new[] { "priority", JobId, "--deadline", "2099-01-31T18:00:00Z", "--no-deadline" }, "Give --deadline or --no-deadline, not both.")]
    [InlineData(new[] { "priority", JobId, "--priority", "high", "--deadline", "2020-01-31T18:00:00Z" }, "--deadline must be in the future (was 2020-01-31 18:00:00Z).")]
    public async Task Options_that_change_nothing_contradict_or_lie_in_the_past_are_refused_with_exit_code_2(string[] arguments, string message)
    {
        // No farm listens on this port: a refusal must come before any attempt to connect.
        var (exitCode, _, errors) = await CliProcess.RunAsync([.. arguments, "--gateway-port", "1"], TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 2, $"exit code {exitCode}: {errors}");
        Assert.Contains(message, errors);
    }

    [Theory]
    [InlineData("--priority", "sometimes")]
    [InlineData("--deadline", "tomorrow-ish")]
    public async Task A_priority_or_deadline_that_does_not_parse_is_named(string option, string value)
    {
        var (exitCode, _, errors) = await CliProcess.RunAsync(["priority", JobId, option, value, "--gateway-port", "1"], TimeSpan.FromMinutes(1));

        Assert.NotEqual(0, exitCode);
        Assert.Contains(value, errors);
        Assert.Contains(option, errors);
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        var (exitCode, output, errors) = await CliProcess.RunAsync(["priority", "--help"], TimeSpan.FromMinutes(1));

        Assert.True(exitCode == 0, $"exit code {exitCode}: {errors}");
        Assert.Contains("--priority", output);
        Assert.Contains("--deadline", output);
        Assert.Contains("--no-deadline", output);
    }
}
