using Sanitas.Data;

namespace Sanitas.Tests.Data;

public sealed class SeriesWindowsTests
{
    [Fact]
    public void Paa_of_eight_points_to_four_segments_is_the_pair_means()
    {
        // Keogh et al. 2001, eq. 1 with n = 8, N = 4: x̄ᵢ = (4/8)(x₂ᵢ₋₁ + x₂ᵢ).
        double[] series = [1, 3, 2, 6, -1, -3, 10, 10];

        Assert.Equal([2.0, 4, -2, 10], SeriesWindows.Paa(series, 4));
    }

    [Fact]
    public void Paa_with_fractional_frames_weights_boundary_points()
    {
        // n = 5, N = 2: frame 1 = x1 + x2 + x3/2 over 2.5, frame 2 = x3/2 + x4 + x5 over 2.5.
        double[] series = [1, 2, 3, 4, 5];

        var paa = SeriesWindows.Paa(series, 2);

        Assert.Equal((1 + 2 + 1.5) / 2.5, paa[0], 12);
        Assert.Equal((1.5 + 4 + 5) / 2.5, paa[1], 12);
    }

    [Fact]
    public void Fixed_windows_average_a_short_last_window_and_skip_missing_points()
    {
        Assert.Equal([1.5, 3.5, 5.0], SeriesWindows.Means([1, 2, 3, 4, 5], 2));
        Assert.Equal([1.0, double.NaN], SeriesWindows.Means([1, double.NaN, double.NaN, double.NaN], 2));
        Assert.Equal([1.5, 1.5, 3.5, 3.5, 5], SeriesWindows.Expand([1.5, 3.5, 5], 2, 5));
    }
}
