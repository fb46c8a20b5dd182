/// Every error the engine throws, each carrying PyTorch's own message word for word.
///
/// `kind` is the Python exception class PyTorch raises for the same mistake (`ValueError`,
/// `RuntimeError`, `TypeError`); `description` is exactly `str(exception)`.
public struct RNNError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable { case valueError = "ValueError", runtimeError = "RuntimeError", typeError = "TypeError" }
    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func value(_ message: String) -> RNNError { RNNError(.valueError, message) }
    static func runtime(_ message: String) -> RNNError { RNNError(.runtimeError, message) }
}
