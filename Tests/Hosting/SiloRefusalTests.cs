using System.Globalization;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Hosting;

/// <summary>The real silo process (renderfarm-silo) with a setting that cannot work.</summary>
public sealed class SiloRefusalTests
{
    [Fact]
    public async Task A_silo_with_no_render_slots_exits_at_once_and_says_why()
    {
        var (exitCode, output) = await RunRefusedAsync("refused", new() { ["RenderNode__RenderSlots"] = "0" });

        Assert.True(exitCode == 78, $"the silo exited with {exitCode}, not 78 (EX_CONFIG); its output:{Environment.NewLine}{output}");
        Assert.Contains("renderfarm-silo: not started, its settings cannot work:", output);
        Assert.Contains("RenderNode:RenderSlots must be between 1 and 64 (was 0)", output);
    }

    [Fact]
    public async Task A_farm_silo_that_cannot_sandbox_ffmpeg_exits_at_once_and_says_how_to_turn_the_sandbox_off()
    {
        // Farm mode (a database, its links and keys as a farm's should be) and nothing said about the
        // sandbox: it is on, and bubblewrap is missing.
        var settings = new Dictionary<string, string>
        {
            ["Cluster__Database"] = FarmDatabase.ConnectionString,
            ["Access__KeysFile"] = TestKeys.File,
            ["Sandbox__BwrapPath"] = "/nonexistent/bwrap",
        };
        foreach (var (name, value) in TestCertificates.Node.SiloSettings())
            settings[name] = value;
        var (exitCode, output) = await RunRefusedAsync("unsandboxed", settings);

        Assert.True(exitCode == 78, $"the silo exited with {exitCode}, not 78 (EX_CONFIG); its output:{Environment.NewLine}{output}");
        Assert.Contains("Sandbox:BwrapPath: '/nonexistent/bwrap' is not an executable file; ffmpeg cannot be sandboxed " +
                        "(install bubblewrap and util-linux, or turn the sandbox off with Sandbox:Enabled=false)", output);
    }

    private static async Task<(int ExitCode, string Output)> RunRefusedAsync(string name, Dictionary<string, string> settings)
    {
        using var directory = new TestDirectory("silo-refusal");
        var log = directory.File("silo.log");
        var siloPort = LoopbackPorts.Free();
        var environment = new Dictionary<string, string>
        {
            ["RenderNode__WorkDirectory"] = directory.File("work"),
            ["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__PrimarySiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Monitoring__Port"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["MediaStore__Root"] = directory.File("store"),
        };
        foreach (var (key, value) in settings)
            environment[key] = value;

        int exitCode;
        await using (var silo = SiloProcess.Start(name, environment, log))
            exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exitCode, await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_farm_silo_without_a_keys_file_exits_at_once_and_names_the_setting()
    {
        using var directory = new TestDirectory("silo-refusal");
        var log = directory.File("silo.log");
        var environment = new Dictionary<string, string>
        {
            ["Cluster__Database"] = Database.FarmDatabase.ConnectionString,
            ["Cluster__ClusterId"] = $"refused-{Guid.NewGuid():N}",
            ["Cluster__SiloPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Cluster__GatewayPort"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Monitoring__Port"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["RenderNode__WorkDirectory"] = directory.File("work"),
            ["MediaStore__Root"] = directory.File("store"),
        };
        // Its links are as a farm's should be: only the keys are missing.
        foreach (var (name, value) in TestCertificates.Node.SiloSettings())
            environment[name] = value;

        int exitCode;
        await using (var silo = SiloProcess.Start("keyless", environment, log))
            exitCode = await silo.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var output = await File.ReadAllTextAsync(log, TestContext.Current.CancellationToken);

        Assert.True(exitCode == 78, $"the silo exited with {exitCode}, not 78 (EX_CONFIG); its output:{Environment.NewLine}{output}");
        Assert.Contains("Access:KeysFile is required in farm mode (Cluster:Database is set)", output);
        Assert.Contains("Access:Disabled=true", output);
    }
}
