using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RenderFarm.Hosting;
using RenderFarm.Rendering;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Hosting;

/// <summary>A render silo whose settings could not work refuses to start and names the setting, instead of failing chunks later.</summary>
public sealed class StartupValidationTests
{
    [Fact]
    public async Task A_node_without_render_slots_refuses_to_start()
    {
        var refused = await RefusedAsync(new() { ["RenderNode:RenderSlots"] = "0" });

        Assert.Contains("RenderNode:RenderSlots must be between 1 and 64 (was 0)", refused.Message);
    }

    [Fact]
    public async Task A_node_whose_ffmpeg_folder_holds_no_ffmpeg_refuses_to_start()
    {
        using var empty = new TestDirectory("no-ffmpeg");

        var refused = await RefusedAsync(new() { ["RenderEngine:FfmpegFolder"] = empty.Path });

        Assert.Contains($"RenderEngine:FfmpegFolder: '{empty.Path}' holds no executable ffmpeg", refused.Message);
    }

    [Fact]
    public async Task A_node_without_the_title_font_refuses_to_start()
    {
        using var directory = new TestDirectory("no-font");
        var font = directory.File("missing.ttf");

        var refused = await RefusedAsync(new() { ["RenderEngine:FontFile"] = font });

        Assert.Contains($"RenderEngine:FontFile: '{font}' does not exist", refused.Message);
    }

    [Fact]
    public async Task A_node_with_an_impossible_failover_policy_refuses_to_start()
    {
        var refused = await RefusedAsync(new() { ["Failover:MaxFailedAttempts"] = "0" });

        Assert.Contains("Failover:MaxFailedAttempts must be at least 1", refused.Message);
    }

    [Fact]
    public async Task A_node_with_a_user_weight_of_zero_or_no_ageing_step_refuses_to_start()
    {
        var refused = await RefusedAsync(new() { ["Scheduling:UserWeights:ana"] = "0", ["Scheduling:AgeingStep"] = "00:00:00" });

        Assert.Contains("Scheduling:UserWeights:ana must be a positive number (was 0)", refused.Message);
        Assert.Contains("Scheduling:AgeingStep must be positive (was 00:00:00)", refused.Message);
    }

    [Fact]
    public async Task A_node_without_a_media_store_refuses_to_start()
    {
        var refused = await RefusedAsync(new() { ["MediaStore:Root"] = " " });

        Assert.Contains("MediaStore:Root must be set", refused.Message);
    }

    [Fact]
    public void A_node_with_the_default_settings_passes_the_checks()
    {
        using var host = Build([]);

        host.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Fact]
    public void Without_ffmpeg_and_ffprobe_on_the_path_the_engine_says_so()
    {
        using var empty = new TestDirectory("empty-path");

        var result = new RenderEngineOptionsValidator(searchPath: empty.Path).Validate(Options.DefaultName, new RenderEngineOptions());

        Assert.Equal(
            [
                "RenderEngine:FfmpegFolder is not set and there is no ffmpeg on the PATH (install ffmpeg, or set the folder that holds it)",
                "RenderEngine: there is no ffprobe on the PATH; assets and rendered chunks are verified with it (install ffmpeg, which ships it)",
            ],
            result.Failures);
    }

    /// <summary>Starts a silo with <paramref name="settings"/> over the defaults and returns why it refused.</summary>
    private static async Task<OptionsValidationException> RefusedAsync(Dictionary<string, string?> settings)
    {
        using var host = Build(settings);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(timeout.Token));
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        // No appsettings or environment: only what the test says.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(siloPort: LoopbackPorts.Free(), gatewayPort: LoopbackPorts.Free())
            .AddRenderFarm(builder.Configuration)
            .UseInProcessStorage(new InProcessStateStore()));
        return builder.Build();
    }
}
