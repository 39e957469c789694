using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Azure;

/// <summary>Checks the "Providers:Azure" section; each message names the key and the rule.</summary>
public sealed partial class AzureProviderOptionsValidator : IValidateOptions<AzureProviderOptions>
{
    private const string Section = AzureProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, AzureProviderOptions options)
    {
        var failures = new List<string>();
        if (!Guid.TryParse(options.SubscriptionId, out _))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.SubscriptionId)} must be a subscription id (a GUID) (was '{options.SubscriptionId}')");
        if (!ResourceGroupPattern().IsMatch(options.ResourceGroup ?? "") || options.ResourceGroup!.EndsWith('.'))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.ResourceGroup)} must be a resource group name: 1 to 90 letters, digits, '_', '-', '.', '(' and ')', not ending with '.' (was '{options.ResourceGroup}')");
        if (!LocationPattern().IsMatch(options.Location ?? ""))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.Location)} must be a location name such as eastus or westeurope: lowercase letters and digits (was '{options.Location}')");
        if (!SubnetPattern().IsMatch(options.SubnetId ?? ""))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.SubnetId)} must be a subnet's full resource id, /subscriptions/S/resourceGroups/G/providers/Microsoft.Network/virtualNetworks/V/subnets/N (was '{options.SubnetId}')");
        if (!ImagePattern().IsMatch(options.Image ?? ""))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.Image)} must be a marketplace image as publisher/offer/sku/version, such as Debian/debian-12/12/latest (was '{options.Image}')");
        if (!AdminPattern().IsMatch(options.AdminUsername ?? "") || options.AdminUsername is "root" or "admin" or "administrator")
            failures.Add($"{Section}:{nameof(AzureProviderOptions.AdminUsername)} must be 1 to 32 lowercase letters, digits, '_' and '-', starting with a letter, and not root or admin (was '{options.AdminUsername}')");
        if (!SshKeyPattern().IsMatch(options.SshPublicKey ?? ""))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.SshPublicKey)} must be an OpenSSH public key, such as 'ssh-ed25519 AAAA… comment'");
        var principal = new[] { options.TenantId, options.ClientId, options.ClientSecret }.Count(v => !string.IsNullOrWhiteSpace(v));
        if (principal is not (0 or 3))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.TenantId)}, {nameof(AzureProviderOptions.ClientId)} and {nameof(AzureProviderOptions.ClientSecret)} must be given all three (a service principal) or none (the environment's credential)");
        else if (principal == 3 && (!TenantPattern().IsMatch(options.TenantId!) || !Guid.TryParse(options.ClientId, out _)))
            failures.Add($"{Section}:{nameof(AzureProviderOptions.TenantId)} must be a tenant id or domain and {Section}:{nameof(AzureProviderOptions.ClientId)} an application id (a GUID)");
        foreach (var (key, url) in new[]
                 {
                     (nameof(AzureProviderOptions.ArmEndpoint), options.ArmEndpoint),
                     (nameof(AzureProviderOptions.AuthorityHost), options.AuthorityHost),
                     (nameof(AzureProviderOptions.RetailPricesUrl), options.RetailPricesUrl),
                 })
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
                failures.Add($"{Section}:{key} must be an absolute https URL without query: tokens and Azure's SDK need https (was '{url}')");
        }
        if (options.SpotMaxPrice != -1 && options.SpotMaxPrice <= 0)
            failures.Add($"{Section}:{nameof(AzureProviderOptions.SpotMaxPrice)} must be a positive hourly price in US dollars, or -1 for up to the on-demand price (was {options.SpotMaxPrice})");
        if (options.MaxRetries is < 0 or > 10)
            failures.Add($"{Section}:{nameof(AzureProviderOptions.MaxRetries)} must be 0 to 10 (was {options.MaxRetries})");
        if (options.OperationPollInterval <= TimeSpan.Zero)
            failures.Add($"{Section}:{nameof(AzureProviderOptions.OperationPollInterval)} must be positive (was {options.OperationPollInterval})");
        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout < options.OperationPollInterval)
            failures.Add($"{Section}:{nameof(AzureProviderOptions.OperationTimeout)} must be positive and at least {Section}:{nameof(AzureProviderOptions.OperationPollInterval)} (was {options.OperationTimeout})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Throws <see cref="OptionsValidationException"/> naming every setting at fault.</summary>
    public static void ThrowIfInvalid(AzureProviderOptions options)
    {
        var result = new AzureProviderOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
            throw new OptionsValidationException(Options.DefaultName, typeof(AzureProviderOptions), result.Failures);
    }

    [GeneratedRegex(@"^[-\w.()]{1,90}$")]
    private static partial Regex ResourceGroupPattern();

    [GeneratedRegex("^[a-z][a-z0-9]{1,39}$")]
    private static partial Regex LocationPattern();

    [GeneratedRegex(@"^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[-\w.()]+/providers/Microsoft\.Network/virtualNetworks/[-\w.]+/subnets/[-\w.]+$", RegexOptions.IgnoreCase)]
    private static partial Regex SubnetPattern();

    [GeneratedRegex(@"^[-\w.]+/[-\w.]+/[-\w.]+/[-\w.]+$")]
    private static partial Regex ImagePattern();

    [GeneratedRegex("^[a-z][a-z0-9_-]{0,31}$")]
    private static partial Regex AdminPattern();

    [GeneratedRegex(@"^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/]+={0,3}( [^\r\n]*)?$")]
    private static partial Regex SshKeyPattern();

    [GeneratedRegex(@"^[A-Za-z0-9.-]{1,100}$")]
    private static partial Regex TenantPattern();
}
