/// The shell text sent to an agent: the sandbox path as the Aurora client builds it, the command with its mustache
/// variables filled in, a server-side timeout, and the log-tail script. Everything from a caller is single-quoted.
public enum SandboxCommand {
    /// Exit status of the wrapper when the sandbox directory is not on the host.
    public static let sandboxMissing = 254
    /// Exit status of the log script when the process or its log does not exist.
    public static let logMissing = 253
    /// GNU `timeout`'s status when it had to stop the command.
    public static let timedOut = 124

    /// `<slave_root>/slaves/*/frameworks/*/executors/thermos-<taskId>/runs/<slave_run_directory>/sandbox`, globs left
    /// to the remote shell as in the Aurora client, every other part quoted.
    public static func sandboxPath(slaveRoot: String, runDirectory: String, taskID: String) -> String {
        ShellQuote.single(slaveRoot) + "/slaves/*/frameworks/*/executors/" + ShellQuote.single("thermos-" + taskID) + "/runs/" + ShellQuote.single(runDirectory) + "/sandbox"
    }

    /// The Aurora client's substitutions: `{{thermos.task_id}}`, `{{mesos.instance}}`, `{{thermos.ports[name]}}`.
    public static func substitute(_ command: String, taskID: String, instance: Int, ports: [String: Int]) -> String {
        var text = command.replacingOccurrences(of: "{{thermos.task_id}}", with: taskID)
            .replacingOccurrences(of: "{{mesos.instance}}", with: String(instance))
        for (name, port) in ports { text = text.replacingOccurrences(of: "{{thermos.ports[\(name)]}}", with: String(port)) }
        return text
    }

    /// `cd` into the sandbox (254 if it is not there), then the command in the login shell under `timeout`, which
    /// stops the whole process group when time is up (the SSH channel closing would leave it running). The inner shell
    /// runs without `SSH_CLIENT`, so bash does not read `~/.bashrc` a second time: the environment the outer shell set
    /// up is inherited, and a slow `.bashrc` is paid once, as with `aurora task run`.
    public static func run(_ command: String, sandbox: String, timeoutSeconds: Int) -> String {
        "cd \(sandbox) 2>/dev/null || { echo 'aurora-gateway: the task sandbox is not on this host' >&2; exit \(sandboxMissing); }; "
            + "exec env -u SSH_CLIENT -u SSH2_CLIENT timeout -k 5 \(max(1, timeoutSeconds)) \"${SHELL:-/bin/sh}\" -c \(ShellQuote.single(command))"
    }

    /// The line the log script prints before the log, so that anything a login script prints is not taken for it.
    public static let logMarker = "--- aurora-gateway log ---"

    /// Prints `logMarker`, then at most the last `lines + 1` lines (and `maxBytes + 1` bytes) of
    /// `.logs/<process>/<latest run>/<stream>`, so the caller can tell whether more was there; 253 when the process has
    /// no such log, or when the log is a symlink or leads out of the sandbox (task code could point it anywhere).
    public static func logTail(sandbox: String, process: String, stream: String, lines: Int, maxBytes: Int) -> String {
        "cd \(sandbox) 2>/dev/null || exit \(sandboxMissing); s=$(pwd -P); d=.logs/\(ShellQuote.single(process)); [ -d \"$d\" ] || exit \(logMissing); "
            + "r=$(ls -1 \"$d\" | grep -xE '[0-9]+' | sort -n | tail -n 1); [ -n \"$r\" ] || exit \(logMissing); "
            + "f=$(readlink -f -- \"$d/$r/\"\(ShellQuote.single(stream))) || exit \(logMissing); "
            + "case \"$f\" in \"$s\"/*) ;; *) exit \(logMissing) ;; esac; [ -f \"$f\" ] && [ ! -L \"$d/$r/\"\(ShellQuote.single(stream)) ] || exit \(logMissing); "
            + "echo \(ShellQuote.single(logMarker)); tail -n \(lines + 1) \"$f\" | tail -c \(maxBytes + 1)"
    }
}
