/// The offerings of models served at several widths (M5): a full-width offering ->
/// its narrower widths' offerings, widest first; and the month's bought tokens (Mtok)
/// of such models: all of them, those below full width, and their sum weighted by width.
struct WidthMenus {
    var offerings: [OfferingID: [OfferingID]] = [:]
    var periodTokens = (menu: 0.0, narrower: 0.0, widthWeighted: 0.0)

    /// Opens a report period: no token served yet.
    mutating func startPeriod() { periodTokens = (0, 0, 0) }

    /// Books `mtok` million tokens just served at `width` into the month's figures.
    mutating func book(width: Double, mtok: Double) {
        periodTokens.menu += mtok
        periodTokens.widthWeighted += width * mtok
        if width < 1 { periodTokens.narrower += mtok }
    }
}
