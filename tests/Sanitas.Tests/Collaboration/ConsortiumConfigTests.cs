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

            // The MLP: over secure aggregation, and with per-site DP-SGD under fedavg; DP with a secure protocol is refused, naming the file.
            await File.WriteAllTextAsync(path, template.Replace("protocol: secagg", "protocol: secagg\nmodel: mlp\nhidden: [8, 4]", StringComparison.Ordinal));
            var secure = ConsortiumConfig.Load(path);
            Assert.Equal(("mlp", FederationProtocol.SecAgg), (secure.Model, secure.Protocol));
            Assert.Equal([8, 4], secure.Hidden);
            const string dp = "dp: { mode: site, noiseMultiplier: 1.0, clippingNorm: 1.0, samplingRate: 0.05, delta: 1.0e-5, learningRate: 1.0, batchSize: 800 }";
            await File.WriteAllTextAsync(path, template.Replace("protocol: secagg", "protocol: fedavg\nmodel: mlp\n" + dp, StringComparison.Ordinal).Replace("folds: 10", "folds: 0", StringComparison.Ordinal));
            var local = ConsortiumConfig.Load(path);
            Assert.True(local.Dp!.PerSite);
            Assert.Equal(800, local.Dp.ExpectedBatchSize);
            await File.WriteAllTextAsync(path, template.Replace("protocol: secagg", "protocol: secagg\nmodel: mlp\n" + dp, StringComparison.Ordinal).Replace("folds: 10", "folds: 0", StringComparison.Ordinal));
            var refused = Assert.Throws<CollaborationException>(() => ConsortiumConfig.Load(path));
            Assert.StartsWith("consortium.yaml: 'dp' applies to protocol fedavg", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
