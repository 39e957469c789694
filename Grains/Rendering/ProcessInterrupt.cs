using System.Runtime.InteropServices;

namespace RenderFarm.Rendering;

/// <summary>
/// SIGINT, which .NET's Process cannot send: ffmpeg takes it as "stop reading, flush the encoder and
/// write the trailer", so the file it leaves is finished and holds every frame it encoded.
/// </summary>
internal static class ProcessInterrupt
{
    private const int SigInt = 2;

    /// <summary>False where there are no POSIX signals (Windows) or the process is gone.</summary>
    public static bool Send(int processId) => !OperatingSystem.IsWindows() && kill(processId, SigInt) == 0;

    // DllImport, not LibraryImport: the source-generated stub needs unsafe code, which the project does not allow.
#pragma warning disable SYSLIB1054
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
