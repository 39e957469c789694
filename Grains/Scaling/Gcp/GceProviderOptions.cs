using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Gcp;

/// <summary>Machines from Google Compute Engine, in one project and zone. Section "Providers:Gcp".</summary>
public sealed class GceProviderOptions
{
    public const string SectionName = "Providers:Gcp";

    public const string GoogleComputeBaseUrl = "https://compute.googleapis.com/compute/v1/";

    /// <summary>The project machines are launched in, e.g. <c>render-farm-123</c>.</summary>
    public string Project { get; set; } = "";

    /// <summary>
    /// The zone machines are launched in, e.g. <c>us-central1-a</c>. The region is the price catalogue
    /// entry's; a launch in another region is refused.
    /// </summary>
    public string Zone { get; set; } = "";

    /// <summary>The boot disk's image or image family.</summary>
    public string SourceImage { get; set; } = "projects/debian-cloud/global/images/family/debian-12";

    /// <summary>The boot disk's size; unset for the image's own.</summary>
    public int? BootDiskSizeGb { get; set; }

    /// <summary>The VPC network (<c>global/networks/NAME</c> or a full URL); unset for the project's default.</summary>
    public string? Network { get; set; }

    /// <summary>The subnetwork (<c>regions/REGION/subnetworks/NAME</c> or a full URL); unset for the network's own in the region.</summary>
    public string? Subnetwork { get; set; }

    /// <summary>
    /// Gives each machine an external address, for a network without Cloud NAT: the machines download the
    /// silo and reach the farm's database.
    /// </summary>
    public bool ExternalIp { get; set; } = true;

    /// <summary>
    /// A service account's JSON key, with the compute permissions to create, list and delete instances.
    /// Its <c>token_uri</c> is where access tokens are asked for.
    /// </summary>
    public string ServiceAccountKeyFile { get; set; } = "";

    /// <summary>Root of the Compute Engine API. It must use https unless its host is loopback.</summary>
    public string ComputeBaseUrl { get; set; } = GoogleComputeBaseUrl;

    /// <summary>How often a zone operation (an insert, a delete) is asked whether it is done.</summary>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A launch or termination whose operation is not done in this long counts as failed (Unavailable).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>Checks the "Providers:Gcp" section; each message names the key and the rule.</summary>
public sealed partial class GceProviderOptionsValidator : IValidateOptions<GceProviderOptions>
{
    private const string Section = GceProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, GceProviderOptions options)
    {
        var failures = new List<string>();
        if (!ProjectPattern().IsMatch(options.Project ?? ""))
            failures.Add($"{Section}:{nameof(GceProviderOptions.Project)} must be a project id: 6 to 30 lowercase letters, digits and '-', starting with a letter and not ending with '-' (was '{options.Project}')");
        if (!ZonePattern().IsMatch(options.Zone ?? ""))
            failures.Add($"{Section}:{nameof(GceProviderOptions.Zone)} must be a zone such as us-central1-a: its region, '-' and a letter (was '{options.Zone}')");
        if (string.IsNullOrWhiteSpace(options.SourceImage) || !options.SourceImage.Contains("/images/", StringComparison.Ordinal))
            failures.Add($"{Section}:{nameof(GceProviderOptions.SourceImage)} must be an image or image family, such as projects/debian-cloud/global/images/family/debian-12 (was '{options.SourceImage}')");
        if (options.BootDiskSizeGb is < 10 or > 65536)
            failures.Add($"{Section}:{nameof(GceProviderOptions.BootDiskSizeGb)} must be 10 to 65536 GB, or unset for the image's size (was {options.BootDiskSizeGb})");
        if (options.Network is { } network && !network.Contains("/networks/", StringComparison.Ordinal))
            failures.Add($"{Section}:{nameof(GceProviderOptions.Network)} must be global/networks/NAME or a network's URL, or unset for the default network (was '{network}')");
        if (options.Subnetwork is { } subnetwork && !subnetwork.Contains("/subnetworks/", StringComparison.Ordinal))
            failures.Add($"{Section}:{nameof(GceProviderOptions.Subnetwork)} must be regions/REGION/subnetworks/NAME or a subnetwork's URL, or unset (was '{subnetwork}')");
        if (string.IsNullOrWhiteSpace(options.ServiceAccountKeyFile))
            failures.Add($"{Section}:{nameof(GceProviderOptions.ServiceAccountKeyFile)} must be the path of a service account's JSON key");
        if (BaseUrlFault(options.ComputeBaseUrl) is { } urlFault)
            failures.Add($"{Section}:{nameof(GceProviderOptions.ComputeBaseUrl)} {urlFault} (was '{options.ComputeBaseUrl}')");
        if (options.OperationPollInterval <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(GceProviderOptions.OperationPollInterval)} must be positive (was {options.OperationPollInterval})");
        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout < options.OperationPollInterval)
            failures.Add($"{Section}:{nameof(GceProviderOptions.OperationTimeout)} must be positive and at least {Section}:{nameof(GceProviderOptions.OperationPollInterval)} (was {options.OperationTimeout})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public static void ThrowIfInvalid(GceProviderOptions options)
    {
        var result = new GceProviderOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(GceProviderOptions), result.Failures);
    }

    /// <summary>The zone's region: <c>us-central1</c> of <c>us-central1-a</c>.</summary>
    public static string RegionOf(string zone) => zone[..zone.LastIndexOf('-')];

    private static string? BaseUrlFault(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            return "must be an absolute http or https URL";
        if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback)
            return "must use https: plain http would send the access token unencrypted, so it is only accepted for a loopback host";
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            return "must not have a query or fragment";
        return null;
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$")]
    private static partial Regex ProjectPattern();

    [GeneratedRegex("^[a-z]+-[a-z]+[0-9]+-[a-z]$")]
    private static partial Regex ZonePattern();
}
