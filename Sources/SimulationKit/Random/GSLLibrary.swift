import CGSL

/// The GSL library marketsim runs on, for `--version` and provenance: the version the
/// linked library reports at run time, which is what produced the draws (a binary
/// linked statically carries the GSL it was built with).
public enum GSLLibrary {
    /// GSL's own version string, such as "2.7.1".
    public static var version: String { String(cString: cgsl_library_version()) }
}
