using RenderFarm.Dashboard;

await DashboardHost.Build(args).RunAsync();
