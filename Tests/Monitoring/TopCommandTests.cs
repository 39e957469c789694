using System.Globalization;
using System.Text.RegularExpressions;
using RenderFarm.Jobs;
using RenderFarm.Tests.Cli;
using RenderFarm.Tests.Farm;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Monitoring;

/// <summary>
/// <c>renderfarm top</c> as a user runs it: in a real terminal (a tmux session of fixed size) against a
/// farm rendering a job, showing the job's row with its progress bar, quitting on <c>q</c> with the
/// shell's screen back, and on Ctrl+C with 130; without a terminal, one reading printed.
/// </summary>
public sealed partial class TopCommandTests(TopCommandTests.GatewayFarm gateway) : IClassFixture<TopCommandTests.GatewayFarm>
{
    private static readonly TimeSpan ScreenLimit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task In_a_terminal_it_shows_the_rendering_job_with_a_progress_bar_and_quits_on_q_with_the_shell_restored_or_on_ctrl_c_with_130()
    {
        var name = $"top-{Guid.NewGuid():N}"[..12];
        var job = await gateway.StartRenderingAsync(name);
        try
        {
            await using var tmux = await TmuxSession.StartAsync(160, 40, gateway.CliEnvironment, RepositoryPaths.Root);

            await tmux.TypeLineAsync($"{TopCommandLine()}; echo quit-exit=$?");
            var screen = await tmux.WaitForAsync(s => JobRow(s, name) is not null, ScreenLimit, $"the row of job {name} with a progress bar");
            Assert.Contains("nodes 1/1 active", screen, StringComparison.Ordinal);
            Assert.Matches(@"slots \d/2 busy", screen);
            Assert.Contains("q quits", screen, StringComparison.Ordinal);
            await tmux.PressAsync("q");
            screen = await tmux.WaitForAsync(s => ExitLine("quit").IsMatch(s), ScreenLimit, "top to exit after q");
            Assert.Equal("0", ExitLine("quit").Match(screen).Groups[1].Value);
            // The dashboard drew on the alternate screen: the shell's screen is back, with the command and the prompt.
            Assert.DoesNotContain("active jobs", screen, StringComparison.Ordinal);
            Assert.Contains(TmuxSession.Prompt + TopCommandLine(), screen, StringComparison.Ordinal);
            Assert.EndsWith(TmuxSession.Prompt.TrimEnd(), screen.TrimEnd(), StringComparison.Ordinal);

            await tmux.TypeLineAsync($"{TopCommandLine()}; echo interrupt-exit=$?");
            await tmux.WaitForAsync(s => JobRow(s, name) is not null, ScreenLimit, $"the row of job {name} again");
            await tmux.PressAsync("C-c");
            screen = await tmux.WaitForAsync(s => ExitLine("interrupt").IsMatch(s), ScreenLimit, "top to exit after Ctrl+C");
            Assert.Equal("130", ExitLine("interrupt").Match(screen).Groups[1].Value);
            Assert.DoesNotContain("active jobs", screen, StringComparison.Ordinal);
        }
        finally
        {
            await gateway.Farm.Farm.CancelJobAsync(job, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Without_a_terminal_it_prints_one_reading_and_exits()
    {
        var name = $"snap-{Guid.NewGuid():N}"[..12];
        var job = await gateway.StartRenderingAsync(name);
        try
        {
            var (exitCode, output, errors) = await CliProcess.RunAsync(
                ["top", "--gateway-port", gateway.Port, "--interval", "0.5"], TimeSpan.FromSeconds(60), gateway.CliEnvironment);

            Assert.True(exitCode == 0, $"exit {exitCode}: {errors}");
            Assert.Contains("nodes 1/1 active", output, StringComparison.Ordinal);
            Assert.Contains("active jobs", output, StringComparison.Ordinal);
            var row = Assert.Single(output.Split('\n'), line => line.Contains(name, StringComparison.Ordinal));
            Assert.Contains("Rendering", row, StringComparison.Ordinal);
            Assert.Matches(@"\d+%", row);
            // Not a terminal: no key hint, no escape sequences.
            Assert.DoesNotContain("q quits", output, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", output, StringComparison.Ordinal);
        }
        finally
        {
            await gateway.Farm.Farm.CancelJobAsync(job, TestContext.Current.CancellationToken);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("7200")]
    public async Task An_interval_out_of_range_is_refused_naming_the_option(string interval)
    {
        var (exitCode, _, errors) = await CliProcess.RunAsync(["top", "--interval", interval, "--gateway-port", gateway.Port], TimeSpan.FromSeconds(60));

        Assert.Equal(2, exitCode);
        Assert.Contains($"--interval must be between 0.1 and 3600 seconds (was {interval})", errors, StringComparison.Ordinal);
    }

    private string TopCommandLine() => $"dotnet {CliProcess.Dll} top --gateway-port {gateway.Port}";

    /// <summary>The screen's line of the job with a bar and its percentage, or null.</summary>
    private static string? JobRow(string screen, string name) =>
        screen.Split('\n').FirstOrDefault(line => line.Contains(name, StringComparison.Ordinal) && line.Contains("Rendering", StringComparison.Ordinal) && ProgressBar().IsMatch(line));

    [GeneratedRegex(@"[█░]{5,} \d+%")]
    private static partial Regex ProgressBar();

    private static Regex ExitLine(string marker) => new($"^{marker}-exit=(\\d+)\\s*$", RegexOptions.Multiline);

    /// <summary>An in-process farm of one silo with two slots whose gateway a CLI process on this machine reaches.</summary>
    public sealed class GatewayFarm : IAsyncLifetime
    {
        private TestFarm? farm;

        public TestFarm Farm => farm ?? throw new InvalidOperationException("not started");

        public string Port => Farm.Cluster.Silos[0].GatewayAddress!.Endpoint.Port.ToString(CultureInfo.InvariantCulture);

        /// <summary>What the CLI needs besides <c>--gateway-port</c> to join this cluster, and a UTF-8 terminal.</summary>
        public IReadOnlyDictionary<string, string> CliEnvironment => new Dictionary<string, string>
        {
            ["RenderFarm__ClusterId"] = Farm.Cluster.Options.ClusterId,
            ["RenderFarm__ServiceId"] = Farm.Cluster.Options.ServiceId,
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
        };

        public async ValueTask InitializeAsync() => farm = await TestFarm.StartAsync(silos: 1, slotsPerSilo: 2);

        /// <summary>Submits a job slow enough to outlast a test and waits until it renders frames.</summary>
        public async Task<Guid> StartRenderingAsync(string name)
        {
            var job = await Farm.Farm.SubmitJobAsync(FarmTimelines.Slow(900), new JobOptions { Name = name, ChunkCount = 6 }, TestContext.Current.CancellationToken);
            await FarmWaits.UntilAsync(Farm, job.JobId, s => s.State == JobState.Rendering && s.FramesDone > 0, "frames rendered");
            return job.JobId;
        }

        public async ValueTask DisposeAsync()
        {
            if (farm is not null)
                await farm.DisposeAsync();
        }
    }
}
