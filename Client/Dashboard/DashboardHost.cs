using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.FileProviders;
using RenderFarm.Client;
using RenderFarm.Client.Security;
using RenderFarm.Dashboard.Live;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Dashboard;

/// <summary>
/// The web dashboard: server-rendered pages over the client library, updated live by server-sent
/// events. Each signed-in user reaches the farm with their own API key, so the farm's rights are theirs.
/// </summary>
public static class DashboardHost
{
    /// <param name="configure">Settings of the host beyond its configuration (a test's farm, its port).</param>
    /// <param name="client">The farm connection beyond the <c>RenderFarm</c> section (a test's certificates).</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<RenderFarmClientOptions>? client = null)
    {
        // Named so that its pages are found wherever it is hosted (its own process, or a test's).
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(DashboardHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddSecretFiles();
        configure?.Invoke(builder);
        var services = builder.Services;
        services.AddOptions<DashboardOptions>().BindConfiguration(DashboardOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddRenderFarmClient(client, builder.Configuration);
        services.AddSingleton<OpenPages>();
        services.AddHostedService<JobActivityFeed>();
        services.AddHostedService<ClusterReadingFeed>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        var settings = builder.Configuration.GetSection(DashboardOptions.Section).Get<DashboardOptions>() ?? new DashboardOptions();
        services.AddSignInKeyRing(settings.KeyRingFolder);
        services.AddAuthentication(DashboardUser.Scheme).AddCookie(DashboardUser.Scheme, cookie =>
        {
            cookie.LoginPath = "/signin";
            cookie.LogoutPath = "/signout";
            cookie.AccessDeniedPath = "/signin";
            cookie.ExpireTimeSpan = settings.SignInLifetime;
            cookie.SlidingExpiration = true;
            cookie.Cookie.Name = "renderfarm-dashboard";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            // The live connection and fragments are fetched by script: they answer 401, not a sign-in page.
            cookie.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Path.StartsWithSegments("/live") || context.Request.Query.ContainsKey("handler"))
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                else
                    context.Response.Redirect(context.RedirectUri);
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization();
        services.AddRazorPages(pages => pages.Conventions.AuthorizeFolder("/").AllowAnonymousToPage("/SignIn"));

        var app = builder.Build();
        app.UseExceptionHandler("/Error");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new EmbeddedFileProvider(typeof(DashboardHost).Assembly, "RenderFarm.Dashboard.wwwroot") });
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<FarmCallerMiddleware>();
        app.MapRazorPages();
        app.MapLiveUpdates();
        app.MapFarmFiles();
        return app;
    }
}
