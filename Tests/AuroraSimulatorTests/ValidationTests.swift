import AuroraSimulator
import AuroraThrift
import Testing

@Suite("Configuration validation")
struct ValidationTests {
    private func createJobMessage(_ job: JobConfiguration?) async throws -> (ResponseCode?, String?) {
        let (state, _) = try Fixtures.scheduler()
        let response = await state.createJob(description: job)
        return (response.responseCode, response.details?.first?.message)
    }

    @Test func missingJobKey() async throws {
        var job = Fixtures.job()
        job.key = nil
        #expect(try await createJobMessage(job) == (.invalidRequest, "Missing or invalid job key from request."))
        #expect(try await createJobMessage(nil) == (.invalidRequest, "Missing or invalid job key from request."))
        let bad = JobKey(role: "bad role", environment: "devel", name: "x")
        #expect(try await createJobMessage(Fixtures.job(bad)).1 == "Missing or invalid job key from request.")
    }

    @Test func keyPartsMustBeIdentifiersOfAtMost255Characters() async throws {
        let long = JobKey(role: "mesostest", environment: "devel", name: String(repeating: "a", count: 256))
        var job = Fixtures.job()
        job.taskConfig?.job = long
        let (code, message) = try await createJobMessage(job)
        #expect(code == .invalidRequest)
        #expect(message?.hasPrefix("Job key JobKey(role:mesostest, environment:devel, name:aaa") == true)
        let ok = JobKey(role: "mesostest", environment: "devel", name: String(repeating: "a", count: 255))
        #expect(try await createJobMessage(Fixtures.job(ok)).0 == .ok)
    }

    @Test func environmentMustBeAllowed() async throws {
        let key = JobKey(role: "mesostest", environment: "qa", name: "hello")
        #expect(try await createJobMessage(Fixtures.job(key)) == (
            .invalidRequest, #"Job environment qa doesn't match: ^(prod|devel|test|staging\d*)$"#
        ))
        let staging = JobKey(role: "mesostest", environment: "staging42", name: "hello")
        #expect(try await createJobMessage(Fixtures.job(staging)).0 == .ok)
    }

    @Test func instanceCountMustBePositive() async throws {
        #expect(try await createJobMessage(Fixtures.job(instances: 0)) == (.invalidRequest, "Instance count must be positive."))
    }

    @Test func resourcesNeedExactlyOnePositiveCpuRamDisk() async throws {
        var twoCpus = Fixtures.task()
        twoCpus.resources?.append(.numCpus(1))
        #expect(try await createJobMessage(Fixtures.job(task: twoCpus)).1 == "Multiple resource values are not supported for CPU")
        #expect(try await createJobMessage(Fixtures.job(task: Fixtures.task(cpus: 0))).1 == "num_cpus must be greater than 0.0")
        var noDisk = Fixtures.task()
        noDisk.resources = [.numCpus(1), .ramMb(1)]
        #expect(try await createJobMessage(Fixtures.job(task: noDisk)).1 == "disk_mb must be greater than 0.0")
        #expect(try await createJobMessage(Fixtures.job(task: Fixtures.task(ramMb: -1))).1 == "ram_mb must be greater than 0.0")
    }

    @Test func executorMustBeAuroraUnlessDocker() async throws {
        var thermos = Fixtures.task()
        thermos.executorConfig = ExecutorConfig(name: "Other", data: "")
        #expect(try await createJobMessage(Fixtures.job(task: thermos)).1 == "Configuration for executor 'Other' doesn't exist.")
        var none = Fixtures.task()
        none.executorConfig = nil
        #expect(try await createJobMessage(Fixtures.job(task: none)).1 == "Configuration may not be null.")
        var docker = none
        docker.container = .docker(DockerContainer(image: "busybox"))
        #expect(try await createJobMessage(Fixtures.job(task: docker)).0 == .ok)
        docker.container = .docker(DockerContainer())
        #expect(try await createJobMessage(Fixtures.job(task: docker)).1 == "A container must specify an image.")
    }

    @Test func ownerUserMustBeAnIdentifier() async throws {
        var job = Fixtures.job()
        job.owner = Identity(user: "alice smith")
        #expect(try await createJobMessage(job).1 == "Job user contains illegal characters: alice smith")
    }

    @Test func taskJobMustMatchTheJobKey() async throws {
        var job = Fixtures.job()
        job.taskConfig?.job = JobKey(role: "mesostest", environment: "devel", name: "other")
        let (code, message) = try await createJobMessage(job)
        #expect(code == .invalidRequest)
        #expect(message?.contains("does not match job key mesostest/devel/hello") == true)
    }

    @Test func duplicateJobsAndCronJobsAreRejected() async throws {
        let (state, _) = try Fixtures.scheduler()
        #expect(await state.createJob(description: Fixtures.job()).responseCode == .ok)
        let duplicate = await state.createJob(description: Fixtures.job())
        #expect(duplicate.responseCode == .invalidRequest)
        #expect(duplicate.details?.first?.message == "Job mesostest/devel/hello already exists")
        let cron = await state.createJob(description: Fixtures.job(JobKey(role: "a", environment: "prod", name: "c"), cron: "* * * * *"))
        #expect(cron.details?.first?.message == "Cron jobs may only be created/updated by calling scheduleCronJob.")
    }

    @Test func populateJobConfigFillsTierAndDefaults() async throws {
        let (state, _) = try Fixtures.scheduler()
        var task = Fixtures.task()
        task.production = nil
        task.isService = nil
        task.maxTaskFailures = nil
        task.container = nil
        task.resources = [.diskMb(16), .ramMb(16), .numCpus(0.1)]
        let response = await state.populateJobConfig(description: Fixtures.job(task: task))
        guard case .populateJobResult(let result)? = response.result, let populated = result.taskConfig else {
            Issue.record("no populateJobResult in \(response)")
            return
        }
        #expect(populated.tier == "preemptible")
        #expect(populated.production == false)
        #expect(populated.isService == false)
        #expect(populated.maxTaskFailures == 1)
        #expect(populated.container == .mesos(MesosContainer()))
        #expect(populated.resources == [.numCpus(0.1), .ramMb(16), .diskMb(16)])

        var preferred = Fixtures.task()
        preferred.tier = "preferred"
        guard case .populateJobResult(let production)? = await state.populateJobConfig(description: Fixtures.job(task: preferred)).result
        else { Issue.record("no result"); return }
        #expect(production.taskConfig?.production == true)

        let invalid = await state.populateJobConfig(description: Fixtures.job(instances: 0))
        #expect(invalid.details?.first?.message == "Invalid configuration: Instance count must be positive.")
        var unknownTier = Fixtures.task()
        unknownTier.tier = "gold"
        let tier = await state.populateJobConfig(description: Fixtures.job(task: unknownTier))
        #expect(tier.details?.first?.message == "Invalid configuration: Invalid tier 'gold' in TaskConfig.")
    }

    @Test func tierConfigsAreTheStockOnes() async throws {
        let (state, _) = try Fixtures.scheduler()
        guard case .getTierConfigResult(let result)? = await state.getTierConfigs().result else {
            Issue.record("no tier result")
            return
        }
        #expect(result.defaultTierName == "preemptible")
        let tiers = Dictionary(uniqueKeysWithValues: (result.tiers ?? []).map { ($0.name ?? "", $0.settings ?? [:]) })
        #expect(tiers["preferred"] == ["preemptible": "false", "revocable": "false"])
        #expect(tiers["preemptible"] == ["preemptible": "true", "revocable": "false"])
        #expect(tiers["revocable"] == ["preemptible": "true", "revocable": "true"])
    }
}
