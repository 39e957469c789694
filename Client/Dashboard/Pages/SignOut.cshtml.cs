using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Dashboard.SignIn;

namespace RenderFarm.Dashboard.Pages;

public sealed class SignOutModel : PageModel
{
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(DashboardUser.Scheme);
        return LocalRedirect("/signin");
    }
}
