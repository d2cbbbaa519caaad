import Embedding
import Foundation
import Testing
import TestSupport

/// The safetensors reader on small files written here, whole, truncated and damaged.
@Suite struct SafeTensorsTests {
    /// A safetensors file: "a" F32 [2, 3] = 0…5, "b" F32 [2] = -1.5, 2.25, "c" I64 [1] = 7.
    static func file(header override: String? = nil) -> [UInt8] {
        var data = [UInt8]()
        for value in [Float](arrayLiteral: 0, 1, 2, 3, 4, 5, -1.5, 2.25) {
            withUnsafeBytes(of: value.bitPattern.littleEndian) { data.append(contentsOf: $0) }
        }
        withUnsafeBytes(of: Int64(7).littleEndian) { data.append(contentsOf: $0) }
        let header = override ?? """
            {"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},\
            "b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},"c":{"dtype":"I64","shape":[1],"data_offsets":[32,40]}}
            """
        var bytes = [UInt8]()
        withUnsafeBytes(of: UInt64(header.utf8.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + Array(header.utf8) + data
    }

    @Test func readsTensorsFromAFileWrittenHere() throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("t.safetensors")
        try Data(Self.file()).write(to: URL(fileURLWithPath: path))
        let tensors = try SafeTensors(path: path)
        #expect(tensors.tensors.keys.sorted() == ["a", "b", "c"])
        #expect(try tensors.floats("a", shape: [2, 3]) == [0, 1, 2, 3, 4, 5])
        #expect(try tensors.floats("b", shape: [2]) == [-1.5, 2.25])
        #expect(tensors.tensors["c"]?.dtype == "I64" && tensors.tensors["c"]?.shape == [1] && tensors.tensors["c"]?.range == 32..<40)
        #expect(throws: EmbeddingError.badTensor(path: path, name: "c", reason: "dtype I64, expected F32")) {
            try tensors.floats("c", shape: [1])
        }
        #expect(throws: EmbeddingError.badTensor(path: path, name: "a", reason: "shape [2, 3], expected [3, 2]")) {
            try tensors.floats("a", shape: [3, 2])
        }
        #expect(throws: EmbeddingError.badTensor(path: path, name: "z", reason: "not in the file")) {
            try tensors.floats("z", shape: [1])
        }
    }

    @Test func aTruncatedFileIsAClearError() throws {
        let whole = Self.file()
        let cut = Array(whole.dropLast(5))
        #expect(throws: EmbeddingError.corruptWeights(path: "cut", reason: "tensor c: bytes 32..<40 lie outside the 35 data bytes (truncated?)")) {
            try SafeTensors(bytes: cut, path: "cut")
        }
        #expect(throws: EmbeddingError.corruptWeights(path: "short", reason: "3 bytes, shorter than the 8-byte header length")) {
            try SafeTensors(bytes: [1, 2, 3], path: "short")
        }
        let headerCut = Array(whole.prefix(40))
        #expect(throws: EmbeddingError.self) { try SafeTensors(bytes: headerCut, path: "h") }
        let dir = try TemporaryDirectory()
        #expect(throws: EmbeddingError.modelMissing(path: dir.path("none"))) { try SafeTensors(path: dir.path("none")) }
    }

    @Test func damagedHeadersAreClearErrors() {
        #expect(throws: EmbeddingError.corruptWeights(path: "j", reason: "the header is not JSON")) {
            try SafeTensors(bytes: Self.file(header: "{not json"), path: "j")
        }
        #expect(throws: EmbeddingError.corruptWeights(path: "s", reason: "tensor a: shape [4] of F32 does not fill bytes 0..<24")) {
            try SafeTensors(bytes: Self.file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,24]}}"#), path: "s")
        }
        #expect(throws: EmbeddingError.corruptWeights(path: "o", reason: "tensor a: bytes 24..<8 lie outside the 40 data bytes (truncated?)")) {
            try SafeTensors(bytes: Self.file(header: #"{"a":{"dtype":"F32","shape":[4],"data_offsets":[24,8]}}"#), path: "o")
        }
        #expect(throws: EmbeddingError.corruptWeights(path: "e", reason: "tensor a: the header entry lacks dtype, shape or data_offsets")) {
            try SafeTensors(bytes: Self.file(header: #"{"a":{"shape":[4]}}"#), path: "e")
        }
        var huge = Self.file()
        huge[7] = 0x7F
        #expect(throws: EmbeddingError.self) { try SafeTensors(bytes: huge, path: "huge") }
    }
}
