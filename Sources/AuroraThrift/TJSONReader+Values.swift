extension TJSONReader {
    static func isNumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x30...0x39, 0x2B, 0x2D, 0x2E, 0x45, 0x65: true
        default: false
        }
    }

    /// Consumes the run of characters Java treats as numeric (`+-.0-9Ee`) and returns its range.
    mutating func numericRun() throws -> Swift.Range<Int> {
        let start = index
        while index < buffer.count, Self.isNumeric(buffer[index]) { index += 1 }
        if index == start { throw unexpected(try peek(), "a number") }
        return start..<index
    }

    func text(_ range: Swift.Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }

    /// Reads an integer (quoted in key position) that must be a plain `[+-]digits` within `bounds`.
    mutating func readInteger(in bounds: ClosedRange<Int64>) throws -> Int64 {
        try readNumber(in: bounds).value
    }

    /// Like `readInteger`, also returning the offset where the digits start.
    mutating func readNumber(in bounds: ClosedRange<Int64>) throws -> (value: Int64, offset: Int) {
        let key = try separate()
        if key { try consume(0x22) }
        let run = try numericRun()
        var cursor = run.lowerBound
        var negative = false
        if buffer[cursor] == 0x2D || buffer[cursor] == 0x2B {
            negative = buffer[cursor] == 0x2D
            cursor += 1
        }
        var value: Int64 = 0 // accumulated as a negative number so Int64.min fits
        var valid = cursor < run.upperBound
        while valid && cursor < run.upperBound {
            let digit = buffer[cursor] &- 0x30
            cursor += 1
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = shifted.subtractingReportingOverflow(Int64(digit))
            valid = digit < 10 && !o1 && !o2
            value = next
        }
        if valid && !negative {
            let (positive, overflow) = value.multipliedReportingOverflow(by: -1)
            valid = !overflow
            value = positive
        }
        guard valid, bounds.contains(value) else {
            throw ThriftError.invalidNumber(offset: run.lowerBound, text: text(run))
        }
        if key { try consume(0x22) }
        return (value, run.lowerBound)
    }

    /// Reads a bare double; only `"NaN"`, `"Infinity"` and `"-Infinity"` may be quoted (any number in key position).
    public mutating func readDouble() throws -> Double {
        let key = try separate()
        let start = index
        if try peek() == 0x22 {
            let quoted = try scanString(building: true)
            switch quoted {
            case "NaN": return .nan
            case "Infinity": return .infinity
            case "-Infinity": return -.infinity
            default:
                if key, !quoted.isEmpty, quoted.utf8.allSatisfy(Self.isNumeric), let value = Double(quoted) {
                    return value
                }
                throw ThriftError.invalidNumber(offset: start, text: "\"" + quoted + "\"")
            }
        }
        if key { try consume(0x22) }
        let run = try numericRun()
        guard let value = Double(text(run)) else { throw ThriftError.invalidNumber(offset: run.lowerBound, text: text(run)) }
        return value
    }

    /// Reads a quoted string with Java's escapes (`\" \\ \/ \b \f \n \r \t \uXXXX`), validating UTF-8.
    public mutating func readString() throws -> String {
        _ = try separate()
        return try scanString(building: true)
    }

    /// Reads a quoted base64 string (padding optional).
    public mutating func readBinary() throws -> [UInt8] {
        _ = try separate()
        let start = index
        let text = try scanString(building: true)
        guard let data = Array(text.utf8).withUnsafeBytes(Base64.decode) else {
            throw ThriftError.invalidBase64(offset: start)
        }
        return data
    }

    /// Scans a quoted string at the cursor; returns it when `building`, else an empty string.
    @discardableResult
    mutating func scanString(building: Bool) throws -> String {
        try consume(0x22)
        let start = index
        var highBits: UInt8 = 0
        while index < buffer.count {
            let byte = buffer[index]
            if byte == 0x22 {
                try validate(start..<index, highBits: highBits)
                index += 1
                return building ? text(start..<(index - 1)) : ""
            }
            if byte == 0x5C { return try scanEscapedString(from: start, building: building) }
            highBits |= byte
            index += 1
        }
        throw ThriftError.truncated(offset: index)
    }

    func validate(_ range: Swift.Range<Int>, highBits: UInt8) throws {
        guard highBits >= 0x80 else { return }
        if let bad = UTF8Validation.firstInvalid(in: UnsafeRawBufferPointer(rebasing: buffer[range])) {
            throw ThriftError.invalidUTF8(offset: range.lowerBound + bad)
        }
    }

    /// The slow path of `scanString` once a backslash shows up: decodes escapes into `scratch`.
    mutating func scanEscapedString(from start: Int, building: Bool) throws -> String {
        scratch.removeAll(keepingCapacity: true)
        var segment = start
        var highBits: UInt8 = 0
        while true {
            let byte = try peek()
            guard byte == 0x22 || byte == 0x5C else {
                highBits |= byte
                index += 1
                continue
            }
            try validate(segment..<index, highBits: highBits)
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[segment..<index]))
            highBits = 0
            if byte == 0x22 {
                index += 1
                return building ? String(decoding: scratch, as: UTF8.self) : ""
            }
            try readEscape()
            segment = index
        }
    }

    /// Decodes one escape sequence at the cursor (which is on the backslash) into `scratch`.
    mutating func readEscape() throws {
        let escapeStart = index
        index += 1
        let kind = try peek()
        index += 1
        switch kind {
        case 0x22, 0x5C, 0x2F: scratch.append(kind)
        case 0x62: scratch.append(0x08)
        case 0x66: scratch.append(0x0C)
        case 0x6E: scratch.append(0x0A)
        case 0x72: scratch.append(0x0D)
        case 0x74: scratch.append(0x09)
        case 0x75:
            var scalar = try readHex4()
            if (0xDC00...0xDFFF).contains(scalar) { throw ThriftError.invalidUTF8(offset: escapeStart) }
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < buffer.count, buffer[index] == 0x5C, buffer[index + 1] == 0x75 else {
                    throw ThriftError.invalidUTF8(offset: escapeStart)
                }
                index += 2
                let low = try readHex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw ThriftError.invalidUTF8(offset: escapeStart) }
                scalar = 0x10000 + (scalar - 0xD800) << 10 + (low - 0xDC00)
            }
            UTF8Validation.append(scalar: scalar, to: &scratch)
        default:
            index -= 1
            throw unexpected(kind, "an escape character")
        }
    }

    mutating func readHex4() throws -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = try peek()
            let nibble: UInt8
            switch byte {
            case 0x30...0x39: nibble = byte - 0x30
            case 0x61...0x66: nibble = byte - 0x57
            case 0x41...0x46: nibble = byte - 0x37
            default: throw unexpected(byte, "a hex digit")
            }
            value = value << 4 | UInt32(nibble)
            index += 1
        }
        return value
    }
}
