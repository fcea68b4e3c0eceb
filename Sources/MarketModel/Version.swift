/// marketsim's version, recorded in every run's manifest.
public enum MarketsimVersion {
    public static let string = "0.1.0"
}
