using System.CommandLine;
using RenderFarm.Cli;

var root = new RootCommand("Orleans.RenderFarm: render video-editor timelines in frame-range chunks.")
{
    RenderCommand.Create(),
    BenchmarkCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
