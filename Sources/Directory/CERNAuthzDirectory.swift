import Foundation
public import GatewayCore
public import HTTPTransport
import Synchronization

/// `GroupDirectory` over CERN's Authorization Service API: an OAuth2 client-credentials access token, cached until
/// shortly before it expires, then the user's recursive group memberships, page by page.
public final class CERNAuthzDirectory: GroupDirectory {
    public var kind: String { "cern-authz" }
    private let settings: CERNAuthzSettings
    private let http: any HTTPClient
    private let token = Mutex<TokenState?>(nil)
    private static let pageLimit = 1000
    private static let maxPages = 50

    /// Creates the directory; nothing is requested until the first lookup.
    public init(settings: CERNAuthzSettings, http: any HTTPClient) {
        self.settings = settings
        self.http = http
    }

    public func groups(of login: String) async throws(DirectoryError) -> [String]? {
        guard Self.isPlausibleLogin(login) else { return nil }
        let base = settings.apiURL.hasSuffix("/") ? String(settings.apiURL.dropLast()) : settings.apiURL
        let url = "\(base)/api/v1.0/Identity/\(Self.percentEncode(login))/groups/recursive"
        var names: [String] = []
        var seen: Set<String> = []
        var offset = 0
        for _ in 0..<Self.maxPages {
            guard let page = try await fetchPage(url, offset: offset) else { return nil }
            for group in page.data {
                let name = group.groupIdentifier.lowercased()
                if seen.insert(name).inserted { names.append(name) }
            }
            guard page.pagination?.hasNext == true, !page.data.isEmpty else { return names }
            offset += page.data.count
        }
        throw Self.failure("\(url) lists more than \(Self.maxPages) pages of \(Self.pageLimit) groups: the gateway stops there rather than guess")
    }

    /// One page of groups; nil when the API does not know the user. A 401 drops the cached token and retries once.
    private func fetchPage(_ url: String, offset: Int) async throws(DirectoryError) -> GroupPage? {
        let pageURL = "\(url)?field=groupIdentifier&limit=\(Self.pageLimit)&offset=\(offset)"
        var bearer = try await accessToken()
        var response = try await send(apiRequest(pageURL, bearer: bearer), to: url, check: "api_url")
        if response.status == 401 {
            dropToken(bearer)
            bearer = try await accessToken()
            response = try await send(apiRequest(pageURL, bearer: bearer), to: url, check: "api_url")
            if response.status == 401 {
                throw Self.failure("\(url) refused a fresh access token (HTTP 401): check audience and that the application "
                                   + "may use the Authorization Service API")
            }
        }
        switch response.status {
        case 200..<300:
            guard let page = try? JSONDecoder().decode(GroupPage.self, from: Data(response.body)) else {
                throw Self.failure("\(url) answered something other than {\"data\": [{\"groupIdentifier\": …}], …}: check api_url")
            }
            return page
        case 404:
            return nil
        default:
            throw Self.failure("\(url) answered HTTP \(response.status): check api_url, audience and the Authorization Service's status")
        }
    }

    private func apiRequest(_ url: String, bearer: String) -> HTTPRequest {
        HTTPRequest(url: url, method: "GET",
                    headers: [HTTPHeader("Authorization", "Bearer \(bearer)"), HTTPHeader("Accept", "application/json")],
                    timeout: settings.timeout, connectTimeout: min(settings.timeout, .seconds(5)), caBundle: settings.caBundle,
                    maxResponseBytes: 16 << 20)
    }

