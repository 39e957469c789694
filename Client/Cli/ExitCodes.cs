namespace RenderFarm.Cli;

/// <summary>What the commands exit with.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    /// <summary>The job failed or was cancelled, the farm could not be reached, or another error.</summary>
    public const int Failure = 1;
    /// <summary>The timeline, the job options or a command's options were refused; every field at fault is named.</summary>
    public const int Invalid = 2;
    /// <summary>EX_NOPERM of sysexits.h: the farm refused the call to the user of the API key (or to a missing or unknown key).</summary>
    public const int Denied = 77;
    /// <summary>Interrupted with Ctrl+C.</summary>
    public const int Interrupted = 130;

    /// <summary>How long a command may take after Ctrl+C (cancelling its job, stopping a farm) before the process ends anyway.</summary>
    public static readonly TimeSpan CancelGracePeriod = TimeSpan.FromSeconds(30);
}
