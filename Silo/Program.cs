using Microsoft.Extensions.Hosting;
using RenderFarm.Hosting;
using RenderFarm.Silo;

// appsettings.json is read from beside the executable, wherever the silo is started from.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.UseOrleans(silo => silo
    .UseRenderFarmClustering(builder.Configuration)
    .AddRenderFarm(builder.Configuration));
await builder.Build().RunAsync();
