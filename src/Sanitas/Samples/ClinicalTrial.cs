using Sanitas.Data;

namespace Sanitas.Samples;

/// <summary>
/// A simulated smart-insole trial: the tables <c>Patients</c>, <c>Comorbidities</c> and
/// <c>Readings</c>, named and typed so that the study's queries run on them verbatim.
/// </summary>
/// <param name="Options">The options the trial was simulated with.</param>
/// <param name="Patients">One row per patient: PatientId, BirthDate, Age, Sex, DiabetesType, Arm, Disease, UlcerHistory, NeuropathyScore, UlcerOnset.</param>
/// <param name="Comorbidities">Zero to four rows per patient: PatientId, Comorbidity.</param>
/// <param name="Readings">Up to <see cref="ClinicalTrialOptions.ReadingsPerPatientMax"/> rows per patient: PatientId, Time, Foot, Sensor, Temperature.</param>
public sealed record ClinicalTrial(ClinicalTrialOptions Options, Table Patients, Table Comorbidities, Table Readings)
{
    /// <summary>The name of the patients table.</summary>
    public const string PatientsTable = "Patients";

    /// <summary>The name of the comorbidities table.</summary>
    public const string ComorbiditiesTable = "Comorbidities";

    /// <summary>The name of the readings table.</summary>
    public const string ReadingsTable = "Readings";

    /// <summary>The column identifying the person (the privacy unit) in every table.</summary>
    public const string PatientIdColumn = "PatientId";

    /// <summary>The study's own query (male patients with type 1 diabetes by 5-year age group and diagnosis), verbatim.</summary>
    public const string StudyQuery = """
        SELECT AgeGroup, Disease, COUNT(*) FROM (
          SELECT FLOOR(Age/5)*5 AS AgeGroup, * FROM Patients
          WHERE Sex = 'male' AND DiabetesType = 1
        ) GroupedResults GROUP BY AgeGroup, Disease
        """;

    /// <summary>The six foot conditions, used for the primary diagnosis and the comorbidities.</summary>
    public static IReadOnlyList<string> Conditions { get; } = ["Ulcer", "Gait", "Macroangiopathy", "Fasciitis", "Angiopathy", "Arthrosis"];

    /// <summary>The insole's sensor positions, from toe to heel.</summary>
    public static IReadOnlyList<string> Sensors { get; } = ["hallux", "metatarsal1", "metatarsal5", "heel"];
}
