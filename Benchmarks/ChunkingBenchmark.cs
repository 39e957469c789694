using System.CommandLine;
using RenderFarm.Rendering;
using RenderFarm.Timelines;
using Spectre.Console;
using static RenderFarm.Benchmarks.BenchmarkStatistics;

namespace RenderFarm.Benchmarks;

/// <summary>
/// <c>bench-chunking TIMELINE</c>: renders the timeline as one chunk and as N chunks one after another,
/// alternating the two so that both see the same machine, and reports the ratio of chunk time to the
/// single run and the merge's share of the total.
/// </summary>
internal static class ChunkingBenchmark
{
    public static Command Create()
    {
        var timeline = new Argument<FileInfo>("timeline") { Description = "Timeline JSON file." };
        var assets = new Option<DirectoryInfo?>("--assets", "-a") { Description = "Assets root (default: the timeline's folder)." };
        var chunks = new Option<int>("--chunks", "-c") { Description = "Chunk count compared with one chunk.", DefaultValueFactory = _ => 7 };
        var rounds = new Option<int>("--rounds", "-r") { Description = "Alternating rounds (single, chunked).", DefaultValueFactory = _ => 3 };

        var command = new Command("bench-chunking", "Measure the cost of chunking against a single render on this machine.") { timeline, assets, chunks, rounds };
        command.SetAction(async (result, cancellationToken) =>
        {
            var file = result.GetValue(timeline)!;
            var resolved = await TimelineLoader.LoadAsync(file.FullName, result.GetValue(assets)?.FullName ?? file.DirectoryName!, cancellationToken);
            var count = result.GetValue(chunks);
            var single = new List<RenderReport>();
            var chunked = new List<RenderReport>();
            var engine = new RenderEngine(new FfmpegRunner(), new RenderEngineOptions());
            var output = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.out");
            try
            {
                for (var round = 0; round < result.GetValue(rounds); round++)
                {
                    single.Add(await engine.RenderAsync(resolved, EvenRanges(resolved, 1), output, cancellationToken: cancellationToken));
                    chunked.Add(await engine.RenderAsync(resolved, EvenRanges(resolved, count), output, cancellationToken: cancellationToken));
                    AnsiConsole.MarkupLineInterpolated($"round {round + 1}: single {single[^1].ChunkTime.TotalSeconds:0.00} s, {count} chunks {chunked[^1].ChunkTime.TotalSeconds:0.00} s");
                }
            }
            finally
            {
                File.Delete(output);
            }
            Write(count, single, chunked);
            return 0;
        });
        return command;
    }

    /// <summary>Even cuts, not snapped to clips, so every run renders exactly the same ranges.</summary>
    private static IReadOnlyList<FrameRange> EvenRanges(ResolvedTimeline timeline, int count) =>
        ChunkPlanner.Plan(timeline.Timeline, new ChunkingOptions { ChunkCount = count, SnapWindowFraction = 0 });

    private static void Write(int count, List<RenderReport> single, List<RenderReport> chunked)
    {
        var singleChunks = Median(single.Select(r => r.ChunkTime.TotalSeconds));
        var manyChunks = Median(chunked.Select(r => r.ChunkTime.TotalSeconds));
        var table = new Table().AddColumns("measure", "single run", $"{count} chunks");
        table.AddRow("video render (median s)", F(singleChunks), F(manyChunks));
        table.AddRow("audio (median s)", F(Median(single.Select(r => r.AudioTime.TotalSeconds))), F(Median(chunked.Select(r => r.AudioTime.TotalSeconds))));
        table.AddRow("merge (median s)", F(Median(single.Select(r => r.MergeTime.TotalSeconds))), F(Median(chunked.Select(r => r.MergeTime.TotalSeconds))));
        table.AddRow("merge share of total", P(Median(single.Select(r => r.MergeTime / r.TotalTime))), P(Median(chunked.Select(r => r.MergeTime / r.TotalTime))));
        table.AddRow("chunk time / single run", "1.00", F(manyChunks / singleChunks));
        AnsiConsole.Write(table);
    }

}
