using System.Globalization;
using RenderFarm.Tests.Cli;
using RenderFarm.Tests.Hosting;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Costs;

/// <summary><c>renderfarm estimate</c> as a user runs it, against a silo process priced as a cloud machine.</summary>
public sealed class EstimateCommandTests
{
    [Fact]
    public async Task The_cli_estimates_a_timeline_on_a_running_silo_and_refuses_a_bad_one_by_field()
    {
        using var directory = new TestDirectory("estimate-cli");
        await using var silo = await SiloWithoutDatabase.StartAsync("priced", directory, new Dictionary<string, string>
        {
            ["RenderNode__RenderSlots"] = "2",
            ["Costs__Instance"] = "aws/us-east-1/g4dn.xlarge/on-demand",
        });
        var gateway = silo.GatewayPort;
        var deadline = DateTimeOffset.UtcNow.AddHours(2).ToString("O", CultureInfo.InvariantCulture);

        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["estimate", Path.Combine(RepositoryPaths.Samples, "simple.json"), "--chunks", "4", "--priority", "high", "--deadline", deadline, "--gateway-port", gateway],
            TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}");
        Assert.Contains("4 chunk(s) on 1 server(s), 2 render slot(s)", output);
        foreach (var label in new[] { "render time", "wall time", "on demand", "spot", "priority", "deadline", "largest chunk", "calibration" })
            Assert.Contains($"  {label}", output);
        Assert.Matches(@"on demand\s+0\.\d{4} USD \(0\.\d{4}–0\.\d{4}\)", output);
        Assert.Matches(@"spot\s+0\.\d{4} USD", output);
        Assert.Contains(": met; 1 server(s) of the pool's kind would meet it", output);
        Assert.Contains("none yet: the model's defaults, range ±50%", output);

        var bad = directory.File("bad.json");
        var text = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Samples, "simple.json"), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(bad, text.Replace("\"durationFrames\": 240", "\"durationFrames\": 0", StringComparison.Ordinal), TestContext.Current.CancellationToken);
        var refused = await CliProcess.RunAsync(["estimate", bad, "--gateway-port", gateway], TimeSpan.FromMinutes(2));

        Assert.True(refused.ExitCode == 2, $"exit code {refused.ExitCode}\n{refused.StandardOutput}\n{refused.StandardError}");
        Assert.Contains("output.durationFrames", refused.StandardError);
    }
}
