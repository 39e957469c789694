using RenderFarm.Jobs;

namespace RenderFarm.Access;

/// <summary>
/// A job is submitted by its caller: a user's job is theirs whatever the client claims (a claim of
/// another submitter is refused), and bills only to one of the user's projects (or the farm's default
/// project). An operator may submit for any user and project; unset, the job is the operator's.
/// </summary>
internal static class SubmitterRule
{
    public static JobOptions Apply(ClientCall call, JobOptions options)
    {
        var caller = call.Caller;
        if (caller.IsOperator)
            return options with { Submitter = options.Submitter ?? caller.User };
        if (options.Submitter is { } claimed && claimed != caller.User)
            throw call.Refusal($"a job as {claimed}", "a user submits their own jobs only");
        if (options.Project is { } project && !caller.Projects.Contains(project, StringComparer.Ordinal))
            throw call.Refusal($"a job for project {project}", caller.Projects.Count == 0
                ? "they bill to the default project only"
                : $"their projects are {string.Join(", ", caller.Projects)}");
        return options with { Submitter = caller.User };
    }
}
