using RenderFarm.Access;

namespace RenderFarm.Client;

/// <summary>
/// Presents an API key on every call the client makes into the farm, the silo verifies it and names the
/// caller: the key of <see cref="FarmCaller.ActAs"/> where one is in scope, else the client's own (none
/// when it has none, and the farm refuses the call if it checks keys).
/// </summary>
internal sealed class ApiKeyCallFilter(string? apiKey) : IOutgoingGrainCallFilter
{
    public Task Invoke(IOutgoingGrainCallContext context)
    {
        if ((FarmCaller.Current ?? apiKey) is { } key)
            RequestContext.Set(Caller.ApiKeyKey, key);
        return context.Invoke();
    }
}
