using RenderFarm.Access;

namespace RenderFarm.Client;

/// <summary>Presents the client's API key on every call it makes into the farm; the silo verifies it and names the caller.</summary>
internal sealed class ApiKeyCallFilter(string apiKey) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        RequestContext.Set(Caller.ApiKeyKey, apiKey);
        return context.Invoke();
    }
}
