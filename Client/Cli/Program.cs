using System.CommandLine;
using RenderFarm.Cli;

var root = new RootCommand("Orleans.RenderFarm: render video-editor timelines in frame-range chunks.")
{
    RenderCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
