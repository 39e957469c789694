using Orleans.Runtime;
using RenderFarm.Jobs;

namespace RenderFarm.Access;

/// <summary>A call from a client, its verified caller, and what a rule needs to judge it.</summary>
internal sealed class ClientCall(IIncomingGrainCallContext context, CallerIdentity caller, string action, IGrainFactory grains)
{
    public IIncomingGrainCallContext Context { get; } = context;
    public CallerIdentity Caller { get; } = caller;

    /// <summary>What the call does, in words: <c>cancel</c>, <c>read the bill of</c>.</summary>
    public string Action { get; } = action;

    public Guid GuidKey => Context.TargetId.GetGuidKey();
    public string StringKey => Context.TargetId.Key.ToString()!;

    public T Argument<T>(int index) => (T)Context.Request.GetArgument(index)!;

    public void ReplaceArgument(int index, object value) => Context.Request.SetArgument(index, value);

    /// <summary>The submitter of job <paramref name="jobId"/>; null for a job never submitted.</summary>
    public Task<string?> SubmitterOfAsync(Guid jobId) => grains.GetGrain<IRenderJobGrain>(jobId).GetSubmitterAsync();

    public AccessDeniedException Refusal(string target, string reason) => new(Caller.ToString(), Action, target, reason);

    public static string JobTarget(Guid jobId) => $"job {jobId:N}";
}
