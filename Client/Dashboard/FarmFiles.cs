using RenderFarm.Client;

namespace RenderFarm.Dashboard;

/// <summary><c>GET /jobs/{id}/thumbnail.jpg</c>: the job's latest still, read from the farm as the signed-in user (its owner or an operator).</summary>
internal static class FarmFiles
{
    public static IEndpointRouteBuilder MapFarmFiles(this IEndpointRouteBuilder app)
    {
        app.MapGet("/jobs/{id:guid}/thumbnail.jpg", async (Guid id, IRenderFarm farm, HttpContext context) =>
        {
            var thumbnail = await farm.GetThumbnailAsync(id, context.RequestAborted);
            if (thumbnail is null)
                return Results.NotFound();
            // The address names the frame (?frame=): a new still is a new address, an old one may be kept.
            context.Response.Headers.CacheControl = "private, max-age=3600";
            return Results.File(thumbnail.Jpeg, "image/jpeg", lastModified: thumbnail.RenderedAt);
        }).RequireAuthorization();
        return app;
    }
}
