/// Decimal formatting helpers for the TJSON writer, written to avoid per-number allocations.
enum JSONNumbers {
    /// Appends the decimal digits of `value` (with `-` when negative).
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value >= 0 && value < 10 {
            out.append(0x30 &+ UInt8(value))
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            var magnitude = value.magnitude
            repeat {
                index -= 1
                digits[index] = 0x30 &+ UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                index -= 1
                digits[index] = 0x2D
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// Appends a finite double the way Java's `Double.toString` lays it out, with the shortest
    /// round-tripping digits: plain notation for 1e-3 ≤ |x| < 1e7 (`0.1`, `15.0`), otherwise
    /// `d.dddE±n` (`1.0E7`, `1.5E-5`).
    static func appendJavaDouble(_ value: Double, to out: inout [UInt8]) {
        if value.sign == .minus { out.append(0x2D) }
        if value == 0 {
            out.append(contentsOf: [0x30, 0x2E, 0x30])
            return
        }
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointPosition = 0 // digits before the decimal point in Swift's rendering
        var exponent = 0
        var sawPoint = false
        var inExponent = false
        var exponentNegative = false
        for byte in value.magnitude.description.utf8 {
            switch byte {
            case 0x2E: sawPoint = true
            case 0x65, 0x45: inExponent = true
            case 0x2D where inExponent: exponentNegative = true
            case 0x2B: break
            case 0x30...0x39 where inExponent: exponent = exponent * 10 + Int(byte - 0x30)
            case 0x30...0x39:
                digits.append(byte)
                if !sawPoint { pointPosition += 1 }
            default: break
            }
        }
        if exponentNegative { exponent = -exponent }
        // Normalise to 0.d1d2... × 10^decimalExponent with no leading or trailing zeros.
        var decimalExponent = pointPosition + exponent
        while digits.first == 0x30 {
            digits.removeFirst()
            decimalExponent -= 1
        }
        while digits.last == 0x30 { digits.removeLast() }
        let scientific = decimalExponent < -2 || decimalExponent > 7
        if scientific {
            out.append(digits[0])
            out.append(0x2E)
            if digits.count > 1 { out.append(contentsOf: digits[1...]) } else { out.append(0x30) }
            out.append(0x45)
            appendInteger(Int64(decimalExponent - 1), to: &out)
        } else if decimalExponent <= 0 {
            out.append(contentsOf: [0x30, 0x2E])
            out.append(contentsOf: repeatElement(0x30, count: -decimalExponent))
            out.append(contentsOf: digits)
        } else {
            for index in 0..<decimalExponent {
                out.append(index < digits.count ? digits[index] : 0x30)
            }
            out.append(0x2E)
            if digits.count > decimalExponent {
                out.append(contentsOf: digits[decimalExponent...])
            } else {
                out.append(0x30)
            }
        }
    }
}
