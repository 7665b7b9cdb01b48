using Sanitas.Anonymization;

namespace Sanitas.Tests.Anonymization.Hierarchies;

public class MaskingHierarchyBuilderTests
{
    [Fact]
    public void Build_right_to_left_ends_in_the_fully_masked_value()
    {
        var h = new MaskingHierarchyBuilder().Build(["47677", "47602", "47677"]);

        Assert.Equal(6, h.LevelCount);
        Assert.Equal(2, h.Rows.Count);
        Assert.Equal(["47677", "4767*", "476**", "47***", "4****", "*****"], h.Rows[0]);
        Assert.Equal(["47602", "4760*", "476**", "47***", "4****", "*****"], h.Rows[1]);
    }

    [Fact]
    public void Build_reproduces_arx_test2_zip_hierarchy()
    {
        var arx = HierarchyReader.Read(ArxData.PathOf("test2_hierarchy_ZIPCode.csv"));

        var h = new MaskingHierarchyBuilder().Build(arx.Values);

        Assert.Equal(arx.Rows, h.Rows);
    }

    [Fact]
    public void Build_left_to_right()
    {
        var h = new MaskingHierarchyBuilder { Direction = MaskingDirection.LeftToRight }.Build(["abc"]);

        Assert.Equal(["abc", "*bc", "**c", "***"], h.Rows[0]);
    }

    [Fact]
    public void Build_fixed_maximum_adds_top()
    {
        var h = new MaskingHierarchyBuilder { MaskedCharacters = [1, 2, 3] }.Build(["47677", "30163"]);

        Assert.Equal(["47677", "4767*", "476**", "47***", "*"], h.Rows[0]);
        Assert.Equal(["30163", "3016*", "301**", "30***", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_selected_levels_and_mask_character()
    {
        var h = new MaskingHierarchyBuilder { MaskedCharacters = [2, 4], MaskCharacter = 'x' }.Build(["1234", "1299"]);

        Assert.Equal(["1234", "12xx", "xxxx"], h.Rows[0]);
        Assert.Equal(["1299", "12xx", "xxxx"], h.Rows[1]);
    }

    [Fact]
    public void Build_different_lengths_unpadded_keep_their_length_and_get_a_top()
    {
        var h = new MaskingHierarchyBuilder().Build(["123", "12345"]);

        Assert.Equal(7, h.LevelCount);
        Assert.Equal(["123", "12*", "1**", "***", "***", "***", "*"], h.Rows[0]);
        Assert.Equal(["12345", "1234*", "123**", "12***", "1****", "*****", "*"], h.Rows[1]);
    }

    [Fact]
    public void Build_different_lengths_padded()
    {
        var h = new MaskingHierarchyBuilder { PaddingCharacter = '0' }.Build(["123", "12345"]);

        Assert.Equal(6, h.LevelCount);
        Assert.Equal(["123", "0012*", "001**", "00***", "0****", "*****"], h.Rows[0]);
        Assert.Equal(["12345", "1234*", "123**", "12***", "1****", "*****"], h.Rows[1]);
    }

    [Fact]
    public void Build_padded_left_to_right_pads_on_the_right()
    {
        var h = new MaskingHierarchyBuilder { PaddingCharacter = '_', Direction = MaskingDirection.LeftToRight }.Build(["ab", "abcd"]);

        Assert.Equal(["ab", "*b__", "**__", "***_", "****"], h.Rows[0]);
    }

    [Fact]
    public void Build_missing_value_goes_to_the_top()
    {
        var h = new MaskingHierarchyBuilder().Build(["12", null]);

        Assert.Equal(["", "", "**"], h.Rows[1]);
        Assert.Equal("**", h.Generalize(null, 2));
    }

    [Fact]
    public void MaskedCharacters_must_increase()
    {
        Assert.Throws<InvalidOptionException>(() => new MaskingHierarchyBuilder { MaskedCharacters = [2, 2] });
        Assert.Throws<InvalidOptionException>(() => new MaskingHierarchyBuilder { MaskedCharacters = [0, 1] });
        Assert.Throws<InvalidOptionException>(() => new MaskingHierarchyBuilder { MaskedCharacters = [] });
        Assert.Equal([1, 3], new MaskingHierarchyBuilder { MaskedCharacters = [1, 3] }.MaskedCharacters);
    }
}
