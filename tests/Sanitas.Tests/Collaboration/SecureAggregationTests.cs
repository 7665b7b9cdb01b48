using Sanitas.Collaboration;
using Sanitas.Privacy;

namespace Sanitas.Tests.Collaboration;

public sealed class SecureAggregationTests
{
    private static (List<SiteIdentity> Ids, PinnedKeys Pinned) Consortium(int n)
    {
        var ids = Enumerable.Range(1, n).Select(i => SiteIdentity.Create($"site{i}")).ToList();
        var pinned = new PinnedKeys();
        foreach (var id in ids)
        {
            pinned.Add(id.Name, id.PublicKeyPem, "test");
        }
        return (ids, pinned);
    }

    /// <summary>Runs the four rounds in memory; sites in <paramref name="dropBeforeMasking"/> vanish after sharing keys.</summary>
    private static (ulong[] Sum, List<ulong[]> SeenByServer) Run(List<SiteIdentity> ids, PinnedKeys pinned, ulong[][] inputs, int threshold, ISet<int> dropBeforeMasking)
    {
        var participants = ids.Select(id => new SecAggParticipant(id, pinned, "s1", SecureRandom.Instance)).ToList();
        var server = new SecAggAggregator("s1", threshold, inputs[0].Length);
        foreach (var p in participants)
        {
            server.AddKeys(p.Advertise());
        }
        var packets = participants.SelectMany(p => p.ShareKeys(server.Roster, threshold)).ToList();
        var seen = new List<ulong[]>();
        for (var i = 0; i < participants.Count; i++)
        {
            if (!dropBeforeMasking.Contains(i))
            {
                var masked = participants[i].Mask(inputs[i], SecAggAggregator.PacketsFor(participants[i].Site, packets));
                seen.Add(masked);
                server.AddMasked(participants[i].Site, masked);
            }
        }
        var answers = participants.Where((_, i) => !dropBeforeMasking.Contains(i)).Select(p => p.Unmask(server.Survivors)).ToList();
        return (server.Sum([.. participants.Select(p => p.Site)], answers), seen);
    }

    [Fact]
    public void The_sum_is_exact_and_the_server_sees_only_masked_vectors()
    {
        var (ids, pinned) = Consortium(3);
        ulong[][] inputs = [[1, 2, 3, 4], [10, 20, 30, 40], [100, 200, 300, ulong.MaxValue]];
        var (sum, seen) = Run(ids, pinned, inputs, 2, new HashSet<int>());
        Assert.Equal(new ulong[] { 111, 222, 333, 43 }, sum);
        for (var i = 0; i < 3; i++)
        {
            // A masked vector shares no coordinate with the input it hides (each is off by a 64-bit pseudorandom mask).
            Assert.All(seen[i].Zip(inputs[i]), pair => Assert.NotEqual(pair.First, pair.Second));
        }
    }

    [Fact]
    public void Random_dropouts_up_to_n_minus_t_are_recovered_exactly()
    {
        var (ids, pinned) = Consortium(5);
        var random = new Random(5);
        for (var trial = 0; trial < 8; trial++)
        {
            var inputs = Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 6).Select(_ => (ulong)random.NextInt64()).ToArray()).ToArray();
            var drop = Enumerable.Range(0, 5).OrderBy(_ => random.Next()).Take(random.Next(0, 3)).ToHashSet();
            var (sum, _) = Run(ids, pinned, inputs, 3, drop);
            var expected = AdditiveSecretSharing.Combine(inputs.Where((_, i) => !drop.Contains(i)));
            Assert.Equal(expected, sum);
        }
    }

    [Fact]
    public void A_substituted_key_is_rejected_and_named()
    {
        var (ids, pinned) = Consortium(3);
        var participants = ids.Select(id => new SecAggParticipant(id, pinned, "s1", SecureRandom.Instance)).ToList();
        var roster = participants.Select(p => p.Advertise()).ToList();
        using var mallory = new SecAggParticipant(SiteIdentity.Create("site2"), pinned, "s1", SecureRandom.Instance);
        roster[1] = mallory.Advertise(); // the coordinator swaps site2's keys for its own
        var error = Assert.Throws<CollaborationException>(() => participants[0].ShareKeys(roster, 2));
        Assert.Contains("'site2'", error.Message);
        Assert.Contains("not signed", error.Message);
    }

    [Fact]
    public void A_site_refuses_to_unmask_twice_or_below_threshold()
    {
        var (ids, pinned) = Consortium(3);
        var participants = ids.Select(id => new SecAggParticipant(id, pinned, "s1", SecureRandom.Instance)).ToList();
        var roster = participants.Select(p => p.Advertise()).ToList();
        var packets = participants.SelectMany(p => p.ShareKeys(roster, 2)).ToList();
        participants[0].Mask([1], SecAggAggregator.PacketsFor("site1", packets));
        Assert.Throws<CollaborationException>(() => participants[0].Unmask(["site1"]));
        participants[0].Unmask(["site1", "site2", "site3"]);
        Assert.Contains("twice", Assert.Throws<CollaborationException>(() => participants[0].Unmask(["site1", "site2"])).Message);
    }
}
