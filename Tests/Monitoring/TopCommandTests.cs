using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using RenderFarm.Client;
using RenderFarm.Jobs;
using RenderFarm.Tests.Cli;
using RenderFarm.Tests.Database;
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
            await using (var tmux = await TmuxSession.StartAsync(160, 40, gateway.CliEnvironment, RepositoryPaths.Root))
            {
                await tmux.TypeLineAsync($"{TopCommandLine()}; echo quit-exit=$?");
                var screen = await tmux.WaitForAsync(s => JobRow(s, name) is not null, ScreenLimit, $"the row of job {name} with a progress bar");
                Assert.Contains("nodes 1/1 active", screen, StringComparison.Ordinal);
                Assert.Matches(@"slots \d/2 busy", screen);
                Assert.Contains("q quits", screen, StringComparison.Ordinal);
                await tmux.PressAsync("q");
                // The shell prints its prompt a moment after the exit line.
                screen = await tmux.WaitForAsync(s => ExitLine("quit").IsMatch(s) && s.TrimEnd().EndsWith(TmuxSession.Prompt.TrimEnd(), StringComparison.Ordinal),
                    ScreenLimit, "top to exit after q and the shell's prompt back");
                Assert.Equal("0", ExitLine("quit").Match(screen).Groups[1].Value);
                // The dashboard drew on the alternate screen: the shell's screen is back, with the command and the prompt.
                Assert.DoesNotContain("active jobs", screen, StringComparison.Ordinal);
                Assert.Contains(TmuxSession.Prompt + TopCommandLine(), screen, StringComparison.Ordinal);
                Assert.EndsWith(TmuxSession.Prompt.TrimEnd(), screen.TrimEnd(), StringComparison.Ordinal);
            }

            // An 80-column terminal still has the job's row on one line; Ctrl+C ends top with 130.
            await using var narrow = await TmuxSession.StartAsync(80, 24, gateway.CliEnvironment, RepositoryPaths.Root);
            await narrow.TypeLineAsync($"{TopCommandLine()}; echo interrupt-exit=$?");
            await narrow.WaitForAsync(s => JobRow(s, name) is not null, ScreenLimit, $"the row of job {name} in 80 columns");
            await narrow.PressAsync("C-c");
            var after = await narrow.WaitForAsync(s => ExitLine("interrupt").IsMatch(s), ScreenLimit, "top to exit after Ctrl+C");
            Assert.Equal("130", ExitLine("interrupt").Match(after).Groups[1].Value);
            Assert.DoesNotContain("active jobs", after, StringComparison.Ordinal);
        }
        finally
        {
            await gateway.Farm.CancelJobAsync(job, TestContext.Current.CancellationToken);
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
            await gateway.Farm.CancelJobAsync(job, TestContext.Current.CancellationToken);
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

    /// <summary>
    /// A one-silo farm with two slots in the test's process (the embedded farm, in-memory state) with its
    /// gateway on a loopback port, so that a CLI process on this machine reaches it as it would a farm's silo.
    /// </summary>
    public sealed class GatewayFarm : IAsyncLifetime
    {
        // UseLocalhostClustering's ids, which the embedded farm keeps.
        private const string ClusterId = "dev";

        private readonly TestDirectory store = new("top-farm");
        private readonly int gatewayPort = LoopbackPorts.Free();
        private EmbeddedRenderFarm? embedded;

        public IRenderFarm Farm => embedded?.Farm ?? throw new InvalidOperationException("not started");

        public string Port => gatewayPort.ToString(CultureInfo.InvariantCulture);

        /// <summary>What the CLI needs besides <c>--gateway-port</c> to join this cluster, and a UTF-8 terminal.</summary>
        public IReadOnlyDictionary<string, string> CliEnvironment { get; } = new Dictionary<string, string>
        {
            ["RenderFarm__ClusterId"] = ClusterId,
            ["RenderFarm__ServiceId"] = ClusterId,
            ["LANG"] = "C.UTF-8",
            ["LC_ALL"] = "C.UTF-8",
        };

        public async ValueTask InitializeAsync()
        {
            await SampleMedia.EnsureAsync();
            embedded = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions
            {
                AssetsRoot = SampleMedia.Root,
                StoreRoot = store.Path,
                RenderSlots = 2,
                // The embedded farm has no gateway of its own (its client is in its process): open one.
                ConfigureServices = services => services.Configure<EndpointOptions>(endpoints => endpoints.GatewayPort = gatewayPort),
            }, TestContext.Current.CancellationToken);
        }

        /// <summary>Submits a job slow enough to outlast a test and waits until it renders frames.</summary>
        public async Task<Guid> StartRenderingAsync(string name)
        {
            var ct = TestContext.Current.CancellationToken;
            var job = await Farm.SubmitJobAsync(FarmTimelines.Slow(300), new JobOptions { Name = name, ChunkCount = 6 }, ct);
            var status = await Eventually.UntilAsync(() => Farm.GetJobStatusAsync(job.JobId, ct), s => s is { State: JobState.Rendering, FramesDone: > 0 } || s.State.IsTerminal(),
                FarmWaits.DefaultLimit, $"job {name} to render frames", s => $"{s.State}: {s.Error}");
            Assert.True(status.State == JobState.Rendering, $"job {name} is {status.State}: {status.Error}");
            return job.JobId;
        }

        public async ValueTask DisposeAsync()
        {
            if (embedded is not null)
                await embedded.DisposeAsync();
            store.Dispose();
        }
    }
}
