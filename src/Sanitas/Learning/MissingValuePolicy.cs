namespace Sanitas.Learning;

/// <summary>
/// What training does with a missing value (an empty CSV cell, an SQL NULL) in a column the model uses
/// (a feature or the target). Every choice is a function of one row and of declared constants, so it
/// keeps neighbouring data sets neighbouring (add/remove one person); none uses a statistic of the data.
/// </summary>
public enum MissingValuePolicy
{
    /// <summary>
    /// The default. Not-private training: an error naming the file, line and column (or the table and
    /// column). DP training: no error can come after the charge (it would depend on the data), so a
    /// missing value is mapped as any value outside the declared domain is: the middle of a numeric range,
    /// the first declared category.
    /// </summary>
    Error,

    /// <summary>
    /// A row with a missing value in a used column is left out before per-person bounding. A per-row filter:
    /// a person still changes at most R training rows. n is never the count of the rows kept: mechanisms
    /// that use n take the declared public-rows or a DP estimate (charged), as without dropping.
    /// </summary>
    Drop,

    /// <summary>
    /// A missing value becomes the column's declared public value: <c>missing:</c> in the bounds file, else
    /// the middle of the declared range or the first declared category. Never a mean or mode of the data.
    /// </summary>
    ImputePublic,
}
