#!/usr/bin/env python3
"""What a user without the gateway would write: Aurora's Thrift API over HTTP with Apache Thrift's TJSON protocol
(the `thrift` package), `requests`, and `requests-gssapi` for SPNEGO on writes (reads go without it, as Aurora's
client sends them). Used by bench/compare as the "direct Python" comparison.

  python_client.py --url URL --call jobs|tasks|create --seconds S --threads N   long-lived: rate, p50, p99, p99.9 (µs)
  python_client.py --url URL --call jobs|tasks|create --once                    one call, as `aurora job …` does per action

Writes need a Kerberos ticket cache (KRB5CCNAME) and --executor-data (a Thermos JSON the scheduler accepts, whose job
name is `pytemplate000000`). Every loop is bounded by --seconds and by 1,000,000 calls; it only talks to --url.
"""
import argparse
import itertools
import sys
import threading
import time

import requests
from thrift.protocol import TJSONProtocol
from thrift.Thrift import TMessageType, TType
from thrift.transport import TTransport

CONTENT_TYPE = "application/vnd.apache.thrift.json"
TEMPLATE_NAME = "pytemplate000000"
ACTIVE = [0, 1, 2, 3, 6, 9, 10, 13, 17]  # INIT PENDING ASSIGNED STARTING RUNNING RESTARTING KILLING DRAINING PARTITIONED


def job_key(out, role, env, name):
    out.writeStructBegin("JobKey")
    for fid, value in ((1, role), (2, env), (3, name)):
        out.writeFieldBegin("", TType.STRING, fid)
        out.writeString(value)
        out.writeFieldEnd()
    out.writeFieldStop()
    out.writeStructEnd()


def identity(out, user):
    out.writeStructBegin("Identity")
    out.writeFieldBegin("", TType.STRING, 2)
    out.writeString(user)
    out.writeFieldEnd()
    out.writeFieldStop()
    out.writeStructEnd()


def field(out, ttype, fid, write):
    out.writeFieldBegin("", ttype, fid)
    write()
    out.writeFieldEnd()


def job_configuration(out, role, env, name, executor_data):
    out.writeStructBegin("JobConfiguration")
    field(out, TType.STRUCT, 9, lambda: job_key(out, role, env, name))
    field(out, TType.STRUCT, 7, lambda: identity(out, role))
    field(out, TType.I32, 5, lambda: out.writeI32(0))  # KILL_EXISTING

    def task():
        out.writeStructBegin("TaskConfig")
        field(out, TType.STRUCT, 28, lambda: job_key(out, role, env, name))
        field(out, TType.STRUCT, 17, lambda: identity(out, role))
        field(out, TType.BOOL, 7, lambda: out.writeBool(False))
        field(out, TType.I32, 11, lambda: out.writeI32(0))
        field(out, TType.I32, 13, lambda: out.writeI32(1))
        field(out, TType.BOOL, 18, lambda: out.writeBool(False))

        def resources():
            out.writeSetBegin(TType.STRUCT, 3)
            for fid, ttype, value in ((1, TType.DOUBLE, 0.1), (2, TType.I64, 16), (3, TType.I64, 16)):
                out.writeStructBegin("Resource")
                field(out, ttype, fid, lambda: out.writeDouble(value) if ttype == TType.DOUBLE else out.writeI64(value))
                out.writeFieldStop()
                out.writeStructEnd()
            out.writeSetEnd()
        field(out, TType.SET, 32, resources)
        field(out, TType.SET, 20, lambda: (out.writeSetBegin(TType.STRUCT, 0), out.writeSetEnd()))

        def executor():
            out.writeStructBegin("ExecutorConfig")
            field(out, TType.STRING, 1, lambda: out.writeString("AuroraExecutor"))
            field(out, TType.STRING, 2, lambda: out.writeString(executor_data.replace(TEMPLATE_NAME, name)))
            out.writeFieldStop()
            out.writeStructEnd()
        field(out, TType.STRUCT, 25, executor)
        field(out, TType.SET, 27, lambda: (out.writeSetBegin(TType.STRUCT, 0), out.writeSetEnd()))

        def container():
            out.writeStructBegin("Container")
            field(out, TType.STRUCT, 1, lambda: (out.writeStructBegin("MesosContainer"), out.writeFieldStop(), out.writeStructEnd()))
            out.writeFieldStop()
            out.writeStructEnd()
        field(out, TType.STRUCT, 29, container)
        out.writeFieldStop()
        out.writeStructEnd()
    field(out, TType.STRUCT, 6, task)
    field(out, TType.I32, 8, lambda: out.writeI32(1))
    out.writeFieldStop()
    out.writeStructEnd()


