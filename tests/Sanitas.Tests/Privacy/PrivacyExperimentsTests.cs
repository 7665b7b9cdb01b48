#pragma warning disable SAN0001, SAN0002 // asserting the markers themselves
using System.Reflection;
using Sanitas.Privacy;

namespace Sanitas.Tests.Privacy;

public class PrivacyExperimentsTests
{
    [Fact]
    public void Ids_are_unique_and_look_like_SANxxxx()
    {
        var ids = typeof(PrivacyExperiments).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^SAN[0-9]{4}$", id));
    }

    [Fact]
    public void Unproven_mechanisms_are_marked_experimental()
    {
        Assert.NotNull(typeof(PartitionSelection).GetMethod(nameof(PartitionSelection.Select))!.GetCustomAttribute<System.Diagnostics.CodeAnalysis.ExperimentalAttribute>());
        // What DP SQL uses bounds contributions itself: proven, not experimental.
        Assert.Null(typeof(PartitionSelection).GetCustomAttribute<System.Diagnostics.CodeAnalysis.ExperimentalAttribute>());
        Assert.Null(typeof(PartitionSelection).GetMethod(nameof(PartitionSelection.SelectBounded))!.GetCustomAttribute<System.Diagnostics.CodeAnalysis.ExperimentalAttribute>());
        Assert.NotNull(typeof(GaussianMechanism).GetCustomAttribute<System.Diagnostics.CodeAnalysis.ExperimentalAttribute>());
    }
}
