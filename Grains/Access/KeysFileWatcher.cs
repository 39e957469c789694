using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace RenderFarm.Access;

/// <summary>
/// Reads the keys file again whenever it changes, so that a key added or revoked takes effect on a
/// running silo. The file is polled (every few seconds) rather than watched through inotify, which
/// misses changes on network and container-mounted folders and on files replaced by a rename.
/// A change that leaves the file unusable is logged with every bad line, and the keys stay as they were.
/// </summary>
public sealed partial class KeysFileWatcher(AccessKeyring keyring, ILogger<KeysFileWatcher> logger) : IHostedService, IDisposable
{
    private PhysicalFileProvider? folder;
    private IDisposable? subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keyring.KeysFile is not { } path)
            return Task.CompletedTask;
        var name = Path.GetFileName(path);
        var provider = folder = new PhysicalFileProvider(Path.GetDirectoryName(path)!, ExclusionFilters.None)
        {
            UsePollingFileWatcher = true,
            UseActivePolling = true,
        };
        subscription = ChangeToken.OnChange(() => provider.Watch(name), () => Reload(path));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        subscription?.Dispose();
        subscription = null;
        folder?.Dispose();
        folder = null;
    }

    private void Reload(string path)
    {
        try
        {
            var entries = keyring.Reload();
            LogReloaded(path, entries.Count, entries.Count(e => e.Role == CallerRole.Operator));
        }
        catch (KeysFileException e)
        {
            LogUnusable(path, string.Join("; ", e.Errors), keyring.Users);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Keys file {Path} read again: {Users} user(s), {Operators} of them operator(s)")]
    private partial void LogReloaded(string path, int users, int operators);

    [LoggerMessage(Level = LogLevel.Error, Message = "Keys file {Path} changed but cannot be used ({Errors}); the {Users} user(s) read before keep their keys")]
    private partial void LogUnusable(string path, string errors, int users);
}
