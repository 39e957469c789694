using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Access;

namespace RenderFarm.Dashboard.Pages;

/// <summary>
/// A button's action on the farm, then back to the page it was pressed on (so a reload never repeats
/// it): what it did, or the farm's refusal or reason in its own words.
/// </summary>
public static class FarmActions
{
    public static async Task<IActionResult> FarmActionAsync(this PageModel page, Func<Task> action, string done)
    {
        try
        {
            await action();
            page.TempData["Notice"] = done;
        }
        catch (AccessDeniedException refused)
        {
            page.TempData["Problem"] = refused.Message;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            page.TempData["Problem"] = e.Message;
        }
        return page.RedirectToPage();
    }

    public static IActionResult Problem(this PageModel page, string problem)
    {
        page.TempData["Problem"] = problem;
        return page.RedirectToPage();
    }
}
