namespace Sanitas.Anonymization.Dicom;

/// <summary>One row of PS3.15 Table E.1-1: an attribute (tag, with 'x' for wildcard nibbles), its VR and its action codes.</summary>
internal sealed record AnnexEEntry(uint Tag, uint Mask, string Vr, string Name, string Basic, IReadOnlyDictionary<DicomProfileOption, string> Options)
{
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Tag;

    /// <summary>
    /// The action under a set of options: an option that lists a code for the attribute overrides the Basic
    /// Profile's; when several do, the most retaining wins (K over C over the rest).
    /// </summary>
    public string ActionFor(IReadOnlySet<DicomProfileOption> options)
    {
        string? chosen = null;
        foreach (var (option, code) in Options)
        {
            if (!options.Contains(option))
            {
                continue;
            }
            if (chosen is null || Rank(code) > Rank(chosen))
            {
                chosen = code;
            }
        }
        return chosen ?? Basic;
    }

    private static int Rank(string code) => code switch
    {
        "K" => 3,
        "C" => 2,
        _ => 1,
    };
}
