using RenderFarm.Client;

namespace RenderFarm.Dashboard.SignIn;

/// <summary>Every farm call of a signed-in user's request presents that user's key; a request of nobody presents none, and the farm refuses it.</summary>
internal sealed class FarmCallerMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (DashboardUser.From(context.User) is not { } user)
        {
            await next(context);
            return;
        }
        using (FarmCaller.ActAs(user.ApiKey))
            await next(context);
    }
}
