namespace Sanitas.Anonymization;

/// <summary>
/// Builds a hierarchy that masks one more character per level, as ARX's redaction builder does
/// for codes such as ZIP codes: <c>47677</c>, <c>4767*</c>, <c>476**</c>, <c>47***</c>,
/// <c>4****</c>, <c>*****</c>.
/// </summary>
/// <remarks>
/// <para>
/// Level <c>i</c> masks <see cref="MaskedCharacters"/>[i − 1] characters (by default 1, 2, …, up
/// to the longest value's length), from the right or the left as <see cref="Direction"/> says.
/// A value shorter than the count is masked entirely.
/// </para>
/// <para>
/// Values of different lengths: without <see cref="PaddingCharacter"/> each value keeps its
/// length (<c>123</c> becomes <c>12*</c> while <c>12345</c> becomes <c>1234*</c>); with it, values are
/// first padded to the longest length, on the left for right-to-left masking (<c>123</c> becomes
/// <c>00123</c>, then <c>0012*</c>) and on the right otherwise. Level 0 always keeps the value as written.
/// </para>
/// <para>
/// The top: if the last level is one fully masked value (such as <c>*****</c>) it is the top;
/// otherwise (values of different lengths, or not all characters masked) a level <c>*</c> is added.
/// A missing value (<see langword="null"/> or <c>""</c>) gets the row <c>""</c>, …, <c>""</c>, top.
/// Masking only ever shortens a common prefix (or suffix), so the result is always a valid,
/// nested hierarchy.
/// </para>
/// </remarks>
public sealed class MaskingHierarchyBuilder
{
    private readonly int[]? _maskedCharacters;

    /// <summary>Which end is masked first (default right to left).</summary>
    public MaskingDirection Direction { get; init; } = MaskingDirection.RightToLeft;

    /// <summary>The character that replaces masked characters (default <c>*</c>).</summary>
    public char MaskCharacter { get; init; } = '*';

    /// <summary>If set, shorter values are padded with this character to the longest length before masking.</summary>
    public char? PaddingCharacter { get; init; }

    /// <summary>
    /// The number of masked characters at each level from level 1 on, strictly increasing and
    /// positive; <see langword="null"/> (default) for 1, 2, …, the longest length. For a fixed
    /// maximum of three masked characters use <c>[1, 2, 3]</c>; to skip levels, <c>[2, 4]</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The counts are empty, not positive or not increasing.</exception>
    public IReadOnlyList<int>? MaskedCharacters
    {
        get => _maskedCharacters is null ? null : Array.AsReadOnly(_maskedCharacters);
        init
        {
            if (value is null)
            {
                _maskedCharacters = null;
                return;
            }
            int[] counts = [.. value];
            if (counts.Length == 0)
            {
                throw new InvalidOptionException("value", "MaskedCharacters needs at least one level (or null for one level per character).", null);
            }
            for (var i = 0; i < counts.Length; i++)
            {
                if (counts[i] <= 0 || (i > 0 && counts[i] <= counts[i - 1]))
                {
                    throw new InvalidOptionException("value", $"MaskedCharacters must be positive and strictly increasing: {string.Join(", ", counts)}.", null);
                }
            }
            _maskedCharacters = counts;
        }
    }

    /// <summary>The most levels a masking hierarchy gets without explicit masked-character counts (one per character).</summary>
    public const int MaxDefaultLevels = 64;

    /// <summary>Builds a hierarchy with one row per distinct value, in order of first appearance.</summary>
    /// <exception cref="ArgumentException">No masked-character counts are set and a value is longer than <see cref="MaxDefaultLevels"/>.</exception>
    public Hierarchy Build(IEnumerable<string?> values)
    {
        var (distinct, hasMissing) = HierarchyBuilding.Distinct(values);
        var maxLength = distinct.Count == 0 ? 0 : distinct.Max(v => v.Length);
        if (_maskedCharacters is null && maxLength > MaxDefaultLevels)
        {
            // One level per character of a 60,000-character value would make the lattice search explode.
            throw new InvalidOptionException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"a value has {maxLength:N0} characters, and one masking level per character allows at most {MaxDefaultLevels}; list the masked characters per level ('levels', e.g. [1, 2, 3])."));
        }
        var counts = _maskedCharacters ?? [.. Enumerable.Range(1, maxLength)];

        var rows = new List<string[]>(distinct.Count + 1);
        foreach (var value in distinct)
        {
            var row = new string[counts.Length + 2];
            row[0] = value;
            var padded = PaddingCharacter is { } pad
                ? Direction == MaskingDirection.RightToLeft ? value.PadLeft(maxLength, pad) : value.PadRight(maxLength, pad)
                : value;
            for (var l = 1; l <= counts.Length; l++)
            {
                row[l] = Mask(padded, counts[l - 1]);
            }
            rows.Add(row);
        }

        // The last level is the top if it is a single, fully masked value; otherwise add "*".
        var last = counts.Length;
        var lastIsTop = last > 0 && rows.Count > 0
            && rows.All(r => r[last] == rows[0][last])
            && rows[0][last].All(c => c == MaskCharacter);
        var levelCount = lastIsTop ? counts.Length + 1 : counts.Length + 2;
        var top = lastIsTop ? rows[0][last] : HierarchyBuilding.Top;
        for (var r = 0; r < rows.Count; r++)
        {
            if (lastIsTop)
            {
                rows[r] = rows[r][..levelCount];
            }
            else
            {
                rows[r][^1] = top;
            }
        }
        if (hasMissing)
        {
            rows.Add(HierarchyBuilding.MissingRow(levelCount, top));
        }
        return Hierarchy.FromRows(rows, "masking hierarchy");
    }

    private string Mask(string value, int count)
    {
        var m = Math.Min(count, value.Length);
        var mask = new string(MaskCharacter, m);
        return Direction == MaskingDirection.RightToLeft
            ? string.Concat(value.AsSpan(0, value.Length - m), mask)
            : string.Concat(mask, value.AsSpan(m));
    }
}
