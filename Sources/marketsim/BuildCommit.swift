/// The git commit this binary was built from, for `marketsim --version`.
///
/// scripts/package writes the commit into this line for the build of a release and puts
/// the file back afterwards, so a plain `swift build` needs nothing generated and says
/// plainly that it does not know.
enum BuildCommit {
    static let id = "unknown commit"
}
