using System.Runtime.Versioning;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RenderFarm.Dashboard;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Tests.Dashboard;

/// <summary>Dashboards sharing a key ring folder read each other's sign-in cookies; the folder is kept the dashboard user's alone.</summary>
[SupportedOSPlatform("linux")]
public sealed class SignInKeyRingTests
{
    private const string Setting = $"{DashboardOptions.Section}:{nameof(DashboardOptions.KeyRingFolder)}";

    [Fact]
    public async Task A_sign_in_cookie_made_by_one_dashboard_is_read_by_another_on_the_same_key_ring_and_by_no_other()
    {
        using var directory = new Support.TestDirectory("key-ring");
        var shared = directory.File("shared");
        await using var first = Dashboard(shared);
        await using var second = Dashboard(shared);
        await using var elsewhere = Dashboard(directory.File("elsewhere"));
        var ticket = new AuthenticationTicket(
            new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "alice")], DashboardUser.Scheme)), DashboardUser.Scheme);

        var cookie = CookieFormat(first).Protect(ticket);

        Assert.Equal("alice", CookieFormat(second).Unprotect(cookie)?.Principal.Identity?.Name);
        Assert.Null(CookieFormat(elsewhere).Unprotect(cookie));
        Assert.NotEmpty(Directory.GetFiles(shared, "key-*.xml"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(shared));
    }

    [Fact]
    public void A_key_ring_folder_others_may_enter_keeps_the_dashboard_from_starting_by_name()
    {
        using var directory = new Support.TestDirectory("key-ring");
        var open = Directory.CreateDirectory(directory.File("open"), (UnixFileMode)Convert.ToInt32("755", 8)).FullName;

        var refusal = Assert.Throws<InvalidOperationException>(() => Dashboard(open));

        Assert.Contains($"{Setting} {open} may be entered by others than its owner (mode 755)", refusal.Message);
        Assert.Contains("chmod 700", refusal.Message);
    }

    private static WebApplication Dashboard(string keyRing) =>
        DashboardHost.Build([], builder => builder.Configuration[Setting] = keyRing);

    private static ISecureDataFormat<AuthenticationTicket> CookieFormat(WebApplication dashboard) =>
        dashboard.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(DashboardUser.Scheme).TicketDataFormat;
}
