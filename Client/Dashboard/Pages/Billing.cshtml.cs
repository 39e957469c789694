using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Client;
using RenderFarm.Costs;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Dashboard.Pages;

/// <summary>A bill: the user's own by default (of one of their projects, or for operators any user's, project's or the pool's), for a month or all time.</summary>
public sealed class BillingModel(IRenderFarm farm) : PageModel
{
    public DashboardUser Viewer { get; private set; } = null!;
    public Bill? Bill { get; private set; }
    public string? Problem { get; private set; }
    public string Of { get; private set; } = "user";
    public string? Name { get; private set; }
    public string? Month { get; private set; }

    public async Task OnGetAsync(string? of, string? name, string? month, CancellationToken cancellationToken)
    {
        Viewer = DashboardUser.From(User)!;
        Of = of ?? "user";
        Name = name is { Length: > 0 } ? name.Trim() : null;
        Month = month is { Length: > 0 } ? month.Trim() : null;
        try
        {
            var query = Of switch
            {
                "user" => BillingQuery.ForUser(Name ?? Viewer.Name),
                "project" => BillingQuery.ForProject(Name ?? throw new ArgumentException("name: a project's bill needs the project's name")),
                "pool" => BillingQuery.ForPool(Name ?? RenderFarmNames.DefaultPool),
                _ => throw new ArgumentException($"of must be user, project or pool (was '{Of}')"),
            };
            if (Month is { } text)
            {
                if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                    throw new ArgumentException($"month must be a month such as 2026-12 (was '{text}')");
                query = query.InMonth(first.Year, first.Month);
            }
            Bill = await farm.GetBillingAsync(query, cancellationToken);
        }
        catch (ArgumentException e)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (Access.AccessDeniedException e)
        {
            Problem = e.Message;
            Response.StatusCode = StatusCodes.Status403Forbidden;
        }
    }
}
