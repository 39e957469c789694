using System.Net;
using System.Net.Sockets;

namespace RenderFarm.Remote;

/// <summary>How a remote service's SDK tells that the service could not be reached, whatever it wrapped it in.</summary>
public static class TransportFailures
{
    /// <summary>Refused or dropped connections, names that do not resolve, and timeouts, however deep the SDK wrapped them.</summary>
    public static bool IsNetworkFailure(Exception error, CancellationToken cancellationToken)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException or SocketException or TimeoutException or WebException
                || (e is IOException && e is not EndOfStreamException)
                || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
                return true;
        }
        return false;
    }

    /// <summary>The error's message, with its innermost cause's where that says more.</summary>
    public static string Describe(Exception error)
    {
        var innermost = error;
        while (innermost.InnerException is not null)
            innermost = innermost.InnerException;
        return innermost == error ? error.Message : $"{error.Message} ({innermost.Message})";
    }
}
