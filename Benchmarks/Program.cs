using System.CommandLine;
using RenderFarm.Benchmarks;

var root = new RootCommand("Orleans.RenderFarm benchmarks: each one a ratio or a rate against a baseline run in the same command (docs/benchmarks.md).")
{
    ChunkingBenchmark.Create(), OrchestrationBenchmark.Create(), EstimateBenchmark.Create(), SchedulerBenchmark.Create(), DashboardBenchmark.Create(), MachineBenchmark.Create(), ScaleBenchmark.Create(), AutoscaleDayBenchmark.Create(), JobIndexBenchmark.Create(), MediaBenchmark.Create(), SandboxBenchmark.Create(), ThumbnailBenchmark.Create(),
};
return await root.Parse(args).InvokeAsync();
