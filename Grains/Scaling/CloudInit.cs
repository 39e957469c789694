using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace RenderFarm.Scaling;

/// <summary>
/// The user data (custom data on Azure, startup metadata on Google Cloud) a launched machine boots from:
/// deploy/node/cloud-init.yaml with this machine's settings as /etc/renderfarm/node.env, the systemd
/// unit and the install script, each embedded base64 so that no value needs YAML quoting.
/// </summary>
public static partial class CloudInit
{
    private const string EnvFile = "/etc/renderfarm/node.env";

    /// <summary>Without a package to download, the machine's image is expected to hold the silo already.</summary>
    public const string PreinstalledPackage = "preinstalled";

    public static string Render(BootSettings boot)
    {
        boot.Validate();
        return Resource("cloud-init.yaml")
            .Replace("{{NODE_ENV_B64}}", Base64(EnvironmentFile(boot.Environment)), StringComparison.Ordinal)
            .Replace("{{SERVICE_UNIT_B64}}", Base64(Resource("renderfarm-node.service")), StringComparison.Ordinal)
            .Replace("{{INSTALL_SCRIPT_B64}}", Base64(Resource("install-node.sh")), StringComparison.Ordinal)
            .Replace("{{PACKAGE_URL}}", boot.PackageUrl ?? PreinstalledPackage, StringComparison.Ordinal);
    }

    /// <summary>The settings a user data made by <see cref="Render"/> carries (what a provider's fake boots a silo with).</summary>
    /// <exception cref="FormatException">The user data has no node settings.</exception>
    public static BootSettings Read(string userData)
    {
        var match = EnvEntry().Match(userData);
        if (!match.Success)
            throw new FormatException($"the user data writes no {EnvFile}");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Encoding.UTF8.GetString(Convert.FromBase64String(match.Groups["content"].Value)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=');
            if (equals <= 0)
                throw new FormatException($"{EnvFile}: '{line}' is not NAME=\"VALUE\"");
            settings[line[..equals]] = Unquote(line[(equals + 1)..]);
        }
        var package = PackageUrl().Match(userData);
        var url = package.Success ? package.Groups["url"].Value : null;
        return new BootSettings(settings, url == PreinstalledPackage ? null : url);
    }

    /// <summary>systemd's EnvironmentFile form: every value double-quoted, backslash and quote escaped.</summary>
    private static string EnvironmentFile(IReadOnlyDictionary<string, string> environment) =>
        string.Concat(environment.OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{e.Key}=\"{e.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"\n"));

    private static string Unquote(string value)
    {
        if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
            return value;
        var text = new StringBuilder();
        for (var i = 1; i < value.Length - 1; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length - 1)
                i++;
            text.Append(value[i]);
        }
        return text.ToString();
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"RenderFarm.Scaling.Boot.{name}")
            ?? throw new InvalidOperationException($"deploy/node/{name} is not embedded in the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"path: /etc/renderfarm/node\.env\s*\n(?:[ \t]+\w+: .*\n)*?[ \t]+content: (?<content>[A-Za-z0-9+/=]+)")]
    private static partial Regex EnvEntry();

    [GeneratedRegex(@"install-node\.sh, ""(?<url>[^""]*)""\]")]
    private static partial Regex PackageUrl();
}
