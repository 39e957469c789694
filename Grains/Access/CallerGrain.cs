using Orleans.Concurrency;

namespace RenderFarm.Access;

/// <summary>Answers with the caller the farm's call filter verified; a call with no verified caller is the farm's own.</summary>
[StatelessWorker]
internal sealed class CallerGrain : Grain, ICallerGrain
{
    Task<CallerIdentity> ICallerGrain.WhoAmIAsync() => Task.FromResult(Caller.Current ?? LocalCaller.Identity);
}
