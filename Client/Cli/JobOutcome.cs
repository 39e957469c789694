using RenderFarm.Jobs;

namespace RenderFarm.Cli;

/// <summary>What a command that followed a job to its end exits with: 0 completed, 2 refused (every problem listed), 1 otherwise.</summary>
internal static class JobOutcome
{
    public static int ExitCode(JobStatus status, string what) => status.State switch
    {
        JobState.Completed => ExitCodes.Success,
        JobState.Refused => CommandErrors.Invalid(status.Refusals),
        _ => CommandErrors.Fail(status.Error is null ? $"{what} {Lower(status.State)}." : $"{what} {Lower(status.State)}: {status.Error}"),
    };

    private static string Lower(JobState state) => state.ToString().ToLowerInvariant();
}
