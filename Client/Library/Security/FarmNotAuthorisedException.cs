namespace RenderFarm.Client.Security;

/// <summary>
/// The farm's gateways refused this client at the TLS handshake, or this client refused them: no
/// certificate, one from another farm's authority, or TLS off where the farm requires it. The message
/// names the setting to change and why.
/// </summary>
public sealed class FarmNotAuthorisedException(string message, Exception? inner = null)
    : Exception($"Not authorised by the farm: {message}", inner);
