using System.Net;
using System.Net.Sockets;

namespace RenderFarm.Tests.Support;

public static class LoopbackPorts
{
    /// <summary>A TCP port on loopback that nothing listened on a moment ago.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
