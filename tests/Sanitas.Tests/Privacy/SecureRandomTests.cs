using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class SecureRandomTests
{
    [Fact]
    public void Fills_with_unpredictable_bytes()
    {
        var a = new byte[32];
        var b = new byte[32];
        SecureRandom.Instance.Fill(a);
        SecureRandom.Instance.Fill(b);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Drives_the_samplers_and_a_release()
    {
        var random = SecureRandom.Instance;
        for (var i = 0; i < 1_000; i++)
        {
            Assert.InRange(UniformSampler.Below(random, 10UL), 0UL, 9UL);
        }
        var release = new LaplaceMechanism(1, 1).Release(100, random);
        Assert.InRange(release, 50, 150);
    }

    [Fact]
    public void Seeded_source_is_reproducible_and_internal()
    {
        var a = new byte[20];
        var b = new byte[20];
        new SeededRandomForTests(7).Fill(a);
        new SeededRandomForTests(7).Fill(b);
        Assert.Equal(a, b);
        Assert.False(typeof(SeededRandomForTests).IsPublic);
    }
}
