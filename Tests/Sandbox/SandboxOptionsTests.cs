using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RenderFarm.Hosting;
using RenderFarm.Nodes;
using RenderFarm.Sandbox;
using RenderFarm.Tests.Database;

namespace RenderFarm.Tests.Sandbox;

/// <summary>The "Sandbox" section: its rules, its trial run, and who turns it on.</summary>
public sealed class SandboxOptionsTests
{
    [Fact]
    public void The_defaults_pass_and_the_trial_runs_in_the_sandbox_here()
    {
        var result = new SandboxOptionsValidator().Validate(Options.DefaultName, new SandboxOptions { Enabled = true });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Each_impossible_limit_is_refused_by_its_key_and_rule()
    {
        var options = new SandboxOptions { CpuSeconds = 0, MemoryBytes = 1 << 20, OutputBytes = 0, WallClock = TimeSpan.Zero };

        var result = new SandboxOptionsValidator().Validate(Options.DefaultName, options);

        Assert.Equal(
            [
                "Sandbox:CpuSeconds must be at least 1 (was 0)",
                "Sandbox:MemoryBytes must be at least 536870912 (512 MiB) (was 1048576)",
                "Sandbox:OutputBytes must be at least 1 (was 0)",
                "Sandbox:WallClock must be positive (was 00:00:00)",
            ],
            result.Failures);
    }

    [Fact]
    public void A_sandbox_whose_trial_fails_is_refused_with_bubblewraps_words()
    {
        // An executable that is not bubblewrap: prlimit runs it and it fails.
        var result = new SandboxOptionsValidator().Validate(Options.DefaultName, new SandboxOptions { Enabled = true, BwrapPath = "/usr/bin/false" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Sandbox: a trial run in the sandbox failed, so ffmpeg cannot be sandboxed here: exit code 1", failure, StringComparison.Ordinal);
        Assert.EndsWith("or turn the sandbox off with Sandbox:Enabled=false)", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_bubblewrap_an_operator_who_turned_the_sandbox_off_is_not_refused()
    {
        var result = new SandboxOptionsValidator().Validate(Options.DefaultName, new SandboxOptions { Enabled = false, BwrapPath = "/nonexistent/bwrap" });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData(true, null, SandboxState.On)]
    [InlineData(true, "false", SandboxState.TurnedOffByOperator)]
    [InlineData(false, null, SandboxState.Off)]
    [InlineData(false, "true", SandboxState.On)]
    public void Farm_mode_turns_the_sandbox_on_unless_the_operator_says_otherwise(bool farm, string? enabled, SandboxState expected)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Sandbox:Enabled"] = enabled });
        builder.UseOrleans(silo =>
        {
            if (farm)
                silo.UseRenderFarmDatabase(FarmDatabase.ConnectionString);
            else
                silo.UseLocalhostClustering();
            silo.AddRenderFarm(builder.Configuration);
        });
        using var host = builder.Build();

        Assert.Equal(expected, host.Services.GetRequiredService<IOptions<SandboxOptions>>().Value.State);
    }
}
