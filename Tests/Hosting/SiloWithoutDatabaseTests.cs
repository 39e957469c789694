using RenderFarm.Tests.Cli;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Hosting;

/// <summary>A silo started without a database (state in memory, for trying things out) still renders what it is sent.</summary>
public sealed class SiloWithoutDatabaseTests
{
    [Fact]
    public async Task A_silo_without_a_database_renders_a_job_submitted_through_its_gateway()
    {
        using var directory = new TestDirectory("silo-without-database");
        await using var silo = await SiloWithoutDatabase.StartAsync("alone", directory);

        var (exitCode, output, error) = await CliProcess.RunAsync(
            ["submit", Path.Combine(RepositoryPaths.Samples, "simple.json"), "--chunks", "2", "--watch", "--gateway-port", silo.GatewayPort],
            TimeSpan.FromMinutes(3));

        var log = await silo.LogAsync();
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{output}\n{error}\nsilo log:\n{log}");
        Assert.Contains("Completed", output);
        Assert.DoesNotContain("Self referencing loop", log);
    }
}
