using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.RazorPages;
using RenderFarm.Access;

namespace RenderFarm.Dashboard.Pages;

/// <summary>What went wrong, in words: a refusal of the farm says who may do what; anything else says the farm could not answer.</summary>
[AllowAnonymous]
public sealed class ErrorModel : PageModel
{
    public string Message { get; private set; } = "";

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var error = HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error;
        (Response.StatusCode, Message) = error switch
        {
            AccessDeniedException refused => (StatusCodes.Status403Forbidden, refused.Message),
            TimeoutException or OrleansException => (StatusCodes.Status503ServiceUnavailable, "The farm did not answer in time; try again in a moment."),
            _ => (StatusCodes.Status500InternalServerError, "The dashboard could not show this page."),
        };
    }
}
