namespace Sanitas.Samples;

/// <summary>What <see cref="ClinicalTrialWriter"/> wrote: the files' full paths and the tables' row counts.</summary>
/// <param name="PatientsCsv">patients.csv.</param>
/// <param name="ComorbiditiesCsv">comorbidities.csv.</param>
/// <param name="ReadingsCsv">readings.csv.</param>
/// <param name="Database">trial.sqlite, holding the tables Patients, Comorbidities and Readings.</param>
/// <param name="Metadata">trial.yaml, the differential-privacy metadata of the database.</param>
/// <param name="Patients">The rows of Patients.</param>
/// <param name="Comorbidities">The rows of Comorbidities.</param>
/// <param name="Readings">The rows of Readings.</param>
public sealed record ClinicalTrialFiles(
    string PatientsCsv, string ComorbiditiesCsv, string ReadingsCsv, string Database, string Metadata,
    int Patients, int Comorbidities, int Readings);
