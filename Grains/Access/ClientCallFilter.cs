using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace RenderFarm.Access;

/// <summary>
/// Checks every call that comes from a client (not from a grain or a service of a silo): takes the
/// client's API key out of the request context, puts the verified <see cref="CallerIdentity"/> in its
/// place (<see cref="Caller.Current"/>), and holds the call to its rule in <see cref="ClientCallRules"/>.
/// Orleans' own system targets (cluster manifest, gateway lists) are the client runtime's and pass.
/// Each refusal is logged with the user, the action and the target.
/// </summary>
internal sealed class ClientCallFilter(AccessKeyring keyring, IGrainFactory grains, ILogger<ClientCallFilter> logger) : IIncomingGrainCallFilter
{
    /// <summary>The prefix of the client id a silo's own services call grains under (Orleans' hosted client).</summary>
    private const string HostedClientPrefix = "hosted-";

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!FromClient(context.SourceId))
        {
            await context.Invoke();
            return;
        }
        var key = RequestContext.Get(Caller.ApiKeyKey) as string;
        RequestContext.Remove(Caller.ApiKeyKey);
        RequestContext.Remove(Caller.IdentityKey);
        if (context.TargetId.Type.IsSystemTarget())
        {
            await context.Invoke();
            return;
        }

        var grainInterface = context.InterfaceMethod.DeclaringType!;
        var method = context.InterfaceMethod.Name;
        var entry = ClientCallRules.For(grainInterface, method);
        var subscription = StreamSubscriptionRule.Applies(grainInterface);
        var action = subscription ? StreamSubscriptionRule.Action : entry?.Action ?? $"call {grainInterface.Name}.{method} of";
        var target = $"{grainInterface.Name} {context.TargetId.Key}";
        var caller = keyring.Verify(key);
        if (caller is null)
            throw Refused(new AccessDeniedException(AccessDeniedException.UnknownUser, action, target,
                key is null ? "the call carries no API key" : "the API key is not one of the farm's"));
        RequestContext.Set(Caller.IdentityKey, caller);

        var call = new ClientCall(context, caller, action, grains);
        try
        {
            if (subscription)
            {
                if (keyring.Enforced)
                    await StreamSubscriptionRule.CheckAsync(call);
            }
            else if (entry is { } rule)
                await rule.Rule(call);
            else if (keyring.Enforced)
                throw call.Refusal(target, "only the farm's own grains make this call");
        }
        catch (AccessDeniedException refusal)
        {
            throw Refused(refusal);
        }
        await context.Invoke();
    }

    private AccessDeniedException Refused(AccessDeniedException refusal)
    {
        logger.LogWarning("Refused: {User} may not {Action} {Target}: {Reason}", refusal.User, refusal.Action, refusal.Target, refusal.Reason);
        return refusal;
    }

    /// <summary>A call from an external client; a call without a sender is treated as one.</summary>
    private static bool FromClient(GrainId? source) =>
        source is not { } sender
        || (sender.IsClient() && !sender.Key.ToString().StartsWith(HostedClientPrefix, StringComparison.Ordinal));
}
