using System.Net.Sockets;
using System.Buffers.Binary;
using Microsoft.AspNetCore.Connections.Features;

namespace Vern.Web;

/// <summary>Waits until what a response has flushed has reached the client's machine: the connection's socket has no byte left that
/// the client's TCP has not acknowledged (Linux: <c>TCP_INFO</c>; <c>ioctl(SIOCOUTQ)</c> answered ENOTTY on Kestrel's socket here). A flush only hands the bytes to the kernel, whose
/// send and receive buffers hold hundreds of kilobytes; a browser whose tab closes then never gets them, yet the server saw the write
/// succeed (issue 14: the register page records a download only once the file is there). What it cannot see: a proxy in between
/// acknowledges for the browser, and the browser's own receive buffer is past this point.</summary>
public static class Received
{
    /// <summary>How long the queue may stand still (the client reads nothing) before the file counts as not received.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    /// <summary>Returns when every byte sent on the connection is acknowledged; throws <see cref="OperationCanceledException"/> when the
    /// connection is aborted, <see cref="IOException"/> when it is closed or reset, or the client takes nothing for <see cref="Stall"/>. Returns at once where the
    /// socket is not to be had (not Linux, the test server, another transport).</summary>
    public static async Task AllAcknowledgedAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux() || context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
            return;
        var (last, since) = (-1L, DateTime.UtcNow);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var queued = Queued(socket);
            if (queued == 0)
                return;
            if (queued < 0)
                throw new IOException("The connection was closed before the client had acknowledged the whole answer.");
            if (queued != last)
                (last, since) = (queued, DateTime.UtcNow);
            else if (DateTime.UtcNow - since > Stall)
                throw new IOException($"The client took nothing for {Stall.TotalSeconds:0} s.");
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>Bytes the client has not acknowledged yet, sent or not (Linux <c>getsockopt(TCP_INFO)</c>: <c>tcpi_unacked</c> segments
    /// and <c>tcpi_notsent_bytes</c>; the acknowledged count, <c>tcpi_bytes_acked</c>, tells progress); -1 when the socket is gone.</summary>
    private const byte Established = 1, CloseWait = 8; // tcpi_state

    private static long Queued(Socket socket)
    {
        Span<byte> info = stackalloc byte[232];
        try
        {
            var length = socket.GetRawSocketOption(6, 11, info); // IPPROTO_TCP, TCP_INFO
            if (length < 148)
                return -1;
            if (info[0] is not (Established or CloseWait))
                return -1; // reset or closed: a closed socket has nothing queued, but the client did not take it
            var unacked = BinaryPrimitives.ReadUInt32LittleEndian(info[24..]);
            var notSent = BinaryPrimitives.ReadUInt32LittleEndian(info[144..]);
            var acked = BinaryPrimitives.ReadInt64LittleEndian(info[120..]);
            return unacked == 0 && notSent == 0 ? 0 : long.MaxValue - acked; // changes whenever the client acknowledges more
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return -1;
        }
    }
}
