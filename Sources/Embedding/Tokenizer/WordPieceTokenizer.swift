import Foundation

/// BERT's uncased WordPiece tokenizer, as the reference (Hugging Face `tokenizers`: BertNormalizer with lower-casing
/// and accent stripping, BertPreTokenizer, WordPiece): text to token ids with `[CLS]` first and `[SEP]` last.
public struct WordPieceTokenizer: Sendable {
    /// The most tokens a text becomes, `[CLS]` and `[SEP]` included (sentence-transformers' `max_seq_length`).
    public static let defaultMaxTokens = 256
    /// Words longer than this many characters become `[UNK]`.
    public static let maxCharactersPerWord = 100

    /// The id of `[CLS]`.
    public let classID: Int32
    /// The id of `[SEP]`.
    public let separatorID: Int32
    /// The id of `[UNK]`.
    public let unknownID: Int32
    /// The number of tokens in the vocabulary.
    public let vocabularySize: Int

    private let words: VocabularyTable
    private let continuations: VocabularyTable

    /// Reads a vocabulary file, one token a line, the line number (from 0) being its id.
    public init(vocabularyPath path: String) throws(EmbeddingError) {
        guard FileManager.default.fileExists(atPath: path) else { throw .modelMissing(path: path) }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        var lines = [ArraySlice<UInt8>]()
        let bytes = [UInt8](data)
        var start = 0
        for (k, byte) in bytes.enumerated() where byte == 0x0A {
            lines.append(bytes[start..<k])
            start = k + 1
        }
        if start < bytes.count { lines.append(bytes[start...]) }
        try self.init(tokens: lines, path: path)
    }

    /// A tokenizer over `vocabulary` (token k has id k).
    public init(vocabulary: [String]) throws(EmbeddingError) {
        try self.init(tokens: vocabulary.map { ArraySlice(Array($0.utf8)) }, path: "(vocabulary)")
    }

    private init(tokens: [ArraySlice<UInt8>], path: String) throws(EmbeddingError) {
        var words = VocabularyTable(capacity: tokens.count)
        var continuations = VocabularyTable(capacity: tokens.count)
        for (id, line) in tokens.enumerated() {
            var token = line
            while let last = token.last, last == 0x20 || last == 0x09 || last == 0x0D { token.removeLast() }  // trim_end
            if token.count > 2 && token.starts(with: [0x23, 0x23]) {
                continuations.insert(token.dropFirst(2), id: Int32(id))
            }
            words.insert(token, id: Int32(id))
        }
        func id(_ token: String) throws(EmbeddingError) -> Int32 {
            let id = Array(token.utf8).withUnsafeBufferPointer { words.lookup($0) }
            guard let id else { throw .badVocabulary(path: path, reason: "no \(token) token") }
            return id
        }
        self.words = words
        self.continuations = continuations
        self.vocabularySize = tokens.count
        classID = try id("[CLS]")
        separatorID = try id("[SEP]")
        unknownID = try id("[UNK]")
    }

    /// The token ids of `text`: `[CLS]`, at most `maxTokens - 2` word pieces (the first ones), `[SEP]`.
    public func tokenize(_ text: String, maxTokens: Int = defaultMaxTokens) -> [Int32] {
        let limit = max(0, maxTokens - 2)
        var ids: [Int32] = [classID]
        ids.reserveCapacity(min(limit, text.utf8.count) + 2)
        let scalars = Self.normalize(text)
        var piece = [UInt8]()
        var boundaries = [Int]()
        var wordStart = 0
        var k = 0
        func flush(_ end: Int) {
            if end > wordStart && ids.count - 1 < limit { appendWord(scalars[wordStart..<end], into: &ids, limit: limit, piece: &piece, boundaries: &boundaries) }
        }
        while k < scalars.count {
            let scalar = scalars[k]
            if scalar == " " {  // the normalizer made every white space a space
                flush(k)
                wordStart = k + 1
            } else if Self.isPunctuation(scalar) {
                flush(k)
                wordStart = k
                flush(k + 1)
                wordStart = k + 1
            }
            k += 1
        }
        flush(scalars.count)
        ids.append(separatorID)
        return ids
    }

    /// Greedy longest-match-first WordPiece of one word, appended (up to `limit` pieces in all after `[CLS]`).
    private func appendWord(_ word: ArraySlice<Unicode.Scalar>, into ids: inout [Int32], limit: Int,
                            piece: inout [UInt8], boundaries: inout [Int]) {
        guard word.count <= Self.maxCharactersPerWord else {
            ids.append(unknownID)
            return
        }
        piece.removeAll(keepingCapacity: true)
        boundaries.removeAll(keepingCapacity: true)
        boundaries.append(0)
        for scalar in word {
            piece.append(contentsOf: scalar.utf8)
            boundaries.append(piece.count)
        }
        let count = ids.count
        let found: Bool = piece.withUnsafeBufferPointer { bytes in
            var start = 0
            while start < word.count {
                var end = word.count
                var match: Int32?
                while end > start {
                    let slice = UnsafeBufferPointer(rebasing: bytes[boundaries[start]..<boundaries[end]])
                    match = start == 0 ? words.lookup(slice) : continuations.lookup(slice)
                    if match != nil { break }
                    end -= 1
                }
                guard let match else { return false }
                ids.append(match)
                start = end
            }
            return true
        }
        if !found {
            ids.removeSubrange(count...)
            ids.append(unknownID)
        }
        if ids.count - 1 > limit { ids.removeSubrange((limit + 1)...) }
    }
}
