import CLibXML2
import Synchronization

/// Builds libxml2 entity records whose replacement is literal text.
///
/// In text they are typed `XML_INTERNAL_PREDEFINED_ENTITY`, which makes libxml2 copy their text to
/// the characters callback without parsing it: no nested references, so no expansion can grow.
/// In attribute values libxml2 2.9.14 copies only the first byte of a predefined entity (`é`
/// would lose its second byte), so records for attribute values are typed
/// `XML_INTERNAL_GENERAL_ENTITY`, whose text libxml2 copies whole after scanning it for references
/// (there are none: the text holds no `&` or `<`).
enum LiteralEntity {
    /// A new malloc'd entity record named `name` with replacement `bytes`, for text or for
    /// attribute values; release with `free`.
    static func make(name: String, bytes: [UInt8], isForAttributeValues: Bool = false) -> UnsafeMutablePointer<xmlEntity> {
        let entity = UnsafeMutablePointer<xmlEntity>.allocate(capacity: 1)
        entity.initialize(to: xmlEntity())
        entity.pointee.type = XML_ENTITY_DECL
        entity.pointee.etype = isForAttributeValues ? XML_INTERNAL_GENERAL_ENTITY : XML_INTERNAL_PREDEFINED_ENTITY
        let nameBytes = Array(name.utf8)
        let namePointer = UnsafeMutablePointer<xmlChar>.allocate(capacity: nameBytes.count + 1)
        namePointer.initialize(from: nameBytes, count: nameBytes.count)
        namePointer[nameBytes.count] = 0
        entity.pointee.name = UnsafePointer(namePointer)
        let content = UnsafeMutablePointer<xmlChar>.allocate(capacity: bytes.count + 1)
        content.initialize(from: bytes, count: bytes.count)
        content[bytes.count] = 0
        entity.pointee.content = content
        entity.pointee.orig = nil
        entity.pointee.length = Int32(bytes.count)
        return entity
    }

    /// Frees a record made by `make`.
    static func free(_ entity: UnsafeMutablePointer<xmlEntity>) {
        entity.pointee.name.map { UnsafeMutablePointer(mutating: $0).deallocate() }
        entity.pointee.content?.deallocate()
        entity.deinitialize(count: 1)
        entity.deallocate()
    }
}

/// HTML 4 named entities (`&hellip;`, `&eacute;`...) that feeds use in XML without declaring them.
///
/// Each record is made once per process and never freed; there are at most 253 of them.
enum HTMLEntityTable {
    /// Records by name; records for attribute values (see `LiteralEntity`) under `@` + name.
    private static let records = Mutex<[String: UInt]>([:])

    /// The entity record for an HTML 4 entity name, nil for any other name.
    static func entity(named name: String, isInAttributeValue: Bool = false) -> xmlEntityPtr? {
        let key = isInAttributeValue ? "@" + name : name
        if let known = records.withLock({ $0[key] }) {
            return known == 0 ? nil : UnsafeMutablePointer(bitPattern: known)
        }
        var address: UInt = 0
        if let scalarValue = codePoint(named: name), let scalar = Unicode.Scalar(scalarValue) {
            let bytes = Array(String(Character(scalar)).utf8)
            address = UInt(
                bitPattern: LiteralEntity.make(name: name, bytes: bytes, isForAttributeValues: isInAttributeValue))
        }
        // Another thread may have raced us: keep the first record, leak at most one small duplicate.
        let stored = records.withLock { table -> UInt in
            if let existing = table[key] { return existing }
            table[key] = address
            return address
        }
        return stored == 0 ? nil : UnsafeMutablePointer(bitPattern: stored)
    }

    /// The code point of an HTML 4 entity name (`amp`, `eacute`, `apos`...), nil when unknown.
    public static func codePoint(named name: String) -> UInt32? {
        if name == "apos" { return 0x27 }
        guard let description = htmlEntityLookup(name) else { return nil }
        return UInt32(description.pointee.value)
    }
}
