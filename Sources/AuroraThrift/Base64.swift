/// Base64 (standard alphabet) as `TJSONProtocol` uses it for binary values: written without
/// padding, read with or without it.
enum Base64 {
    static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, 0xFF for bytes outside the alphabet.
    static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        return table
    }()

    /// A lowercase hexadecimal digit for a nibble.
    static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x57 + nibble
    }

    /// Appends the unpadded base64 encoding of `data`.
    static func appendEncoded(_ data: [UInt8], to out: inout [UInt8]) {
        var index = 0
        while index + 3 <= data.count {
            let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8 | UInt32(data[index + 2])
            for shift in [18, 12, 6, 0] as [UInt32] { out.append(alphabet[Int(chunk >> shift & 0x3F)]) }
            index += 3
        }
        let rest = data.count - index
        if rest == 1 {
            let chunk = UInt32(data[index]) << 16
            out.append(alphabet[Int(chunk >> 18 & 0x3F)])
            out.append(alphabet[Int(chunk >> 12 & 0x3F)])
        } else if rest == 2 {
            let chunk = UInt32(data[index]) << 16 | UInt32(data[index + 1]) << 8
            for shift in [18, 12, 6] as [UInt32] { out.append(alphabet[Int(chunk >> shift & 0x3F)]) }
        }
    }

    /// Decodes base64 text with up to two `=` of padding; `nil` if it is not valid base64.
    static func decode(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        var length = text.count
        if length > 0, text[length - 1] == 0x3D { length -= 1 }
        if length > 0, text[length - 1] == 0x3D { length -= 1 }
        if length % 4 == 1 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(length / 4 * 3 + 2)
        var accumulator: UInt32 = 0
        var bits = 0
        for index in 0..<length {
            let value = decodeTable[Int(text[index])]
            if value == 0xFF { return nil }
            accumulator = accumulator << 6 | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return out
    }
}
