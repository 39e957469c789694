using RenderFarm.Costs;
using RenderFarm.Jobs;

namespace RenderFarm.Access;

/// <summary>The kinds of rule <see cref="ClientCallRules"/> gives the calls clients make.</summary>
internal static class AccessRules
{
    /// <summary>Any caller with a valid key.</summary>
    public static ValueTask Anyone(ClientCall call) => ValueTask.CompletedTask;

    /// <summary>Operators only; <paramref name="target"/> names what the call acts on.</summary>
    public static AccessRule Operators(Func<ClientCall, string> target) => call =>
        call.Caller.IsOperator ? ValueTask.CompletedTask : throw call.Refusal(target(call), "it is for operators");

    /// <summary>The job's submitter or an operator; a job never submitted has nothing to show and is anyone's to submit.</summary>
    public static AccessRule JobOwner(Func<ClientCall, Guid> jobOf) => async call =>
    {
        if (call.Caller.IsOperator)
            return;
        var jobId = jobOf(call);
        var submitter = await call.SubmitterOfAsync(jobId);
        if (submitter is not null && !call.Caller.MayActOnJobOf(submitter))
            throw call.Refusal(ClientCall.JobTarget(jobId), "it is another user's job");
    };

    /// <summary>A bill of an account (<see cref="AccountKeys"/>): a user reads their own and their projects'; a pool's is for operators.</summary>
    public static ValueTask AccountOwner(ClientCall call)
    {
        var account = call.StringKey;
        if (call.Caller.IsOperator)
            return ValueTask.CompletedTask;
        var allowed = account == AccountKeys.User(call.Caller.User) || call.Caller.Projects.Any(p => account == AccountKeys.Project(p));
        return allowed ? ValueTask.CompletedTask : throw call.Refusal($"account {account}", "it is neither theirs nor one of their projects'");
    }

    /// <summary>A user lists their own jobs only: the query is narrowed to them, and one naming another submitter is refused.</summary>
    public static ValueTask OwnJobs(ClientCall call)
    {
        if (call.Caller.IsOperator)
            return ValueTask.CompletedTask;
        var query = call.Argument<JobQuery>(0);
        if (query.Submitter is { } other && other != call.Caller.User)
            throw call.Refusal($"the jobs of {other}", "a user lists their own jobs only");
        call.ReplaceArgument(0, query with { Submitter = call.Caller.User });
        return ValueTask.CompletedTask;
    }

    /// <summary>The job options at <paramref name="index"/> get the caller as submitter (<see cref="SubmitterRule"/>).</summary>
    public static AccessRule AsCaller(Func<ClientCall, JobOptions> optionsOf, Action<ClientCall, JobOptions> replace) => call =>
    {
        replace(call, SubmitterRule.Apply(call, optionsOf(call)));
        return ValueTask.CompletedTask;
    };
}
