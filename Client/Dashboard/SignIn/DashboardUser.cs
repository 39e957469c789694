using System.Security.Claims;
using RenderFarm.Access;

namespace RenderFarm.Dashboard.SignIn;

/// <summary>
/// A signed-in user as the sign-in cookie carries them: who the farm said they are, and the API key
/// every farm call of their requests presents (the cookie is encrypted and signed by the host's data
/// protection keys, and never readable by the page's scripts).
/// </summary>
public sealed record DashboardUser(CallerIdentity Identity, string ApiKey)
{
    public const string Scheme = "renderfarm-dashboard";
    private const string KeyClaim = "renderfarm:api-key";
    private const string ProjectClaim = "renderfarm:project";

    public string Name => Identity.User;
    public bool IsOperator => Identity.IsOperator;

    public ClaimsPrincipal ToPrincipal()
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, Identity.User),
            new(ClaimTypes.Role, Identity.Role.ToString()),
            new(KeyClaim, ApiKey),
        };
        claims.AddRange(Identity.Projects.Select(p => new Claim(ProjectClaim, p)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme));
    }

    /// <summary>The user of a request; null for one not signed in.</summary>
    public static DashboardUser? From(ClaimsPrincipal principal)
    {
        if (principal.Identity is not { IsAuthenticated: true, Name: { } name }
            || principal.FindFirstValue(KeyClaim) is not { Length: > 0 } key
            || !Enum.TryParse<CallerRole>(principal.FindFirstValue(ClaimTypes.Role), out var role))
            return null;
        var projects = principal.FindAll(ProjectClaim).Select(c => c.Value).ToList();
        return new DashboardUser(new CallerIdentity(name, role, projects), key);
    }
}
