namespace Dispatch.Domain;

/// <summary>The domain registers nothing: it is plain functions and aggregates with a clock passed in.</summary>
public static class DomainInfo
{
    public const string ProductName = "中心吹哨·部门报到 指挥调度平台";
}
