using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Access;
using RenderFarm.Client;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Dashboard.Pages;

/// <summary>Signs a user in with their API key, once the farm has said whose it is.</summary>
public sealed class SignInModel(IRenderFarm farm, ILogger<SignInModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? ApiKey { get; set; }

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var key = ApiKey?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            Problem = "Enter your API key.";
            return Page();
        }
        CallerIdentity identity;
        try
        {
            using (FarmCaller.ActAs(key))
                identity = await farm.GetCallerAsync(cancellationToken);
        }
        catch (AccessDeniedException)
        {
            logger.LogWarning("A sign-in with an API key the farm does not know was refused");
            Problem = "This API key is not one of the farm's.";
            Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(DashboardUser.Scheme, new DashboardUser(identity, key).ToPrincipal());
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
