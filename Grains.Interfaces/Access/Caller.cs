using Orleans.Runtime;

namespace RenderFarm.Access;

/// <summary>
/// Where a call's caller travels: the client puts its API key into the request context under
/// <see cref="ApiKeyKey"/>; the silo takes it out, verifies it and puts the <see cref="CallerIdentity"/>
/// under <see cref="IdentityKey"/>, replacing whatever the client put there. A grain reads the caller
/// with <see cref="Current"/> only.
/// </summary>
public static class Caller
{
    public const string ApiKeyKey = "renderfarm-api-key";
    public const string IdentityKey = "renderfarm-caller";

    /// <summary>The verified caller of the current call; null for work the farm does on its own (timers, reminders, silo services).</summary>
    public static CallerIdentity? Current => RequestContext.Get(IdentityKey) as CallerIdentity;
}
