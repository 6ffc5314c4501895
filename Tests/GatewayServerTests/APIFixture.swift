import Foundation

/// Job specs and helpers for the API tests.
enum APIFixture {
    /// The contract §4 example, minus `cron` (a service cannot be a cron job) — a long-running service.
    static var service: [String: Any] { [
        "instances": 2, "service": true, "tier": "preferred", "priority": 0, "max_task_failures": 1, "contact": "someone@example.org",
        "resources": ["cpu": 0.5, "ram_mb": 1024, "disk_mb": 2048, "gpus": 0, "ports": ["http"]],
        "processes": [
            ["name": "setup", "cmdline": "git clone https://example.org/repo.git", "max_failures": 1, "daemon": false,
             "ephemeral": false, "min_duration": 5, "final": false],
            ["name": "build", "cmdline": "./build.sh {{mesos.instance}}"],
        ],
        "order": ["setup", "build"],
        "task": ["max_concurrency": 0, "finalization_wait": 30],
        "container": ["docker": ["image": "alisw/slc8-builder:latest", "parameters": ["privileged": "true"]]],
        "constraints": ["host": "limit:1", "rack": "!r1,r2"],
        "metadata": ["pr": "1234"],
        "health_check": ["http": ["endpoint": "/health", "expected_response": "ok"], "interval_secs": 10],
    ] }

    /// A cron job.
    static var cron: [String: Any] { [
        "resources": ["cpu": 0.1, "ram_mb": 16, "disk_mb": 16],
        "processes": [["name": "nightly", "cmdline": "echo nightly"]],
        "cron": ["schedule": "*/30 * * * *", "collision_policy": "KILL_EXISTING"],
    ] }

    /// The service spec with one value changed.
    static func service(cpu: Double) -> [String: Any] {
        var spec = service
        var resources = spec["resources"] as? [String: Any] ?? [:]
        resources["cpu"] = cpu
        spec["resources"] = resources
        return spec
    }

    static let job = "/v1/clusters/build/jobs/mesostest/devel/hello"
    static let cronJob = "/v1/clusters/build/jobs/mesostest/devel/nightly"
}
