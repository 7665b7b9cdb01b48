using System.Globalization;

namespace Sanitas.Samples;

/// <summary>
/// The differential-privacy metadata (<c>trial.yaml</c>) of the trial database: per table the
/// privacy-unit column and the most rows one patient contributes, per column its type, its
/// declared bounds and, for group keys, the public list of values. Bounds are declared from the
/// study protocol, never read from the data.
/// </summary>
public static class ClinicalTrialMetadata
{
    /// <summary>The file name written beside <c>trial.sqlite</c>.</summary>
    public const string FileName = "trial.yaml";

    /// <summary>The most comorbidity rows one patient may contribute (all six conditions).</summary>
    public const int MaxComorbiditiesPerPatient = 6;

    /// <summary>The YAML text for a trial simulated with the given options.</summary>
    public static string ToYaml(ClinicalTrialOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var conditions = string.Join(", ", ClinicalTrial.Conditions);
        var sensors = string.Join(", ", ClinicalTrial.Sensors);
        var maxReadings = options.ReadingsPerPatientMax.ToString(CultureInfo.InvariantCulture);
        return $$"""
            # Differential-privacy metadata for the smart-insole trial database.
            tables:
              Patients:
                privacyUnit: PatientId        # the column identifying the person
                maxRowsPerUnit: 1             # rows one person may contribute
                columns:
                  PatientId:      { type: integer, privacyUnit: true }
                  Age:            { type: integer, lower: 18, upper: 100 }
                  Sex:            { type: text, public: [male, female] }
                  DiabetesType:   { type: integer, public: [1, 2] }
                  Arm:            { type: text, public: [control, intervention] }
                  Disease:        { type: text, public: [{{conditions}}] }
                  UlcerHistory:   { type: integer, lower: 0, upper: 1, public: [0, 1] }
                  NeuropathyScore: { type: integer, lower: 0, upper: 10 }
                  BirthDate:      { type: date }
                  UlcerOnset:     { type: date }  # simulation ground truth; empty when no ulcer
              Comorbidities:
                privacyUnit: PatientId
                maxRowsPerUnit: {{MaxComorbiditiesPerPatient}}
                columns:
                  PatientId:   { type: integer, privacyUnit: true }
                  Comorbidity: { type: text, public: [{{conditions}}] }
              Readings:
                privacyUnit: PatientId
                maxRowsPerUnit: {{maxReadings}}
                columns:
                  PatientId:   { type: integer, privacyUnit: true }
                  Temperature: { type: real, lower: 20.0, upper: 40.0 }
                  Foot:        { type: text, public: [left, right] }
                  Sensor:      { type: text, public: [{{sensors}}] }
                  Time:        { type: timestamp }

            """;
    }
}
