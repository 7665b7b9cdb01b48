namespace Sanitas.Server.Tests.Support;

/// <summary>The test classes that share one in-process server.</summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<ServerFixture>
{
    public const string Name = "server";
}
