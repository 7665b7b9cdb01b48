namespace Sanitas.Anonymization.Dicom;

/// <summary>A data set or sequence item: its elements in file order (ascending tags in a valid file).</summary>
internal sealed class DicomDataset
{
    public List<DicomElement> Elements { get; } = [];

    /// <summary>Whether the item had an undefined length in the file (written back the same way).</summary>
    public bool UndefinedLength { get; set; }

    /// <summary>The byte offset of the item's tag from the start of the file; DICOMDIR offsets point there.</summary>
    public long FileOffset { get; set; } = -1;

    public DicomElement? Find(DicomTag tag) => Elements.Find(e => e.Tag == tag);

    public void Remove(DicomTag tag) => Elements.RemoveAll(e => e.Tag == tag);

    /// <summary>Adds or replaces an element, keeping ascending tag order.</summary>
    public void Set(DicomElement element)
    {
        var index = Elements.FindIndex(e => e.Tag >= element.Tag);
        if (index < 0)
        {
            Elements.Add(element);
        }
        else if (Elements[index].Tag == element.Tag)
        {
            Elements[index] = element;
        }
        else
        {
            Elements.Insert(index, element);
        }
    }
}
