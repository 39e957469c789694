using System.Security.Cryptography;
using System.Text.Json;

namespace RenderFarm.Tests.Scaling.Gcp;

/// <summary>A service account's JSON key made for a test: a fresh RSA key, its token_uri at the fake.</summary>
public sealed class FakeServiceAccountKey : IDisposable
{
    private readonly RSA rsa = RSA.Create(2048);

    public FakeServiceAccountKey(string file, string tokenUri, string project = FakeComputeServer.DefaultProject)
    {
        File = file;
        ClientEmail = $"renderfarm@{project}.iam.gserviceaccount.com";
        var key = new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = project,
            ["private_key_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)),
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem() + "\n",
            ["client_email"] = ClientEmail,
            ["client_id"] = "100000000000000000001",
            ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
            ["token_uri"] = tokenUri,
        };
        System.IO.File.WriteAllText(file, JsonSerializer.Serialize(key));
    }

    public string File { get; }

    public string ClientEmail { get; }

    /// <summary>The public half, which the fake's token endpoint checks assertions with.</summary>
    public RSAParameters PublicKey => rsa.ExportParameters(includePrivateParameters: false);

    public void Dispose() => rsa.Dispose();
}
