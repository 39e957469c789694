using Google.Apis.Auth.OAuth2;

namespace RenderFarm.Scaling.Gcp;

/// <summary>
/// Bearer tokens of the service account's JSON key, asked for at its <c>token_uri</c> and kept until
/// shortly before they expire. The key is read on first use, so that a missing one fails as Auth.
/// </summary>
internal sealed class GceAccessTokens
{
    public const string ComputeScope = "https://www.googleapis.com/auth/compute";

    private readonly string keyFile;
    private readonly Lazy<ITokenAccess> credential;

    public GceAccessTokens(string keyFile)
    {
        this.keyFile = keyFile;
        // Publication-only: a key that could not be read is read again next time, not failed forever.
        credential = new Lazy<ITokenAccess>(Load, LazyThreadSafetyMode.PublicationOnly);
    }

    public Task<string> GetAsync(CancellationToken cancellationToken) =>
        credential.Value.GetAccessTokenForRequestAsync(authUri: null, cancellationToken);

    private ITokenAccess Load()
    {
        try
        {
            return CredentialFactory.FromFile<ServiceAccountCredential>(keyFile).ToGoogleCredential().CreateScoped(ComputeScope);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new ProviderException(GceErrors.Provider, ProviderErrorReason.Auth,
                $"{GceProviderOptions.SectionName}:{nameof(GceProviderOptions.ServiceAccountKeyFile)} '{keyFile}' is not a readable service account JSON key: {e.Message}",
                "credentials", e);
        }
    }
}
