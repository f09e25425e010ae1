using Dispatch.Tests.Shared;

namespace Dispatch.Web.Tests;

/// <summary>One seeded app for the web tests (start-up seeds the demo county once).</summary>
[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<DispatchWebFactory>
{
    public const string Name = "web";
}
