using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;

namespace RenderFarm.Scaling.Azure;

/// <summary>
/// The credential and Resource Manager client of the options: a service principal's secret, else the
/// environment's credential; every request over <paramref name="handler"/> when one is given.
/// </summary>
internal static class AzureArmClients
{
    public static TokenCredential Credential(AzureProviderOptions options, HttpMessageHandler? handler)
    {
        if (options.HasServicePrincipal)
        {
            var secret = new ClientSecretCredentialOptions { AuthorityHost = new Uri(options.AuthorityHost) };
            Configure(secret, handler, options.MaxRetries);
            // Instance discovery asks the public cloud about the authority: a private one (a sovereign cloud, a test) is not listed there.
            secret.DisableInstanceDiscovery = !string.Equals(secret.AuthorityHost.Host, new Uri(AzureProviderOptions.PublicAuthorityHost).Host, StringComparison.OrdinalIgnoreCase);
            return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret, secret);
        }
        var environment = new DefaultAzureCredentialOptions { AuthorityHost = new Uri(options.AuthorityHost) };
        Configure(environment, handler, options.MaxRetries);
        return new DefaultAzureCredential(environment);
    }

    public static ArmClient Client(AzureProviderOptions options, TokenCredential credential, HttpMessageHandler? handler)
    {
        var endpoint = options.ArmEndpoint.TrimEnd('/');
        var arm = new ArmClientOptions { Environment = new ArmEnvironment(new Uri(endpoint), endpoint) };
        Configure(arm, handler, options.MaxRetries);
        return new ArmClient(credential, options.SubscriptionId, arm);
    }

    private static void Configure(ClientOptions client, HttpMessageHandler? handler, int maxRetries)
    {
        if (handler is not null)
            client.Transport = new HttpClientTransport(handler);
        client.Retry.MaxRetries = maxRetries;
        client.Diagnostics.IsLoggingContentEnabled = false;
    }
}
