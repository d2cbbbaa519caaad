import Foundation

/// A safetensors file read whole: an 8-byte little-endian header length, a JSON header naming each tensor's dtype,
/// shape and byte range, then the raw little-endian tensor data. Every range and shape is checked when the file is
/// opened, so a truncated or damaged file is an error, never a crash.
public struct SafeTensors: Sendable {
    /// One tensor's entry in the header.
    public struct TensorInfo: Equatable, Sendable {
        /// The element type as the header names it (`F32`, `I64`, …).
        public var dtype: String
        /// The dimensions, outermost first.
        public var shape: [Int]
        /// The byte range in the data section.
        public var range: Range<Int>
    }

    /// The file these tensors came from (for messages).
    public let path: String
    /// Every tensor by name.
    public let tensors: [String: TensorInfo]
    private let data: [UInt8]
    private let dataStart: Int

    /// Reads and checks the file at `path`.
    public init(path: String) throws(EmbeddingError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .modelMissing(path: path) }
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path), options: .mappedIfSafe))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        try self.init(bytes: bytes, path: path)
    }

    /// Checks `bytes`, a whole safetensors file (`path` names it in messages).
    public init(bytes: [UInt8], path: String) throws(EmbeddingError) {
        self.path = path
        guard bytes.count >= 8 else { throw .corruptWeights(path: path, reason: "\(bytes.count) bytes, shorter than the 8-byte header length") }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard length <= UInt64(bytes.count - 8) else {
            throw .corruptWeights(path: path, reason: "the header claims \(length) bytes, the file has \(bytes.count - 8) after the length")
        }
        let headerEnd = 8 + Int(length)
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd]))
        } catch {
            throw .corruptWeights(path: path, reason: "the header is not JSON")
        }
        guard let header = json as? [String: Any] else { throw .corruptWeights(path: path, reason: "the header is not a JSON object") }
        let dataCount = bytes.count - headerEnd
        var tensors: [String: TensorInfo] = [:]
        for (name, value) in header.sorted(by: { $0.key < $1.key }) where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2
            else { throw .corruptWeights(path: path, reason: "tensor \(name): the header entry lacks dtype, shape or data_offsets") }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataCount else {
                throw .corruptWeights(path: path, reason: "tensor \(name): bytes \(begin)..<\(end) lie outside the \(dataCount) data bytes (truncated?)")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else { throw .corruptWeights(path: path, reason: "tensor \(name): negative dimension in \(shape)") }
            if let size = Self.elementSize(dtype) {
                var (elements, overflow) = (1, false)
                for dimension in shape where !overflow { (elements, overflow) = elements.multipliedReportingOverflow(by: dimension) }
                guard !overflow, elements.multipliedReportingOverflow(by: size) == (end - begin, false) else {
                    throw .corruptWeights(path: path, reason: "tensor \(name): shape \(shape) of \(dtype) does not fill bytes \(begin)..<\(end)")
                }
            }
            tensors[name] = TensorInfo(dtype: dtype, shape: shape, range: begin..<end)
        }
        self.tensors = tensors
        self.data = bytes
        self.dataStart = headerEnd
    }

    /// The tensor's values, checked to be `F32` of the given shape.
    public func floats(_ name: String, shape: [Int]) throws(EmbeddingError) -> [Float] {
        guard let info = tensors[name] else { throw .badTensor(path: path, name: name, reason: "not in the file") }
        guard info.dtype == "F32" else { throw .badTensor(path: path, name: name, reason: "dtype \(info.dtype), expected F32") }
        guard info.shape == shape else { throw .badTensor(path: path, name: name, reason: "shape \(info.shape), expected \(shape)") }
        let count = info.range.count / 4
        let start = dataStart + info.range.lowerBound
        return [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                guard let target = buffer.baseAddress, let source = raw.baseAddress, count > 0 else { return }
                memcpy(target, source + start, count * 4)  // the file is little-endian, as this machine
                #if _endian(big)
                for k in 0..<count { target[k] = Float(bitPattern: UInt32(littleEndian: target[k].bitPattern)) }
                #endif
            }
            initialized = count
        }
    }

    /// Bytes per element of the dtypes whose sizes are checked (others are kept unchecked and cannot be read as floats).
    static func elementSize(_ dtype: String) -> Int? {
        switch dtype {
        case "F64", "I64", "U64": return 8
        case "F32", "I32", "U32": return 4
        case "F16", "BF16", "I16", "U16": return 2
        case "I8", "U8", "BOOL", "F8_E4M3", "F8_E5M2": return 1
        default: return nil
        }
    }
}
