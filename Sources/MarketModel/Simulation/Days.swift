/// The calendar lengths that turn the engine's days into months and years.
///
/// A month is a twelfth of a Julian year (365.25 / 12 days): monthly costs and
/// profits are spread over it whatever the calendar month's length. A year of rates
/// (annual declines, usage growth, funding per year, Bass adoption) is 365 days: the
/// scenarios' yearly figures were fitted against that year.
public enum Days {
    public static let perMonth = 30.4375
    public static let perYear = 365.0
}
