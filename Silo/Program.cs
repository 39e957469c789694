using Microsoft.Extensions.Hosting;
using RenderFarm.Hosting;
using RenderFarm.Silo;

try
{
    // appsettings.json is read from beside the executable, wherever the silo is started from.
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
    builder.UseOrleans(silo => silo
        .UseRenderFarmClustering(builder.Configuration)
        .AddRenderFarm(builder.Configuration));
    await builder.Build().RunAsync();
    return 0;
}
catch (Exception e) when (StartupRefusal.Reasons(e) is { Count: > 0 } reasons)
{
    return StartupRefusal.Report(reasons);
}
