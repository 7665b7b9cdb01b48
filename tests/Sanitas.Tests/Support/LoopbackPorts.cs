using System.Net;
using System.Net.Sockets;

namespace Sanitas.Tests.Support;

/// <summary>Free loopback ports for child processes to listen on.</summary>
internal static class LoopbackPorts
{
    /// <summary>
    /// <paramref name="count"/> distinct free ports: every listener stays open until all are chosen (one at a time, the
    /// system may hand out a port just released again). Tests that start listening processes share the
    /// <c>"Node processes"</c> collection, so two of them never race for the same released ports.
    /// </summary>
    public static int[] Reserve(int count)
    {
        var listeners = new List<TcpListener>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                listeners.Add(listener);
            }
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            foreach (var listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>Whether something accepts connections on the loopback <paramref name="port"/> within <paramref name="timeout"/>.</summary>
    public static bool WaitForListener(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(200);
            }
        }
        return false;
    }
}
