using Microsoft.AspNetCore.DataProtection;

namespace RenderFarm.Dashboard.SignIn;

/// <summary>
/// Where the keys that encrypt sign-in cookies live. A cookie holds its user's API key, so whoever
/// reads these keys can read every signed-in user's key: the folder must be the dashboard user's alone.
/// Dashboards sharing one folder (behind one address) accept each other's cookies, and a restart keeps
/// every user signed in.
/// </summary>
public static class SignInKeyRing
{
    /// <summary>One name for every dashboard process, so that they share keys wherever they are installed.</summary>
    public const string ApplicationName = "renderfarm-dashboard";

    private const UnixFileMode OthersMayEnter = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <param name="folder">The key ring's folder (<see cref="DashboardOptions.KeyRingFolder"/>); without one, ASP.NET Core's default for the user running the dashboard.</param>
    /// <exception cref="InvalidOperationException">The folder cannot be made, or others than its owner may enter it; the message names the setting.</exception>
    public static IServiceCollection AddSignInKeyRing(this IServiceCollection services, string? folder)
    {
        var protection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (folder is { Length: > 0 })
            protection.PersistKeysToFileSystem(PrivateFolder(folder));
        return services;
    }

    private static DirectoryInfo PrivateFolder(string path)
    {
        const string setting = $"{DashboardOptions.Section}:{nameof(DashboardOptions.KeyRingFolder)}";
        DirectoryInfo folder;
        try
        {
            folder = OperatingSystem.IsWindows()
                ? Directory.CreateDirectory(path)
                : Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new InvalidOperationException($"{setting} {path} cannot be made: {e.Message}", e);
        }
        if (!OperatingSystem.IsWindows() && (folder.UnixFileMode & OthersMayEnter) != 0)
            throw new InvalidOperationException(
                $"{setting} {path} may be entered by others than its owner (mode {Convert.ToString((int)folder.UnixFileMode, 8)}): " +
                "its keys decrypt sign-in cookies, which hold API keys; make it the dashboard user's alone (chmod 700)");
        return folder;
    }
}