    /// The cached access token, or a new one; concurrent callers share one request to the token endpoint.
    private func accessToken() async throws(DirectoryError) -> String {
        let now = ContinuousClock.now
        let current: TokenState = token.withLock { state in
            switch state {
            case .ready(let cached)? where now < cached.refreshAt:
                return .ready(cached)
            case .fetching(let pending)?:
                return .fetching(pending)
            default:
                let pending = Task { () async -> Result<AccessToken, DirectoryError> in
                    do throws(DirectoryError) { return .success(try await self.fetchToken()) } catch { return .failure(error) }
                }
                state = .fetching(pending)
                return .fetching(pending)
            }
        }
        switch current {
        case .ready(let cached):
            return cached.value
        case .fetching(let pending):
            let result = await pending.value
            token.withLock { state in
                guard case .fetching(let stored)? = state, stored == pending else { return }
                if case .success(let fresh) = result { state = .ready(fresh) } else { state = nil }
            }
            return try result.get().value
        }
    }

    /// Forgets the cached token if it is still `value` (another caller may have replaced it already).
    private func dropToken(_ value: String) {
        token.withLock { state in
            if case .ready(let cached)? = state, cached.value == value { state = nil }
        }
    }

    /// OAuth2 client credentials: the secret goes in the form body only, and never into an error.
    private func fetchToken() async throws(DirectoryError) -> AccessToken {
        let url = settings.tokenURL
        let shown = Self.withoutQuery(url)
        let form = [("grant_type", "client_credentials"), ("client_id", settings.clientID),
                    ("client_secret", settings.clientSecret), ("audience", settings.audience)]
        let body = form.map { "\($0.0)=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        let headers = [HTTPHeader("Content-Type", "application/x-www-form-urlencoded"), HTTPHeader("Accept", "application/json")]
        let request = HTTPRequest(url: url, method: "POST", headers: headers, body: Array(body.utf8), timeout: settings.timeout,
                                  connectTimeout: min(settings.timeout, .seconds(5)), caBundle: settings.caBundle, maxResponseBytes: 1 << 20)
        let response = try await send(request, to: shown, check: "token_url")
        switch response.status {
        case 200..<300:
            break
        case 400, 401:
            throw Self.failure("\(shown) answered HTTP \(response.status); client credentials were refused: check client_id and client_secret_file")
        default:
            throw Self.failure("\(shown) answered HTTP \(response.status) to the token request: check token_url and audience")
        }
        guard let grant = try? JSONDecoder().decode(TokenGrant.self, from: Data(response.body)), !grant.accessToken.isEmpty else {
            throw Self.failure("\(shown) did not answer with an access_token: check token_url")
        }
        let reusable = min(max(0, (grant.expiresIn ?? 0) - 30), 86_400)
        return AccessToken(value: grant.accessToken, refreshAt: ContinuousClock.now.advanced(by: .seconds(reusable)))
    }

    private func send(_ request: HTTPRequest, to url: String, check key: String) async throws(DirectoryError) -> HTTPResponse {
        do {
            return try await http.send(request)
        } catch {
            throw Self.failure("cannot reach \(url) (\(Self.describe(error))): check \(key), ca_bundle and the network")
        }
    }

    private static func describe(_ error: TransportError) -> String {
        switch error {
        case .connectionRefused(_, let detail), .hostNotFound(_, let detail), .connectionLost(_, let detail),
             .invalidURL(_, let detail), .tls(_, _, let detail), .other(_, _, let detail):
            return detail
        case .connectTimeout(_, let after), .timeout(_, let after):
            return "no answer within \(after)"
        case .responseTooLarge(_, let limit):
            return "the response exceeded \(limit) bytes"
        case .authorizationFailed(_, let underlying):
            return "\(underlying)"
        }
    }

    private static func failure(_ detail: String) -> DirectoryError { DirectoryError(kind: "cern-authz", detail: detail) }

    private static func withoutQuery(_ url: String) -> String { url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url }
}

/// The cached access token, or the one token request that concurrent lookups share.
private enum TokenState: Sendable {
    case ready(AccessToken)
    case fetching(Task<Result<AccessToken, DirectoryError>, Never>)
}

/// An access token and when to stop using it (30 s before it expires).
private struct AccessToken: Sendable {
    let value: String
    let refreshAt: ContinuousClock.Instant
}
