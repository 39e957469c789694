using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace RenderFarm.Client.Security;

/// <summary>
/// Why a gateway refuses this client, found by a TLS handshake of its own: Orleans drops a refused
/// connection without saying why, so the client would only time out. <see cref="RefusalAsync"/> is
/// null when the gateway accepts this client's TLS, or with no certificates (TLS off) a gateway without TLS; also when it is not reachable at all (another error).
/// </summary>
public sealed class GatewayTlsProbe(FarmCertificates? certificates)
{
    /// <summary>How long the probe waits for a connection, a handshake, and then for a refusal that follows a handshake (TLS 1.3 checks the client's certificate after the client has finished).</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan RefusalWindow = TimeSpan.FromSeconds(1);

    private const string Section = FarmTlsOptions.ClientSectionName;

    public async Task<string?> RefusalAsync(IPEndPoint gateway, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(gateway.AddressFamily);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(gateway, limit.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return certificates is null
            ? await PlainClientRefusalAsync(client, gateway, limit.Token)
            : await CertificateRefusalAsync(client, gateway, certificates, limit.Token, cancellationToken);
    }

    /// <summary>A client with TLS off: refused when the gateway answers a TLS handshake at all.</summary>
    private static async Task<string?> PlainClientRefusalAsync(TcpClient client, IPEndPoint gateway, CancellationToken limit)
    {
        var gatewaySpeaksTls = false;
        await using var tls = new SslStream(client.GetStream(), false, (_, certificate, _, _) => gatewaySpeaksTls = certificate is not null);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "renderfarm" }, limit);
        }
        catch (Exception e) when (e is AuthenticationException or IOException or OperationCanceledException)
        {
            // Either way: what matters is whether the gateway presented a certificate.
        }
        return gatewaySpeaksTls
            ? $"the gateway at {gateway} requires mutual TLS with a certificate from the farm's authority, and this client has {Section}:{nameof(FarmTlsOptions.Enabled)}=false; set {Section}:{nameof(FarmTlsOptions.CertificateFile)} and {Section}:{nameof(FarmTlsOptions.AuthorityFile)}"
            : null;
    }

    private async Task<string?> CertificateRefusalAsync(TcpClient client, IPEndPoint gateway, FarmCertificates certificates, CancellationToken limit, CancellationToken cancellationToken)
    {
        string? gatewayRefused = null;
        await using var tls = new SslStream(client.GetStream(), false, (_, certificate, _, _) =>
        {
            gatewayRefused = certificate is null ? "presented no certificate" : certificates.Authority.Refusal(new X509Certificate2(certificate));
            return gatewayRefused is null;
        });
        var refusedUs = $"the gateway at {gateway} refused this client's certificate '{certificates.Local.Subject}' ({Section}:{nameof(FarmTlsOptions.CertificateFile)}, issuer '{certificates.Local.Issuer}'): the farm accepts only certificates issued by its own authority";
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "renderfarm",
                ClientCertificates = [certificates.Local],
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            }, limit);
        }
        catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return gatewayRefused is { } ours
                ? $"this client refused the gateway at {gateway}: its {ours}; is {Section}:{nameof(FarmTlsOptions.AuthorityFile)} this farm's authority?"
                : refusedUs;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        // Accepted, the gateway waits for Orleans' first message; refused, it ends the connection at once.
        using var window = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        window.CancelAfter(RefusalWindow);
        try
        {
            var read = await tls.ReadAsync(new byte[1], window.Token);
            return read == 0 ? refusedUs : null;
        }
        catch (Exception e) when (e is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return refusedUs;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
