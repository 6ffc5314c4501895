extension JobSpec {
    /// The container the tasks run in.
    public enum ContainerSpec: Sendable, Equatable {
        /// A Docker container (needs `DOCKER` in the scheduler's `-allowed_container_types`).
        case docker(image: String, parameters: [Parameter])
        /// A Mesos container, optionally with an image.
        case mesos(image: ContainerImage?)
    }

    /// One `docker run` parameter (`privileged` = `true`); a name may repeat.
    public struct Parameter: Sendable, Equatable {
        /// The parameter name, without dashes.
        public var name: String
        /// Its value.
        public var value: String

        /// Creates a parameter.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The image of a Mesos container.
    public enum ContainerImage: Sendable, Equatable {
        /// A Docker image by name and tag.
        case docker(name: String, tag: String)
        /// An AppC image by name and image id.
        case appc(name: String, imageId: String)
    }

    /// A cron schedule.
    public struct Cron: Sendable, Equatable {
        /// Five crontab fields, e.g. `*/30 * * * *`.
        public var schedule: String
        /// What happens when a run is due while the previous one is still active.
        public var collisionPolicy: CollisionPolicy

        /// Creates a schedule.
        public init(schedule: String, collisionPolicy: CollisionPolicy = .killExisting) {
            self.schedule = schedule
            self.collisionPolicy = collisionPolicy
        }
    }

    /// Aurora's cron collision policies that the scheduler still accepts.
    public enum CollisionPolicy: String, Sendable, Equatable, CaseIterable {
        /// Kill the running tasks, then start the new run (Aurora's default).
        case killExisting = "KILL_EXISTING"
        /// Skip the new run.
        case cancelNew = "CANCEL_NEW"
    }

    /// How the executor decides a task is healthy.
    public struct HealthCheck: Sendable, Equatable {
        /// The check itself.
        public var checker: HealthChecker
        /// Seconds before the first check; default 15.
        public var initialIntervalSecs: Double
        /// Seconds between checks; default 10.
        public var intervalSecs: Double
        /// Failed checks in a row before the task is killed; default 0.
        public var maxConsecutiveFailures: Int
        /// Passed checks in a row before the task counts as healthy; default 1.
        public var minConsecutiveSuccesses: Int
        /// Seconds one check may take; default 1.
        public var timeoutSecs: Double

        /// Creates a health check with the executor's defaults.
        public init(checker: HealthChecker = .http(), initialIntervalSecs: Double = 15, intervalSecs: Double = 10,
                    maxConsecutiveFailures: Int = 0, minConsecutiveSuccesses: Int = 1, timeoutSecs: Double = 1) {
            self.checker = checker
            self.initialIntervalSecs = initialIntervalSecs
            self.intervalSecs = intervalSecs
            self.maxConsecutiveFailures = maxConsecutiveFailures
            self.minConsecutiveSuccesses = minConsecutiveSuccesses
            self.timeoutSecs = timeoutSecs
        }
    }

    /// One kind of health check.
    public enum HealthChecker: Sendable, Equatable {
        /// GET on the `health` port; healthy when the status equals `expectedResponseCode` (if not 0), otherwise when
        /// the body equals `expectedResponse`.
        case http(endpoint: String = "/health", expectedResponse: String = "ok", expectedResponseCode: Int = 0)
        /// A shell command; healthy when it exits 0.
        case shell(command: String)
    }
}
