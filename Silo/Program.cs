using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;
using RenderFarm.Client.Security;
using RenderFarm.Hosting;
using RenderFarm.Silo;
using RenderFarm.Silo.Monitoring;

try
{
    // appsettings.json is read from beside the executable, wherever the silo is started from.
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
    // Secrets given as files (Cluster__Database_FILE, Tls__KeyPassword_FILE, …) become their settings.
    builder.Configuration.AddSecretFiles();
    builder.UseOrleans(silo => silo
        .UseRenderFarmClustering(builder.Configuration)
        .AddRenderFarm(builder.Configuration)
        .AddRenderFarmDashboard(builder.Configuration));
    builder.AddRenderFarmMonitoring();
    var app = builder.Build();
    app.MapRenderFarmMonitoring();
    await app.RunAsync();
    return 0;
}
catch (Exception e) when (StartupRefusal.Reasons(e) is { Count: > 0 } reasons)
{
    return StartupRefusal.Report(reasons);
}
