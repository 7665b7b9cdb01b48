namespace Sanitas.Samples;

/// <summary>
/// The size and seed of a simulated smart-insole trial (see <see cref="ClinicalTrialGenerator"/>).
/// The same options always give the same trial.
/// </summary>
public sealed record ClinicalTrialOptions
{
    /// <summary>The seed used by default, so that the documented example is reproducible.</summary>
    public const int DefaultSeed = 20240108;

    /// <summary>The number of patients (the real study enrolled 300), randomized half to each arm.</summary>
    public int Patients { get; init; } = 300;

    /// <summary>The seed of the simulation's <see cref="Random"/> (sample data, never a privacy release).</summary>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The fewest readings a patient has; counts are multiples of 8 (2 feet × 4 sensors per measurement).</summary>
    public int ReadingsPerPatientMin { get; init; } = 900;

    /// <summary>The most readings a patient has, the bound declared in the DP metadata (the study's 1,424).</summary>
    public int ReadingsPerPatientMax { get; init; } = 1424;

    /// <summary>The first day of enrolment; ages are computed on this day.</summary>
    public DateOnly StudyStart { get; init; } = new(2024, 1, 8);

    /// <summary>Patients enrol on a day drawn uniformly from this many days after <see cref="StudyStart"/>.</summary>
    public int EnrolmentDays { get; init; } = 180;

    /// <summary>Checks that the options describe a trial that can be simulated.</summary>
    /// <exception cref="InvalidOptionException">A count is out of range.</exception>
    public void Validate()
    {
        if (Patients < 1)
        {
            throw InvalidOptionException.Of("patients", $"The trial needs at least one patient, not {Patients}.");
        }
        if (ReadingsPerPatientMax < ClinicalTrialGenerator.ReadingsPerMeasurement)
        {
            throw InvalidOptionException.Of("readingsPerPatientMax", $"A patient needs room for at least one measurement ({ClinicalTrialGenerator.ReadingsPerMeasurement} readings), not {ReadingsPerPatientMax}.");
        }
        if (ReadingsPerPatientMin < 1 || ReadingsPerPatientMin > ReadingsPerPatientMax)
        {
            throw InvalidOptionException.Of("readingsPerPatientMin", $"The fewest readings per patient ({ReadingsPerPatientMin}) must be between 1 and the most ({ReadingsPerPatientMax}).");
        }
        if (EnrolmentDays < 1)
        {
            throw InvalidOptionException.Of("enrolmentDays", $"Enrolment needs at least one day, not {EnrolmentDays}.");
        }
    }
}
