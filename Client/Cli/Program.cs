using System.CommandLine;
using RenderFarm.Cli;

var farm = new FarmOptions();
var root = new RootCommand("Orleans.RenderFarm: render video-editor timelines in frame-range chunks, on this machine or on a farm.")
{
    farm.GatewayPort, farm.Database, farm.Pool,
    RenderCommand.Create(),
    SubmitCommand.Create(farm), EstimateCommand.Create(farm), StatusCommand.Create(farm), WatchCommand.Create(farm), CancelCommand.Create(farm),
    PauseCommand.CreatePause(farm), PauseCommand.CreateResume(farm), PriorityCommand.Create(farm), ClusterCommand.Create(farm), TopCommand.Create(farm),
    JobsCommand.Create(farm), ImportCommand.Create(), BudgetCommand.Create(farm), BillingCommand.Create(farm),
    DownloadCommand.Create(farm), PurgeCommand.Create(farm), ScaleCommand.Create(farm), KeyCommand.Create(),
};
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = ExitCodes.CancelGracePeriod });
