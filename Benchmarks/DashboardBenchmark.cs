using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RenderFarm.Client;
using RenderFarm.Dashboard;
using RenderFarm.Jobs;
using RenderFarm.Nodes;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-dashboard</c>: what pages open on the web dashboard cost the farm. The scheduler benchmark's
/// rounds (chunk dispatch→complete cycles per second with a renderer that finishes at once) on an
/// in-memory farm with the dashboard connected, rounds alternating between no page open and
/// <c>--pages</c> pages: half the job list, half a job's page each (its details fetched again on its
/// changes, at most once a second), all of them following the cluster's figures.
/// </summary>
internal static class DashboardBenchmark
{
    private const int FramesPerChunk = 24;
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromMinutes(3);

    public static Command Create()
    {
        var jobs = new Option<int>("--jobs", "-j") { Description = "Jobs submitted at once.", DefaultValueFactory = _ => 20 };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunks per job.", DefaultValueFactory = _ => 200 };
        var slots = new Option<int>("--slots", "-s") { Description = "Simulated render slots.", DefaultValueFactory = _ => 64 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Measured rounds of each kind (after one warm-up of each).", DefaultValueFactory = _ => 5 };
        var pages = new Option<int>("--pages", "-p") { Description = "Pages open in the measured rounds.", DefaultValueFactory = _ => 20 };
        var command = new Command("bench-dashboard", "Measure the farm's chunk cycles per second with dashboard pages open against none.") { jobs, chunks, slots, rounds, pages };
        command.SetAction(async (result, cancellationToken) =>
        {
            var store = Path.Combine(Path.GetTempPath(), $"bench-dashboard-{Guid.NewGuid():N}");
            var gateway = FreeLoopbackPort();
            try
            {
                await using var embedded = await EmbeddedRenderFarm.StartAsync(new EmbeddedFarmOptions
                {
                    AssetsRoot = store,
                    StoreRoot = store,
                    RenderSlots = result.GetValue(slots),
                    GatewayPort = gateway,
                    ConfigureServices = services => services.AddSingleton<IRenderExecutor, InstantRenderExecutor>(),
                }, cancellationToken);
                await using var dashboard = await StartDashboardAsync(gateway, cancellationToken);
                var address = new Uri(dashboard.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
                var none = new List<double>();
                var open = new List<double>();
                long events = 0, fetches = 0;
                for (var round = 0; round <= result.GetValue(rounds); round++)
                {
                    foreach (var withPages in new[] { false, true })
                    {
                        var opened = withPages ? await OpenPagesAsync(address, result.GetValue(pages), cancellationToken) : [];
                        double rate;
                        try
                        {
                            rate = await RoundAsync(embedded.Farm, result.GetValue(jobs), result.GetValue(chunks), opened, cancellationToken);
                        }
                        finally
                        {
                            events += opened.Sum(p => p.Events);
                            fetches += opened.Sum(p => p.DetailFetches);
                            foreach (var page in opened)
                                await page.DisposeAsync();
                        }
                        if (round > 0)
                            (withPages ? open : none).Add(rate);
                        AnsiConsole.MarkupLineInterpolated($"{(round == 0 ? "warm-up" : $"round {round}")}, {(withPages ? $"{result.GetValue(pages)} pages open" : "no page open")}: {rate:0} chunk cycles/s");
                    }
                }
                AnsiConsole.MarkupLineInterpolated($"median, no page open: {F(Median(none))} chunk cycles/s");
                AnsiConsole.MarkupLineInterpolated($"median, {result.GetValue(pages)} pages open: {F(Median(open))} chunk cycles/s ({events} events pushed, {fetches} job details fetched)");
                AnsiConsole.MarkupLineInterpolated($"median of the rounds' ratios (pages open / none): {Median(open.Zip(none, (o, n) => o / n)):0.000}");
            }
            finally
            {
                if (Directory.Exists(store))
                    Directory.Delete(store, recursive: true);
            }
            return 0;
        });
        return command;
    }

    /// <summary>The dashboard in this process on a loopback port, a client of the embedded farm's gateway; the farm checks no keys, so any key signs in.</summary>
    private static async Task<WebApplication> StartDashboardAsync(int gateway, CancellationToken cancellationToken)
    {
        var app = DashboardHost.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Dashboard:FeedApiKey"] = "bench";
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        }, client =>
        {
            client.GatewayPort = gateway;
            // The embedded farm's localhost cluster.
            client.ClusterId = "dev";
            client.ServiceId = "dev";
        });
        await app.StartAsync(cancellationToken);
        return app;
    }

    private static async Task<List<SimulatedPage>> OpenPagesAsync(Uri address, int count, CancellationToken cancellationToken)
    {
        var pages = new List<SimulatedPage>();
        for (var i = 0; i < count; i++)
            pages.Add(await SimulatedPage.OpenAsync(address, "bench", "jobs,cluster", cancellationToken));
        return pages;
    }

    private static async Task<double> RoundAsync(IRenderFarm farm, int jobCount, int chunksPerJob, List<SimulatedPage> pages, CancellationToken cancellationToken)
    {
        var timeline = Timelines.ColourOnly(chunksPerJob * FramesPerChunk);
        var clock = Stopwatch.StartNew();
        var submitted = await Task.WhenAll(Enumerable.Range(0, jobCount).Select(_ =>
            farm.SubmitJobAsync(timeline, new JobOptions { ChunkCount = chunksPerJob }, cancellationToken)));
        // Every other page is a job's page, each of a job of this round.
        for (var i = 1; i < pages.Count; i += 2)
            pages[i].Job = submitted[i / 2 % submitted.Length].JobId;
        foreach (var job in submitted)
        {
            while (!(await farm.GetJobStatusAsync(job.JobId, cancellationToken)).State.IsTerminal())
            {
                if (clock.Elapsed > RoundTimeout)
                    throw new TimeoutException($"job {job.JobId} had not ended after {RoundTimeout.TotalMinutes:0} min");
                await Task.Delay(20, cancellationToken);
            }
        }
        return jobCount * chunksPerJob / clock.Elapsed.TotalSeconds;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
