using System.Text;
using Orleans.Runtime;
using Orleans.Streams;

namespace RenderFarm.Access;

/// <summary>
/// A client subscribes to a job's progress through Orleans' stream pub-sub grain (its calls name the
/// stream). Clients may reach only the farm's job progress streams, each one as its job: its submitter
/// or an operator; and operators (a dashboard) the job activity stream of a pool.
/// </summary>
internal static class StreamSubscriptionRule
{
    /// <summary>Orleans' pub-sub grain interface, internal to Orleans, so known by name.</summary>
    public const string PubSubInterface = "Orleans.Streams.IPubSubRendezvousGrain";

    public const string Action = "watch";

    public static bool Applies(Type grainInterface) => grainInterface.FullName == PubSubInterface;

    public static async ValueTask CheckAsync(ClientCall call)
    {
        var request = call.Context.Request;
        var streams = Enumerable.Range(0, request.GetArgumentCount()).Select(request.GetArgument).OfType<QualifiedStreamId>().ToList();
        if (streams.Count != 1)
            throw call.Refusal("the stream pub-sub", "clients only subscribe to and unsubscribe from a named stream");
        var stream = streams[0];
        var name = Encoding.UTF8.GetString(stream.StreamId.Namespace.Span);
        if (stream.ProviderName == RenderFarmNames.Streams && name == RenderFarmNames.PoolJobsNamespace)
        {
            await AccessRules.Operators(_ => $"the job activity of pool {stream.StreamId.GetKeyAsString()}")(call);
            return;
        }
        if (stream.ProviderName != RenderFarmNames.Streams || name != RenderFarmNames.JobProgressNamespace
            || !Guid.TryParse(stream.StreamId.GetKeyAsString(), out var jobId))
            throw call.Refusal($"stream {stream}", "clients reach job progress streams, and operators their pools' job activity, only");
        await AccessRules.JobOwner(_ => jobId)(call);
    }
}
