/// The token endpoint's answer to a client-credentials grant.
struct TokenGrant: Decodable {
    let accessToken: String
    let expiresIn: Double?

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case expiresIn = "expires_in"
    }
}

/// One page of `GET /api/v1.0/Identity/{login}/groups/recursive?field=groupIdentifier`.
struct GroupPage: Decodable {
    /// One membership; only the e-group name is asked for.
    struct Group: Decodable {
        let groupIdentifier: String
    }

    /// Whether another page follows: `next` is present, not null and not empty.
    struct Pagination: Decodable {
        let hasNext: Bool

        enum CodingKeys: String, CodingKey {
            case next
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            guard container.contains(.next), try !container.decodeNil(forKey: .next) else {
                hasNext = false
                return
            }
            hasNext = (try? container.decode(String.self, forKey: .next)).map { !$0.isEmpty } ?? true
        }
    }

    let data: [Group]
    let pagination: Pagination?
}

extension CERNAuthzDirectory {
    /// Logins are `[A-Za-z0-9._@-]+` and not a dot segment; anything else is unknown without asking the API.
    static func isPlausibleLogin(_ login: String) -> Bool {
        guard !login.isEmpty, login.utf8.count <= 256, !login.allSatisfy({ $0 == "." }) else { return false }
        return login.utf8.allSatisfy { byte in byte == UInt8(ascii: "@") || (byte != UInt8(ascii: "~") && isUnreserved(byte)) }
    }

    /// RFC 3986 percent-encoding of everything but the unreserved characters (for path segments and form values).
    static func percentEncode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        for byte in text.utf8 {
            if isUnreserved(byte) {
                bytes.append(byte)
            } else {
                bytes += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
