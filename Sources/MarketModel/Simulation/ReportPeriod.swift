/// The report period in progress: the counts of market events since the last report,
/// its day, and the index of the next report date.
struct ReportPeriod {
    var counts = EventCounts()
    var lastReportDay = 0.0
    var reportIndex = 0
}

/// Counts of market events in a report period.
struct EventCounts {
    var frontierReleases = 0
    var openReleases = 0
    var distillations = 0
    var priceCuts = 0
}
