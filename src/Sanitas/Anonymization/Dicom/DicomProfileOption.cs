namespace Sanitas.Anonymization.Dicom;

/// <summary>The options of the Basic Application Level Confidentiality Profile (PS3.15 §E.3) that Sanitas implements.</summary>
public enum DicomProfileOption
{
    /// <summary>Retain Safe Private Option (E.3.10): keep the private elements on the safelist.</summary>
    RetainSafePrivate,

    /// <summary>Retain UIDs Option (E.3.9): keep the original UIDs.</summary>
    RetainUids,

    /// <summary>Retain Device Identity Option (E.3.8).</summary>
    RetainDeviceIdentity,

    /// <summary>Retain Institution Identity Option (E.3.11).</summary>
    RetainInstitutionIdentity,

    /// <summary>Retain Patient Characteristics Option (E.3.7): age, sex, size, weight and the like.</summary>
    RetainPatientCharacteristics,

    /// <summary>Retain Longitudinal Temporal Information with Full Dates Option (E.3.6): keep dates and times.</summary>
    RetainLongitudinalFullDates,

    /// <summary>Retain Longitudinal Temporal Information with Modified Dates Option (E.3.6): shift every date of a patient by the same keyed offset.</summary>
    RetainLongitudinalModifiedDates,

    /// <summary>Clean Descriptors Option (E.3.5): keep free-text descriptions after removing the data set's own identifiers from them.</summary>
    CleanDescriptors,
}
