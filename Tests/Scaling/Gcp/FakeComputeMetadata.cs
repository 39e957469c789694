using Microsoft.AspNetCore.Http;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>
/// The metadata server's preemption notice, one per instance: the server inside a VM answers only that
/// VM, so here an instance's metadata server is rooted at <c>/machines/{instance name}/</c>
/// (<see cref="FakeComputeServer.MetadataRoot"/>), and GET <c>{root}computeMetadata/v1/instance/preempted</c>
/// with <c>Metadata-Flavor: Google</c> answers FALSE until the test preempts the instance, then TRUE.
/// </summary>
internal sealed class FakeComputeMetadata(FakeComputeServer server)
{
    public async Task HandleAsync(HttpContext context, string instance)
    {
        context.Response.Headers["Metadata-Flavor"] = "Google";
        if (context.Request.Headers["Metadata-Flavor"] != "Google")
        {
            await FakeComputeHttp.TextAsync(context, 403, "Missing Metadata-Flavor:Google header.");
            return;
        }
        if (server.Find(instance) is not { } found)
        {
            await FakeComputeHttp.TextAsync(context, 404, $"No instance {instance}.");
            return;
        }
        await FakeComputeHttp.TextAsync(context, 200, found.Preempted ? "TRUE" : "FALSE");
    }
}
