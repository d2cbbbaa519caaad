/// A qualified XML name: local name, the prefix the document used, and the namespace URI.
public struct XMLName: Sendable, Equatable, Hashable {
    /// The local name (without prefix).
    public var localName: String
    /// The prefix as written, nil for none.
    public var prefix: String?
    /// The namespace URI, nil for no namespace.
    public var namespaceURI: String?

    /// A name from its parts.
    public init(localName: String, prefix: String? = nil, namespaceURI: String? = nil) {
        self.localName = localName
        self.prefix = prefix
        self.namespaceURI = namespaceURI
    }

    /// `prefix:local`, or `local` without a prefix.
    public var qualifiedName: String {
        if let prefix, !prefix.isEmpty { return prefix + ":" + localName }
        return localName
    }
}

/// The distinct names of one parse (a page, a document), each with a small integer id.
///
/// Trees made by the same parse share one table, so a name is turned into Strings once per parse,
/// not once per element. Not thread-safe: one table serves one parse on one thread.
/// Its stored properties skip Swift's dynamic exclusivity checks (one parse, one thread, one access at a time).
public final class XMLNameTable {
    /// The names by id.
    @exclusivity(unchecked) public private(set) var names: [XMLName] = []
    @exclusivity(unchecked) private var ids: [XMLName: Int32] = [:]
    @exclusivity(unchecked) private var derivedIDs: [Int32] = []
    @exclusivity(unchecked) private var derivedStrings: [String] = []
    @exclusivity(unchecked) private var derivedIndex: [String: Int32] = [:]
    @exclusivity(unchecked) private var kinds: [UInt8] = []

    @exclusivity(unchecked) private var attached: AnyObject?

    /// An empty table.
    public init() {}

    /// One object a client keeps with the table while the parse lasts (a reusable workspace, say),
    /// made by `make` the first time it is asked for.
    public func attachment<T: AnyObject>(_ make: () -> T) -> T {
        if let existing = attached as? T { return existing }
        let made = make()
        attached = made
        return made
    }

    /// The id of `name`, adding it when new.
    public func id(of name: XMLName) -> Int32 {
        if let id = ids[name] { return id }
        let id = Int32(names.count)
        names.append(name)
        derivedIDs.append(-1)
        kinds.append(UInt8.max)
        ids[name] = id
        return id
    }

    /// The name with this id.
    @inline(__always)
    public subscript(id: Int32) -> XMLName { names[Int(id)] }

    /// The id of a string a client derives from a name (a JSON key, say), computed once per table and
    /// name; names whose derived strings are equal share an id. A table serves one such derivation: the
    /// first caller's `derive` decides what is stored.
    @inline(__always)
    public func derivedID(_ id: Int32, _ derive: (XMLName) -> String) -> Int32 {
        let known = derivedIDs[Int(id)]
        if known >= 0 { return known }
        let value = derivedID(for: derive(names[Int(id)]))
        derivedIDs[Int(id)] = value
        return value
    }

    /// The id of a derived string given as such (see `derivedID(_:_:)`).
    public func derivedID(for string: String) -> Int32 {
        if let known = derivedIndex[string] { return known }
        let value = Int32(derivedStrings.count)
        derivedStrings.append(string)
        derivedIndex[string] = value
        return value
    }

    /// A derived string by its id.
    @inline(__always)
    public func derivedString(_ derivedID: Int32) -> String { derivedStrings[Int(derivedID)] }

    /// A small number a client derives from a name (a classification), computed once per table and name;
    /// one derivation per table, like `derivedID`.
    @inline(__always)
    public func derivedKind(_ id: Int32, _ derive: (XMLName) -> UInt8) -> UInt8 {
        let known = kinds[Int(id)]
        if known != UInt8.max { return known }
        let value = derive(names[Int(id)])
        kinds[Int(id)] = value
        return value
    }

    /// The id of a name given as libxml2's interned strings (identical pointers for identical names
    /// within one parse), read into Strings only the first time.
    func id(local: UnsafePointer<UInt8>?, prefix: UnsafePointer<UInt8>?, uri: UnsafePointer<UInt8>?) -> Int32 {
        let key = PointerKey(local: UnsafeRawPointer(local), prefix: UnsafeRawPointer(prefix), uri: UnsafeRawPointer(uri))
        // Open addressing with linear probing over a power-of-two table (cheaper than hashing with SipHash).
        let mask = slots.count - 1
        var index = key.hash & mask
        while true {
            let slot = slots[index]
            if slot.id < 0 { break }
            if slot.key == key { return slot.id }
            index = (index + 1) & mask
        }
        var name = XMLName(localName: local.map { String(cString: $0) } ?? "",
                           prefix: prefix.map { String(cString: $0) },
                           namespaceURI: uri.map { String(cString: $0) })
        if let written = name.prefix, name.namespaceURI == nil {
            // An undeclared prefix (a namespace error libxml2 lets pass): the name is the whole qualified name,
            // in no namespace, as in libxml2's documents.
            name = XMLName(localName: written + ":" + name.localName)
        }
        let id = id(of: name)
        slots[index] = Slot(key: key, id: id)
        used += 1
        if used * 2 > slots.count { grow() }
        return id
    }

    private func grow() {
        let old = slots
        slots = Array(repeating: Slot(key: PointerKey(local: nil, prefix: nil, uri: nil), id: -1), count: old.count * 2)
        let mask = slots.count - 1
        for slot in old where slot.id >= 0 {
            var index = slot.key.hash & mask
            while slots[index].id >= 0 { index = (index + 1) & mask }
            slots[index] = slot
        }
    }

    /// Forgets the pointer identities of the parse that just ended (its strings are freed with it).
    func forgetPointers() {
        guard used > 0 else { return }
        for index in slots.indices { slots[index].id = -1 }
        used = 0
    }

    private struct Slot {
        var key: PointerKey
        var id: Int32
    }

    @exclusivity(unchecked) private var slots = Array(repeating: Slot(key: PointerKey(local: nil, prefix: nil, uri: nil), id: -1), count: 256)
    @exclusivity(unchecked) private var used = 0

    private struct PointerKey: Equatable {
        let local: UnsafeRawPointer?
        let prefix: UnsafeRawPointer?
        let uri: UnsafeRawPointer?

        var hash: Int {
            let a = UInt(bitPattern: local), b = UInt(bitPattern: prefix), c = UInt(bitPattern: uri)
            let mixed = (a &* 0x9E37_79B9_7F4A_7C15) ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ (c &* 0x1656_67B1_9E37_79F9)
            return Int(bitPattern: mixed >> 17)
        }
    }
}
