using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RenderFarm.Client;
using RenderFarm.Dashboard;
using RenderFarm.Tests.Database;
using RenderFarm.Tests.Durable;
using RenderFarm.Tests.Support;

namespace RenderFarm.Tests.Dashboard;

/// <summary>
/// A farm-mode silo process with the test keys, the web dashboard hosted here on a loopback port
/// (connected as any client would be, following the pool as the operator), and headless Chromium.
/// </summary>
public sealed class DashboardFarm : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private IPlaywright? playwright;

    public ProcessFarm Farm { get; private set; } = null!;
    public WebApplication Dashboard { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public Uri Address { get; private set; } = null!;
    public string Screenshots { get; } = Directory.CreateDirectory(Path.Combine(RepositoryPaths.Root, "TestResults", "screenshots", "dashboard")).FullName;

    public async ValueTask InitializeAsync()
    {
        Farm = await ProcessFarm.StartAsync(nodes: 1);
        Dashboard = DashboardHost.Build([], builder =>
        {
            builder.Configuration["Urls"] = "http://127.0.0.1:0";
            builder.Configuration["Dashboard:FeedApiKey"] = TestKeys.Operator;
            builder.Configuration["Dashboard:ClusterReadingInterval"] = "00:00:01";
        }, client =>
        {
            client.Database = FarmDatabase.GatewaysConnectionString;
            client.ClusterId = Farm.ClusterId;
            client.ServiceId = Farm.ClusterId;
            client.WatchPollInterval = TimeSpan.FromSeconds(1);
            TestCertificates.Client.ApplyTo(client.Tls);
        });
        await Dashboard.StartAsync(TestContext.Current.CancellationToken);
        var addresses = Dashboard.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        Address = new Uri(addresses.Addresses.Single());
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    /// <summary>A page of its own browser context (its own cookies), signed in with <paramref name="apiKey"/>; a phone-sized window when asked.</summary>
    public async Task<IPage> SignedInPageAsync(string apiKey, bool phone = false)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Address.ToString(),
            ViewportSize = phone ? new ViewportSize { Width = 390, Height = 844 } : new ViewportSize { Width = 1280, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.GetByLabel("API key").FillAsync(apiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal));
        return page;
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.DisposeAsync();
        playwright?.Dispose();
        if (Dashboard is not null)
        {
            await Dashboard.StopAsync();
            await Dashboard.DisposeAsync();
        }
        if (Farm is not null)
            await Farm.DisposeAsync();
    }
}
