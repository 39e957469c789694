namespace RenderFarm.Scaling.Azure;

/// <summary>Machines from Azure virtual machines, in one subscription, resource group and location. Section "Providers:Azure".</summary>
public sealed class AzureProviderOptions
{
    public const string SectionName = "Providers:Azure";

    public const string PublicArmEndpoint = "https://management.azure.com";

    public const string PublicAuthorityHost = "https://login.microsoftonline.com/";

    public const string PublicRetailPricesUrl = "https://prices.azure.com/api/retail/prices";

    /// <summary>The subscription's id (a GUID).</summary>
    public string SubscriptionId { get; set; } = "";

    /// <summary>The resource group the machines and their network interfaces are created in.</summary>
    public string ResourceGroup { get; set; } = "";

    /// <summary>The location machines are launched in, e.g. <c>eastus</c>: the price catalogue entry's region; a launch in another is refused.</summary>
    public string Location { get; set; } = "";

    /// <summary>
    /// The full resource id of the subnet the machines' network interfaces go in:
    /// <c>/subscriptions/S/resourceGroups/G/providers/Microsoft.Network/virtualNetworks/V/subnets/N</c>, in <see cref="Location"/>.
    /// </summary>
    public string SubnetId { get; set; } = "";

    /// <summary>The marketplace image, as <c>publisher/offer/sku/version</c>.</summary>
    public string Image { get; set; } = "Debian/debian-12/12/latest";

    /// <summary>The machines' administrator; logins are by <see cref="SshPublicKey"/> only.</summary>
    public string AdminUsername { get; set; } = "renderfarm";

    /// <summary>An OpenSSH public key (<c>ssh-rsa …</c> or <c>ssh-ed25519 …</c>) for <see cref="AdminUsername"/>.</summary>
    public string SshPublicKey { get; set; } = "";

    /// <summary>
    /// A service principal's tenant, client id and secret (all three, or none): with none, the
    /// environment's own credential (managed identity, Azure CLI …) is used.
    /// </summary>
    public string? TenantId { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>Root of Azure Resource Manager, also the audience its tokens are asked for. It must use https.</summary>
    public string ArmEndpoint { get; set; } = PublicArmEndpoint;

    /// <summary>Where Microsoft Entra ID hands out tokens. It must use https.</summary>
    public string AuthorityHost { get; set; } = PublicAuthorityHost;

    /// <summary>The unauthenticated Retail Prices API that publishes spot prices.</summary>
    public string RetailPricesUrl { get; set; } = PublicRetailPricesUrl;

    /// <summary>The most a spot machine may cost per hour, in US dollars; -1 for up to its on-demand price (it is then evicted for capacity only).</summary>
    public decimal SpotMaxPrice { get; set; } = -1;

    /// <summary>How often a refused or unanswered request (429, 5xx, a dropped connection) is retried by the SDK before it counts as failed.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// How often a long-running operation (a create, a delete) is asked whether it is done. The SDK waits
    /// longer when Azure's Retry-After asks it to, and not less than its own interval of about a second.
    /// </summary>
    public TimeSpan OperationPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A launch or termination whose long-running operation is not done in this long counts as failed (Unavailable).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The service principal's three settings are given, rather than none.</summary>
    internal bool HasServicePrincipal => !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>The image's four parts; valid only after validation.</summary>
    internal (string Publisher, string Offer, string Sku, string Version) ImageParts()
    {
        var parts = Image.Split('/');
        return (parts[0], parts[1], parts[2], parts[3]);
    }
}
