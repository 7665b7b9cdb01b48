using Sanitas.Anonymization.Dicom;

namespace Sanitas.Tests.Anonymization.Dicom;

public class DicomReaderTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in DicomSamples.All)
        {
            data.Add(file);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_every_sample_as_pydicom_does(string relative)
    {
        var expected = DicomSamples.InventoryRow(relative);
        var file = DicomReader.ReadFile(DicomSamples.PathOf(relative));

        string Value(uint tag) => DicomHeaderExport.Value(file.Dataset, tag) ?? "";
        // A trailing empty component group ("...=") is insignificant (PS3.5 §6.2.1); pydicom drops it.
        Assert.Equal(expected["PatientName"], Value(0x00100010).TrimEnd('='));
        Assert.Equal(expected["PatientID"], Value(0x00100020));
        Assert.Equal(expected["PatientBirthDate"], Value(0x00100030));
        Assert.Equal(expected["PatientSex"], Value(0x00100040));
        Assert.Equal(expected["PatientAge"], Value(0x00101010));
        Assert.Equal(expected["StudyDate"], Value(0x00080020));
        Assert.Equal(expected["StudyTime"], Value(0x00080030));
        Assert.Equal(expected["InstitutionName"], Value(0x00080080));
        Assert.Equal(expected["ReferringPhysicianName"], Value(0x00080090));
        Assert.Equal(expected["AccessionNumber"], Value(0x00080050));
        Assert.Equal(expected["Manufacturer"], Value(0x00080070));
        Assert.Equal(expected["Modality"], Value(0x00080060));
        Assert.Equal(expected["SpecificCharacterSet"], Value(0x00080005));
        Assert.Equal(int.Parse(expected["n_private_tags"], System.Globalization.CultureInfo.InvariantCulture), CountPrivate(file.Dataset));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Writing_and_reading_again_gives_the_same_elements_and_pixel_bytes(string relative)
    {
        var original = DicomReader.ReadFile(DicomSamples.PathOf(relative));
        var again = DicomReader.Read(DicomWriter.Write(original), "rewritten " + relative);

        Assert.Equal(original.TransferSyntax.Uid, again.TransferSyntax.Uid);
        AssertSameDataset(original.Dataset, again.Dataset);
    }

    [Fact]
    public void A_truncated_file_is_reported_with_its_name_and_byte_offset()
    {
        var path = DicomSamples.PathOf("dicom/CT_small.dcm");
        var bytes = File.ReadAllBytes(path)[..1500];

        var error = Assert.Throws<DicomFormatException>(() => DicomReader.Read(bytes, "cut.dcm"));

        Assert.StartsWith("cut.dcm: at byte ", error.Message, StringComparison.Ordinal);
        Assert.Contains("remain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_text_file_is_not_dicom()
    {
        var error = Assert.Throws<DicomFormatException>(() => DicomReader.Read("file,PatientName\n"u8.ToArray(), "notes.csv"));

        Assert.Contains("notes.csv: not a DICOM file", error.Message, StringComparison.Ordinal);
    }

    internal static int CountPrivate(DicomDataset dataset) =>
        dataset.Elements.Sum(e => (e.Tag.IsPrivate ? 1 : 0) + (e.Items?.Sum(CountPrivate) ?? 0));

    internal static void AssertSameDataset(DicomDataset expected, DicomDataset actual)
    {
        Assert.Equal(expected.Elements.Select(e => e.Tag), actual.Elements.Select(e => e.Tag));
        foreach (var (e, a) in expected.Elements.Zip(actual.Elements))
        {
            Assert.Equal(e.Value, a.Value);
            Assert.Equal(e.Fragments?.Count, a.Fragments?.Count);
            if (e.Fragments is not null)
            {
                foreach (var (ef, af) in e.Fragments.Zip(a.Fragments!))
                {
                    Assert.Equal(ef, af);
                }
            }
            Assert.Equal(e.Items?.Count, a.Items?.Count);
            if (e.Items is not null)
            {
                foreach (var (ei, ai) in e.Items.Zip(a.Items!))
                {
                    AssertSameDataset(ei, ai);
                }
            }
        }
    }
}
