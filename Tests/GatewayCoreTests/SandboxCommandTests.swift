import GatewayCore
import Testing

@Suite("the shell text sent to agents: the Aurora client's sandbox path and substitutions, quoting, the log tail")
struct SandboxCommandTests {
    @Test("quoting survives every shell metacharacter, single quotes included")
    func quoting() {
        #expect(ShellQuote.single("plain") == "'plain'")
        #expect(ShellQuote.single("it's $(id) `x` ; | > *") == #"'it'\''s $(id) `x` ; | > *'"#)
    }

    @Test("the sandbox path is the Aurora client's formula, globs open, the parts from config and scheduler quoted")
    func sandboxPath() {
        #expect(SandboxCommand.sandboxPath(slaveRoot: "/build/mesos", runDirectory: "latest", taskID: "1-r-devel-hello-0-abc")
                == "'/build/mesos'/slaves/*/frameworks/*/executors/'thermos-1-r-devel-hello-0-abc'/runs/'latest'/sandbox")
    }

    @Test("{{thermos.task_id}}, {{mesos.instance}} and {{thermos.ports[name]}} are filled in; unknown ones stay")
    func substitutions() {
        let text = SandboxCommand.substitute("curl localhost:{{thermos.ports[http]}}/{{mesos.instance}}/{{thermos.task_id}} {{other}}",
                                             taskID: "t1", instance: 3, ports: ["http": 31_000])
        #expect(text == "curl localhost:31000/3/t1 {{other}}")
    }

    @Test("the run wrapper: cd or a marked 254, then the command quoted under GNU timeout in the login shell")
    func runWrapper() {
        let text = SandboxCommand.run("echo 'hi'", sandbox: "'/s'", timeoutSeconds: 0)
        #expect(text.hasPrefix("cd '/s' 2>/dev/null || { echo 'aurora-gateway: "))
        #expect(text.contains("exit 254; }"))
        #expect(text.hasSuffix(#"exec env -u SSH_CLIENT -u SSH2_CLIENT timeout -k 5 1 "${SHELL:-/bin/sh}" -c 'echo '\''hi'\'''"#))
    }

    @Test("the log script: latest numeric run, quoted names, no symlinks or paths out of the sandbox, one line and byte more than asked")
    func logScript() {
        let text = SandboxCommand.logTail(sandbox: "'/s'", process: "build", stream: "stderr", lines: 20, maxBytes: 1000)
        #expect(text.contains("d=.logs/'build'") && text.contains("sort -n | tail -n 1") && text.contains("exit 253"))
        #expect(text.contains(#"readlink -f -- "$d/$r/"'stderr'"#) && text.contains(#"case "$f" in "$s"/*)"#) && text.contains("[ ! -L "))
        #expect(text.hasSuffix(#"echo '--- aurora-gateway log ---'; tail -n 21 "$f" | tail -c 1001"#))
    }

    @Test("a log tail: the last lines, the first partial line dropped when reading from the middle, truncation said")
    func tails() {
        #expect(LogTail.last(2, of: "a\nb\nc\n", startsAtBeginning: true) == LogTail(text: "b\nc\n", truncated: true))
        #expect(LogTail.last(5, of: "a\nb\n", startsAtBeginning: true) == LogTail(text: "a\nb\n", truncated: false))
        #expect(LogTail.last(5, of: "rtial\nb\nc", startsAtBeginning: false) == LogTail(text: "b\nc", truncated: true))
        #expect(LogTail.last(3, of: "", startsAtBeginning: true) == LogTail(text: "", truncated: false))
        #expect(LogTail.last(2, of: "a\r\nb\r\nc\r\n", startsAtBeginning: false) == LogTail(text: "b\r\nc\r\n", truncated: true))
        #expect(LogTail.last(1, of: "é\n→ ✓\n", startsAtBeginning: true) == LogTail(text: "→ ✓\n", truncated: true))
        #expect(LogTail.last(5, of: [0x61, 0xFF, 0x0A], startsAtBeginning: true) == LogTail(text: "a\u{FFFD}\n", truncated: false))
    }
}
