namespace Dispatch.Web.Realtime;

/// <summary>What the server sends to hub clients (see HubProtocol.md).</summary>
public interface IDispatchClient
{
    /// <summary>Something changed in a whistle, summons or case the client may see.</summary>
    Task Notice(DispatchNotice notice);
}
