namespace RenderFarm.Client.Notifications;

/// <summary>Why a webhook delivery failed verification.</summary>
public enum WebhookSignatureFailure
{
    None,
    /// <summary>No <c>RenderFarm-Signature</c> header, or not of the form <c>t=&lt;unix seconds&gt;,v1=&lt;64 hex digits&gt;</c>.</summary>
    MalformedHeader,
    /// <summary>The body, the timestamp or the secret is not the one signed: forged or altered.</summary>
    BadSignature,
    /// <summary>Signed too long ago (or ahead): an old delivery played again, or a clock far off.</summary>
    OutsideTolerance,
}
