using System.Net;
using Microsoft.Extensions.Options;

namespace RenderFarm.Scaling.Aws;

/// <summary>Checks the "Providers:Aws" section; each message names the setting and the rule.</summary>
public sealed class Ec2ProviderOptionsValidator : IValidateOptions<Ec2ProviderOptions>
{
    private const string Section = Ec2ProviderOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, Ec2ProviderOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Region) || !options.Region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.Region)} must be a region name of lowercase letters, digits and '-', such as {Ec2ProviderOptions.DefaultRegion} (was '{options.Region}')");
        CheckId(options.ImageId, nameof(Ec2ProviderOptions.ImageId), "ami-", "the AMI machines boot", failures);
        CheckId(options.SubnetId, nameof(Ec2ProviderOptions.SubnetId), "subnet-", "the subnet machines launch in", failures);
        if (options.SecurityGroupIds is not { Count: > 0 })
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.SecurityGroupIds)} must hold at least one security group id (sg-…) of the subnet's VPC");
        else if (options.SecurityGroupIds.FirstOrDefault(g => !IsId(g, "sg-")) is { } group)
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.SecurityGroupIds)} must hold security group ids of the form sg-… (was '{group}')");
        if (options.KeyName is { } key && (key.Length == 0 || key.Length > 255 || key.Any(char.IsControl)))
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.KeyName)} must be unset or the name of an EC2 key pair, 1 to 255 printable characters (was '{key}')");
        if (options.IamInstanceProfile is { Length: 0 })
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.IamInstanceProfile)} must be unset or an instance profile's name or ARN");
        if (CheckServiceUrl(options.ServiceUrl) is { } serviceUrl)
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.ServiceUrl)} {serviceUrl}");
        CheckCredentials(options, failures);
        if (options.MaxErrorRetry is < 0 or > 10)
            failures.Add($"{Section}:{nameof(Ec2ProviderOptions.MaxErrorRetry)} must be 0 to 10 (was {options.MaxErrorRetry})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckId(string? value, string key, string prefix, string what, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
            failures.Add($"{Section}:{key} must be set to {what} ({prefix}…)");
        else if (!IsId(value, prefix))
            failures.Add($"{Section}:{key} must be an id of the form {prefix}… followed by lowercase letters and digits (was '{value}')");
    }

    private static bool IsId(string? value, string prefix) =>
        value is not null && value.Length > prefix.Length && value.StartsWith(prefix, StringComparison.Ordinal)
        && value[prefix.Length..].All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c));

    private static string? CheckServiceUrl(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            return $"must be unset (AWS's endpoint for the region) or an absolute http(s) address such as https://ec2.example.net (was '{value}')";
        if (uri.Scheme == "http" && !IsLoopback(uri))
            return $"must use https: plain http (was '{value}') is refused unless the host is loopback (localhost, 127.0.0.1, ::1), as the machines' user data would cross the network unencrypted";
        return null;
    }

    private static bool IsLoopback(Uri uri) =>
        uri.HostNameType == UriHostNameType.Dns
            ? string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase)
            : IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);

    private static void CheckCredentials(Ec2ProviderOptions options, List<string> failures)
    {
        var access = !string.IsNullOrEmpty(options.AccessKey);
        var secret = !string.IsNullOrEmpty(options.SecretKey);
        if (access == secret)
            return;
        var (missing, present) = access
            ? (nameof(Ec2ProviderOptions.SecretKey), nameof(Ec2ProviderOptions.AccessKey))
            : (nameof(Ec2ProviderOptions.AccessKey), nameof(Ec2ProviderOptions.SecretKey));
        failures.Add($"{Section}:{missing} must be set when {Section}:{present} is: set both, or neither for the AWS SDK's default credential chain");
    }
}
