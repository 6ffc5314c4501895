#!/usr/bin/env python3
"""A stand-in for the Thermos observer's /logdata endpoint, for the task.logs tests: serves the logs of the sandboxes
under a Mesos agent work directory the way the observer's file browser does (offset -1 = the size, XML-escaped data,
{} for a missing log).

    scripts/fake-thermos-observer.py SLAVE_ROOT        prints "observer listening on http://127.0.0.1:PORT"
"""
import glob, json, os, signal, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

root = sys.argv[1]
# A parent may have started us with SIGTERM blocked or ignored (a test process's thread): stop when asked.
signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
signal.signal(signal.SIGTERM, signal.SIG_DFL)


def log_path(task, process, run, stream):
    sandboxes = glob.glob(os.path.join(root, "slaves", "*", "frameworks", "*", "executors", "thermos-" + task, "runs", "latest", "sandbox"))
    if not sandboxes or stream not in ("stdout", "stderr"):
        return None
    runs_dir = os.path.join(sandboxes[0], ".logs", process)
    runs = sorted(int(r) for r in os.listdir(runs_dir) if r.isdigit()) if os.path.isdir(runs_dir) else []
    if not runs:
        return None
    chosen = runs[int(run) % len(runs)] if run == "-1" else int(run)
    path = os.path.join(runs_dir, str(chosen), stream)
    return path if os.path.isfile(path) else None


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        parts = [urllib.parse.unquote(p) for p in url.path.split("/")[1:]]
        query = urllib.parse.parse_qs(url.query)
        answer = {}
        if len(parts) == 5 and parts[0] == "logdata":
            path = log_path(*parts[1:])
            if path:
                size = os.path.getsize(path)
                offset = int(query.get("offset", ["-1"])[0])
                length = int(query.get("length", ["-1"])[0])
                if offset < 0:
                    answer = {"offset": size, "length": 0}
                else:
                    with open(path, "rb") as f:
                        f.seek(offset)
                        data = f.read() if length < 0 else f.read(length)
                    answer = {"offset": offset, "length": len(data), "data": escape(data.decode("utf-8", "replace"))}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("observer listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
