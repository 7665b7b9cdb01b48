using System.Buffers.Binary;

namespace Sanitas.Anonymization.Dicom;

/// <summary>
/// DICOMDIR specifics (PS3.3 F.3, PS3.10 §8): the patient each directory record belongs to, found through the
/// records' offsets, and the offsets themselves, which are byte positions in the file and so must be recomputed
/// after values changed length.
/// </summary>
internal static class DicomDirectory
{
    private static readonly DicomTag FirstRootRecord = new(0x0004, 0x1200);
    private static readonly DicomTag LastRootRecord = new(0x0004, 0x1202);
    private static readonly DicomTag NextRecord = new(0x0004, 0x1400);
    private static readonly DicomTag LowerLevelRecord = new(0x0004, 0x1420);

    /// <summary>The records of the directory, in file order.</summary>
    public static IReadOnlyList<DicomDataset> Records(DicomFile file) => file.Dataset.Find(DicomTag.DirectoryRecordSequence)?.Items ?? [];

    /// <summary>
    /// The PATIENT record above each record: following the lower-level and next-record offsets from each patient,
    /// and for records no patient reaches (broken or missing offsets), the nearest preceding record with a Patient ID.
    /// </summary>
    public static Dictionary<DicomDataset, DicomDataset> PatientOf(DicomFile file)
    {
        var records = Records(file);
        var byOffset = records.Where(r => r.FileOffset >= 0).ToDictionary(r => r.FileOffset);
        var little = file.TransferSyntax.LittleEndian;
        var result = new Dictionary<DicomDataset, DicomDataset>();
        foreach (var patient in records.Where(r => r.Find(DicomTag.PatientId) is not null && RecordType(r) == "PATIENT"))
        {
            result[patient] = patient;
            var pending = new Stack<long>();
            pending.Push(Offset(patient, LowerLevelRecord, little));
            var guard = 0;
            while (pending.Count > 0 && guard++ < records.Count * 4)
            {
                var offset = pending.Pop();
                if (offset == 0 || !byOffset.TryGetValue(offset, out var record) || !result.TryAdd(record, patient))
                {
                    continue;
                }
                pending.Push(Offset(record, NextRecord, little));
                pending.Push(Offset(record, LowerLevelRecord, little));
            }
        }
        DicomDataset? last = null;
        foreach (var record in records)
        {
            if (result.TryGetValue(record, out var patient))
            {
                last = patient;
            }
            else if (record.Find(DicomTag.PatientId) is not null)
            {
                last = record;
                result[record] = record;
            }
            else if (last is not null)
            {
                result[record] = last;
            }
        }
        return result;
    }

    /// <summary>Encodes the directory with every offset pointing at the new position of the record it pointed at.</summary>
    public static byte[] WriteWithOffsets(DicomFile file)
    {
        var records = Records(file);
        var oldOffsets = records.Where(r => r.FileOffset >= 0).ToDictionary(r => r.FileOffset);
        var positions = new Dictionary<DicomDataset, long>();
        DicomWriter.Write(file, positions);
        var little = file.TransferSyntax.LittleEndian;
        void Retarget(DicomDataset dataset, DicomTag tag)
        {
            if (dataset.Find(tag) is not { Value.Length: 4 } element)
            {
                return;
            }
            var old = Read(element.Value, little);
            var updated = old != 0 && oldOffsets.TryGetValue(old, out var target) && positions.TryGetValue(target, out var position) ? (uint)position : 0u;
            element.Value = Encode(updated, little);
        }
        Retarget(file.Dataset, FirstRootRecord);
        Retarget(file.Dataset, LastRootRecord);
        foreach (var record in records)
        {
            Retarget(record, NextRecord);
            Retarget(record, LowerLevelRecord);
        }
        // Offsets have fixed size, so the second encoding puts every record where the first did.
        var check = new Dictionary<DicomDataset, long>();
        var bytes = DicomWriter.Write(file, check);
        foreach (var record in records)
        {
            record.FileOffset = check[record];
        }
        return bytes;
    }

    private static string RecordType(DicomDataset record) =>
        record.Find(DicomTag.DirectoryRecordType) is { } type ? System.Text.Encoding.ASCII.GetString(type.Value).Trim(' ', '\0') : "";

    private static long Offset(DicomDataset record, DicomTag tag, bool little) =>
        record.Find(tag) is { Value.Length: 4 } element ? Read(element.Value, little) : 0;

    private static uint Read(byte[] value, bool little) => little ? BinaryPrimitives.ReadUInt32LittleEndian(value) : BinaryPrimitives.ReadUInt32BigEndian(value);

    private static byte[] Encode(uint value, bool little)
    {
        var bytes = new byte[4];
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        }
        return bytes;
    }
}
