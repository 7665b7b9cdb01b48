using Sanitas.Collaboration;

namespace Sanitas.Tests.Collaboration;

public sealed class ConsortiumConfigTests
{
    [Fact]
    public async Task The_template_loads_with_key_files_next_to_it_and_mistakes_are_named()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sanitas-consortium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            foreach (var name in new[] { "coordinator", "site1", "site2", "site3" })
            {
                using var identity = SiteIdentity.Create(name);
                await identity.SaveAsync(Path.Combine(directory, name + ".pem"));
            }
            var template = await File.ReadAllTextAsync(Path.Combine(Sanitas.Tests.Support.TestData.RepositoryRoot, "samples", "collaboration", "consortium.yaml"));
            var path = Path.Combine(directory, "consortium.yaml");
            await File.WriteAllTextAsync(path, template);
            var config = ConsortiumConfig.Load(path);
            Assert.Equal(FederationProtocol.SecAgg, config.Protocol);
            Assert.Equal(["site1", "site2", "site3"], config.Sites.Select(s => s.Name));
            Assert.Equal(10, config.Features.Count);
            Assert.Equal(Path.Combine(directory, "coordinator.pem"), config.CoordinatorIdentityPath);
            using var coordinator = SiteIdentity.Load("coordinator", config.CoordinatorIdentityPath!);
            Assert.Equal(SiteIdentity.Fingerprint(coordinator.PublicKeyPem), SiteIdentity.Fingerprint(config.CoordinatorPublicKeyPem));

            await File.WriteAllTextAsync(path, template.Replace("threshold: 2", "treshold: 2", StringComparison.Ordinal));
            var typo = Assert.Throws<CollaborationException>(() => ConsortiumConfig.Load(path));
            Assert.Contains("consortium.yaml, line 12", typo.Message);
            Assert.Contains("unknown key 'treshold'", typo.Message);

            await File.WriteAllTextAsync(path, template.Replace("protocol: secagg", "protocol: fedavg\ndp: { noiseMultiplier: 1 }", StringComparison.Ordinal));
            Assert.Contains("'batchSize'", Assert.Throws<CollaborationException>(() => ConsortiumConfig.Load(path)).Message);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
