/// Who a token belongs to: a person (`agwu_`) or a service account (`agws_`).
public enum TokenKind: String, Sendable, Codable, CaseIterable {
    /// A person's token.
    case user
    /// A service account's token (bots, webhooks).
    case service

    /// The secret's prefix.
    public var prefix: String { self == .user ? "agwu_" : "agws_" }
}

/// A token secret: prefix, 32 random base62 characters, and a 6-character base62 CRC32 of what precedes it.
/// The checksum lets typos and garbage be refused before the database is touched.
public struct TokenSecret: Sendable, Equatable {
    /// The whole secret as the caller sends it.
    public let text: String
    /// The owner kind encoded in the prefix.
    public let kind: TokenKind

    static let randomLength = 32
    static let checksumLength = 6
    /// The length of every valid secret.
    public static let length = 5 + randomLength + checksumLength

    /// A new random secret.
    public static func generate(kind: TokenKind) -> TokenSecret {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<randomLength).map { _ in Base62.alphabet[Int(generator.next(upperBound: UInt64(62)))] }
        let body = kind.prefix + String(decoding: random, as: UTF8.self)
        return TokenSecret(text: body + checksum(of: body), kind: kind)
    }

    /// Parses and checks the format and checksum; throws a `TokenFormatError` that never echoes the secret.
    public init(parsing text: String) throws(TokenFormatError) {
        let bytes = Array(text.utf8)
        guard bytes.count == Self.length else { throw .wrongLength(Self.length) }
        let prefix = String(decoding: bytes.prefix(5), as: UTF8.self)
        guard let kind = TokenKind.allCases.first(where: { $0.prefix == prefix }) else { throw .unknownPrefix }
        guard Base62.isBase62(bytes.dropFirst(5)) else { throw .invalidCharacters }
        let body = String(decoding: bytes.prefix(5 + Self.randomLength), as: UTF8.self)
        guard Self.checksum(of: body) == String(decoding: bytes.suffix(Self.checksumLength), as: UTF8.self) else {
            throw .badChecksum
        }
        self.init(text: text, kind: kind)
    }

    private init(text: String, kind: TokenKind) {
        self.text = text
        self.kind = kind
    }

    static func checksum(of body: String) -> String {
        Base62.encode(UInt64(CRC32.checksum(body.utf8)), width: checksumLength)
    }
}

/// Why a presented token is not even shaped like one (the secret itself is never repeated).
public enum TokenFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Not the expected length.
    case wrongLength(Int)
    /// Neither `agwu_` nor `agws_`.
    case unknownPrefix
    /// Characters outside base62.
    case invalidCharacters
    /// The last six characters do not match the rest (a typo or a truncated copy).
    case badChecksum

    public var description: String {
        let fix = "copy the whole token as it was shown when it was created, or create a new one"
        switch self {
        case .wrongLength(let length): return "the bearer token is not \(length) characters long: \(fix)"
        case .unknownPrefix: return "the bearer token does not start with agwu_ or agws_: \(fix)"
        case .invalidCharacters: return "the bearer token has characters outside 0-9, A-Z, a-z: \(fix)"
        case .badChecksum: return "the bearer token's checksum does not match (a typo or a truncated copy): \(fix)"
        }
    }
}