def encode(method, write_args):
    buffer = TTransport.TMemoryBuffer()
    out = TJSONProtocol.TJSONProtocol(buffer)
    out.writeMessageBegin(method, TMessageType.CALL, 0)
    out.writeStructBegin(method + "_args")
    write_args(out)
    out.writeFieldStop()
    out.writeStructEnd()
    out.writeMessageEnd()
    return buffer.getvalue()


def decode(body):
    """Reads the whole reply with the Thrift library (as generated code would) and returns Aurora's responseCode."""
    protocol = TJSONProtocol.TJSONProtocol(TTransport.TMemoryBuffer(body))
    protocol.readMessageBegin()
    protocol.readStructBegin()
    code = None
    while True:
        _, ftype, fid = protocol.readFieldBegin()
        if ftype == TType.STOP:
            break
        if fid == 0 and ftype == TType.STRUCT:
            protocol.readStructBegin()
            while True:
                _, rtype, rid = protocol.readFieldBegin()
                if rtype == TType.STOP:
                    break
                if rid == 1 and rtype == TType.I32:
                    code = protocol.readI32()
                else:
                    protocol.skip(rtype)
                protocol.readFieldEnd()
            protocol.readStructEnd()
        else:
            protocol.skip(ftype)
        protocol.readFieldEnd()
    protocol.readStructEnd()
    protocol.readMessageEnd()
    return code


class Client:
    def __init__(self, url, executor_data=None, spn_host="localhost"):
        self.url = url
        self.session = requests.Session()
        self.executor_data = executor_data
        self.auth = None
        self.spn_host = spn_host
        self.names = itertools.count()
        self.prefix = f"py{int(time.time() * 1000) % 10**8:08d}{threading.get_ident() % 10**4:04d}"

    def writer_auth(self):
        if self.auth is None:
            import gssapi
            from requests_gssapi import DISABLED, HTTPSPNEGOAuth
            self.auth = HTTPSPNEGOAuth(target_name=gssapi.Name(f"HTTP@{self.spn_host}", gssapi.NameType.hostbased_service),
                                       mutual_authentication=DISABLED, opportunistic_auth=True)
        return self.auth

    def post(self, body, auth=None):
        response = self.session.post(self.url, data=body, auth=auth, timeout=30,
                                     headers={"Content-Type": CONTENT_TYPE, "Accept": CONTENT_TYPE})
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code}: {response.text[:200]}")
        code = decode(response.content)
        if code != 1:  # ResponseCode.OK
            raise RuntimeError(f"responseCode {code}")

    def call(self, kind):
        if kind == "jobs":
            self.post(encode("getJobSummary", lambda out: field(out, TType.STRING, 1, lambda: out.writeString("mesostest"))))
        elif kind == "tasks":
            def query(out):
                out.writeStructBegin("TaskQuery")
                field(out, TType.SET, 11, lambda: (out.writeSetBegin(TType.STRUCT, 1), job_key(out, "mesostest", "devel", "bench"), out.writeSetEnd()))
                field(out, TType.SET, 5, lambda: (out.writeSetBegin(TType.I32, len(ACTIVE)), [out.writeI32(s) for s in ACTIVE], out.writeSetEnd()))
                out.writeFieldStop()
                out.writeStructEnd()
            self.post(encode("getTasksWithoutConfigs", lambda out: field(out, TType.STRUCT, 1, lambda: query(out))))
        else:
            name = f"{self.prefix}{next(self.names):06d}"
            auth = self.writer_auth()
            self.post(encode("createJob", lambda out: field(out, TType.STRUCT, 1,
                                                              lambda: job_configuration(out, "mesostest", "devel", name, self.executor_data))), auth)


def percentile(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * p / 100))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--call", choices=["jobs", "tasks", "create"], required=True)
    parser.add_argument("--seconds", type=float, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--once", action="store_true")
    parser.add_argument("--executor-data")
    args = parser.parse_args()
    data = open(args.executor_data).read() if args.executor_data else None
    if args.once:
        Client(args.url, data).call(args.call)
        return
    deadline = time.monotonic() + args.seconds
    latencies, errors, lock = [], [], threading.Lock()

    def worker():
        client, own = Client(args.url, data), []
        while time.monotonic() < deadline and len(own) < 1_000_000:
            started = time.perf_counter()
            try:
                client.call(args.call)
            except Exception as error:  # reported, and the run fails
                with lock:
                    errors.append(str(error))
                return
            own.append((time.perf_counter() - started) * 1e6)
        with lock:
            latencies.extend(own)
    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(args.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if errors or not latencies:
        print(f"python client failed: {errors[:1]}", file=sys.stderr)
        sys.exit(1)
    latencies.sort()
    print(f"{len(latencies) / elapsed:.0f} {percentile(latencies, 50):.0f} {percentile(latencies, 99):.0f} {percentile(latencies, 99.9):.0f}")


if __name__ == "__main__":
    main()
