using System.Net;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Gateway.Operations;

public sealed class ClientAddressTests
{
    private static readonly IReadOnlyList<IPNetwork> TrustedProxy = [IPNetwork.Parse("10.0.0.0/8")];

    [Fact]
    public void ADM_01_Resolve_ForwardedForFromUntrustedPeer_Ignored()
    {
        var context = Context("198.51.100.4", forwardedFor: "127.0.0.1", realIp: "127.0.0.1");

        Assert.Equal(IPAddress.Parse("198.51.100.4"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void Resolve_NoTrustedProxies_ForwardedForIgnored()
    {
        var context = Context("10.1.2.3", forwardedFor: "127.0.0.1");

        Assert.Equal(IPAddress.Parse("10.1.2.3"), ClientAddress.Resolve(context, []));
    }

    [Fact]
    public void Resolve_TrustedPeer_FirstForwardedForEntry()
    {
        var context = Context("10.1.2.3", forwardedFor: " 203.0.113.5 , 10.9.9.9", realIp: "198.51.100.1");

        Assert.Equal(IPAddress.Parse("203.0.113.5"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void ADM_01_Resolve_ClientSpoofsLoopbackLeftOfTheProxyEntry_RightMostUntrustedIsTheClient()
    {
        // The client sent "X-Forwarded-For: 127.0.0.1"; nginx appended the address it saw.
        var context = Context("10.1.2.3", forwardedFor: "127.0.0.1, 203.0.113.7");

        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void ADM_01_Resolve_SeveralHeaderLines_CombinedInOrderAndWalkedFromTheRight()
    {
        var context = Context("10.1.2.3");
        context.Request.Headers["X-Forwarded-For"] = new Microsoft.Extensions.Primitives.StringValues(["127.0.0.1", "203.0.113.7, 10.0.0.2"]);

        Assert.Equal(IPAddress.Parse("203.0.113.7"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void ADM_01_Resolve_EveryEntryTrusted_LeftMost()
    {
        var context = Context("10.1.2.3", forwardedFor: "10.0.0.5, 10.0.0.6");

        Assert.Equal(IPAddress.Parse("10.0.0.5"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void ADM_01_Resolve_UnreadableHopBetweenProxies_LastKnownProxyNotTheEntryBeyond()
    {
        var context = Context("10.1.2.3", forwardedFor: "127.0.0.1, garbage, 10.0.0.6");

        Assert.Equal(IPAddress.Parse("10.0.0.6"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void Resolve_TrustedPeerWithoutForwardedFor_RealIp()
    {
        var context = Context("10.1.2.3", realIp: "198.51.100.1");

        Assert.Equal(IPAddress.Parse("198.51.100.1"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void Resolve_TrustedPeerWithGarbageHeaders_Peer()
    {
        var context = Context("10.1.2.3", forwardedFor: "unknown", realIp: "not-an-ip");

        Assert.Equal(IPAddress.Parse("10.1.2.3"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void Resolve_ForwardedForWithPort_AddressOnly()
    {
        var context = Context("10.1.2.3", forwardedFor: "[2001:db8::7]:4711");

        Assert.Equal(IPAddress.Parse("2001:db8::7"), ClientAddress.Resolve(context, TrustedProxy));
    }

    [Fact]
    public void Resolve_Ipv4MappedPeer_PlainIpv4()
    {
        var context = Context("::ffff:127.0.0.1");

        Assert.Equal(IPAddress.Loopback, ClientAddress.Resolve(context, []));
    }

    [Fact]
    public void Resolve_NoPeerAddress_Null()
    {
        Assert.Null(ClientAddress.Resolve(new DefaultHttpContext(), TrustedProxy));
    }

    private static DefaultHttpContext Context(string peer, string? forwardedFor = null, string? realIp = null)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(peer);
        if (forwardedFor is not null)
        {
            context.Request.Headers["X-Forwarded-For"] = forwardedFor;
        }
        if (realIp is not null)
        {
            context.Request.Headers["X-Real-IP"] = realIp;
        }
        return context;
    }
}
