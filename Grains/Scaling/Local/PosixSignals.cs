using System.Runtime.InteropServices;

namespace RenderFarm.Scaling.Local;

/// <summary>
/// SIGTERM, which .NET's Process cannot send (its Kill is SIGKILL): a silo stopped with it drains its
/// node and leaves the cluster before it exits, as a machine's shutdown would have it.
/// </summary>
internal static class PosixSignals
{
    private const int SigTerm = 15;

    public static bool Terminate(int processId) => kill(processId, SigTerm) == 0;

    // DllImport, not LibraryImport: the source-generated stub needs unsafe code, which the project does not allow.
#pragma warning disable SYSLIB1054
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
