import Foundation
import CLibXML2

/// Collects libxml2's structured error messages during one parse, instead of letting libxml2 print them.
final class XMLErrorCollector: @unchecked Sendable {
    // @unchecked: used only on the thread that runs the parse it captures.
    private(set) var messages: [String] = []

    /// The first error message, with its line and column.
    var firstMessage: String? { messages.first }

    /// Records one libxml2 error.
    func append(_ error: UnsafePointer<xmlError>) {
        let text = error.pointee.message.map { String(cString: $0) }?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "XML error"
        messages.append("line \(error.pointee.line), column \(error.pointee.int2): \(text)")
    }

    /// Runs `body` with this collector installed as the thread's libxml2 error handler.
    func capture<T>(_ body: () -> T) -> T {
        let context = Unmanaged.passUnretained(self).toOpaque()
        xmlSetStructuredErrorFunc(context) { context, error in
            guard let context, let error else { return }
            let collector = Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue()
            collector.append(error)
        }
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return body()
    }
}
