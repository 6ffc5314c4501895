import Hummingbird

/// `/openapi.yaml` (the embedded spec) and `/docs` (a page rendered from it); public, like health.
struct DocsRoutes {
    func register(on router: Router<GatewayRequestContext>) {
        router.get("/openapi.yaml") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: EmbeddedSpec.yaml)))
        }
        router.get("/docs") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8",
                                            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"],
                     body: .init(byteBuffer: ByteBuffer(string: DocsPage.html)))
        }
    }
}
