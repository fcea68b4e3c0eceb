import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Parses `text` as XML (SVG and the XHTML-compatible report must be well-formed).
func parseXML(_ text: String) throws -> XMLDocument {
    try XMLDocument(xmlString: text, options: [])
}

/// The string values of the nodes matching `xpath` (namespace-agnostic paths use
/// `local-name()`).
func xpathValues(_ document: XMLDocument, _ xpath: String) throws -> [String] {
    try document.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
}
