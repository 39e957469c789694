using Microsoft.Extensions.Configuration;

namespace RenderFarm.Client.Security;

/// <summary>
/// Any setting given as a file, the Docker and Kubernetes convention for secrets: a key ending in
/// <c>_FILE</c> (<c>Cluster__Database_FILE=/run/secrets/farm-db</c>, <c>Tls__KeyPassword_FILE=…</c>,
/// <c>Providers__Azure__ClientSecret_FILE=…</c>) names a file whose content, without its last line
/// break, becomes the setting without the suffix. Read once at start-up; a file wins over a value set
/// directly (the file is what an operator mounts). Only keys inside a section count: a top-level
/// variable of the machine's environment (TF_CLI_CONFIG_FILE, say) is none of the farm's.
/// </summary>
public static class SecretFiles
{
    public const string Suffix = "_FILE";

    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder builder)
    {
        var current = builder is IConfiguration live ? live : builder.Build();
        var secrets = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, path) in current.AsEnumerable())
        {
            if (!key.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) || !key.Contains(ConfigurationPath.KeyDelimiter, StringComparison.Ordinal) || string.IsNullOrWhiteSpace(path))
                continue;
            var setting = key[..^Suffix.Length];
            try
            {
                secrets[setting] = File.ReadAllText(path).TrimEnd('\r', '\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SecretFileException($"{key} names a file that cannot be read ('{path}'): {e.Message}", e);
            }
        }
        return builder.AddInMemoryCollection(secrets);
    }
}

/// <summary>A setting given as a file names a file that cannot be read; the message names the setting.</summary>
public sealed class SecretFileException(string message, Exception inner) : Exception(message, inner);
