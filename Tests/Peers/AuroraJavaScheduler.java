// A stand-in Apache Aurora scheduler for interoperability tests.
//
// Requests are decoded with Apache Thrift's own Java TJSONProtocol / TBinaryProtocol and SPNEGO
// is checked with Java's own JGSS, the way the real scheduler does (TContentAwareServlet,
// Kerberos5Realm), so the gateway's Swift client is tested against the reference
// implementations, not only against our Swift simulator. No generated Thrift code: the args
// struct is read generically, value by value, so Java's strict parsing applies to every byte.
//
// Run as a single-file source program (scripts/java-scheduler.sh sets the classpath):
//   java -cp thrift.jar:slf4j-api.jar:slf4j-nop.jar Tests/Peers/AuroraJavaScheduler.java \
//     [--port N] [--cluster NAME] [--keytab FILE --principal HTTP/host@REALM]
//     [--redirect-to URL] [--ready-file FILE] [--verbose]
//
// Endpoints: POST|GET /api (Thrift), GET /sim/last (what Java decoded), GET /leaderhealth.
// With --redirect-to every /api call is a 307 unless it carries Bypass-Leader-Redirect (as Aurora).

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PrivilegedExceptionAction;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;

import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TJSONProtocol;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolException;
import org.apache.thrift.protocol.TSet;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TIOStreamTransport;
import org.apache.thrift.transport.TTransport;

import org.ietf.jgss.GSSContext;
import org.ietf.jgss.GSSCredential;
import org.ietf.jgss.GSSException;
import org.ietf.jgss.GSSManager;
import org.ietf.jgss.Oid;

public final class AuroraJavaScheduler {

  static final String JSON_TYPE = "application/vnd.apache.thrift.json";
  static final String BINARY_TYPE = "application/vnd.apache.thrift.binary";

  // ---------------------------------------------------------------------------------------------
  // Command line

  static final class Options {
    int port = 0;
    String cluster = "build";
    String keytab;
    String principal;
    String redirectTo;
    Path readyFile;
    boolean verbose;

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--port": o.port = Integer.parseInt(value(args, ++i, a)); break;
          case "--cluster": o.cluster = value(args, ++i, a); break;
          case "--keytab": o.keytab = value(args, ++i, a); break;
          case "--principal": o.principal = value(args, ++i, a); break;
          case "--redirect-to": o.redirectTo = stripTrailingSlash(value(args, ++i, a)); break;
          case "--ready-file": o.readyFile = Path.of(value(args, ++i, a)); break;
          case "--verbose": o.verbose = true; break;
          case "-h": case "--help":
            System.out.println("usage: AuroraJavaScheduler [--port N] [--cluster NAME] [--keytab FILE"
                + " --principal HTTP/host@REALM] [--redirect-to URL] [--ready-file FILE] [--verbose]");
            System.exit(0);
            break;
          default: throw new IllegalArgumentException("unknown option " + a);
        }
      }
      if ((o.keytab == null) != (o.principal == null)) {
        throw new IllegalArgumentException("--keytab and --principal go together");
      }
      return o;
    }

    private static String value(String[] args, int i, String option) {
      if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
      return args[i];
    }

    private static String stripTrailingSlash(String s) {
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Content-Type / Accept → protocol (protocol.md §1.1; the servlet compares parsed media types
  // including parameters, so "application/json; charset=utf-8" is NOT accepted).

  enum Wire {
    JSON(JSON_TYPE), BINARY(BINARY_TYPE);

    final String contentType;

    Wire(String contentType) { this.contentType = contentType; }

    TProtocol protocol(TTransport t) {
      return this == JSON ? new TJSONProtocol(t) : new TBinaryProtocol(t);
    }
  }

  static final class MediaTypes {
    private static final Map<String, Wire> REQUEST = Map.of(
        "application/x-thrift", Wire.JSON,
        "application/json", Wire.JSON,
        JSON_TYPE, Wire.JSON,
        JSON_TYPE + ";charset=utf-8", Wire.JSON,
        BINARY_TYPE, Wire.BINARY);

    /** Protocol for a request Content-Type, or null for 415. */
    static Wire forContentType(String header) {
      if (header == null) return Wire.JSON;
      String key = canonical(header);
      return key == null ? null : REQUEST.get(key);
    }

    /** Reply protocol: binary only for exactly the binary media type, TJSON for anything else. */
    static Wire forAccept(String header) {
      return header != null && BINARY_TYPE.equals(canonical(header)) ? Wire.BINARY : Wire.JSON;
    }

    /**
     * "type/subtype;k=v;..." with type, subtype and parameter names lower-cased, the charset value
     * lower-cased, quotes removed and optional whitespace around ';' dropped; null if unparsable
     * (which includes a list of several types).
     */
    static String canonical(String header) {
      String[] parts = header.trim().split(";", -1);
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      int slash = type.indexOf('/');
      if (slash <= 0 || slash == type.length() - 1 || !isToken(type.substring(0, slash))
          || !isToken(type.substring(slash + 1))) {
        return null;
      }
      TreeMap<String, String> params = new TreeMap<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        if (eq <= 0) return null;
        String name = p.substring(0, eq).toLowerCase(Locale.ROOT);
        String value = p.substring(eq + 1);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        } else if (!isToken(value)) {
          return null;
        }
        if (!isToken(name)) return null;
        params.put(name, name.equals("charset") ? value.toLowerCase(Locale.ROOT) : value);
      }
      StringBuilder sb = new StringBuilder(type);
      params.forEach((k, v) -> sb.append(';').append(k).append('=').append(v));
      return sb.toString();
    }

    private static boolean isToken(String s) {
      if (s.isEmpty()) return false;
      for (char c : s.toCharArray()) {
        if (c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) return false;
      }
      return true;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // SPNEGO acceptor (Kerberos5Realm: one credential for SPNEGO + krb5, one acceptSecContext)

  static final class SpnegoAcceptor {
    private final GSSManager manager = GSSManager.getInstance();
    private final GSSCredential credential;

    SpnegoAcceptor(String keytab, String principal) throws Exception {
      // An acceptor-only JAAS login succeeds even when the keytab lacks the principal (or does not
      // exist); the failure would only show on the first request, so check up front.
      KerberosPrincipal service = new KerberosPrincipal(principal);
      KeyTab tab = KeyTab.getInstance(service, new File(keytab));
      if (!tab.exists() || tab.getKeys(service).length == 0) {
        throw new IllegalArgumentException("no keys for " + principal + " in " + keytab);
      }
      Map<String, String> options = new HashMap<>();
      options.put("useKeyTab", "true");
      options.put("keyTab", keytab);
      options.put("principal", principal);
      options.put("storeKey", "true");
      options.put("isInitiator", "false");
      options.put("doNotPrompt", "true");
      AppConfigurationEntry entry = new AppConfigurationEntry(
          "com.sun.security.auth.module.Krb5LoginModule",
          AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
      Configuration jaas = new Configuration() {
        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
          return new AppConfigurationEntry[] {entry};
        }
      };
      LoginContext login = new LoginContext("aurora-java-scheduler", null, null, jaas);
      login.login();
      Oid spnego = new Oid("1.3.6.1.5.5.2");
      Oid krb5 = new Oid("1.2.840.113554.1.2.2");
      credential = Subject.doAs(login.getSubject(),
          (PrivilegedExceptionAction<GSSCredential>) () -> manager.createCredential(
              null, GSSCredential.INDEFINITE_LIFETIME, new Oid[] {spnego, krb5},
              GSSCredential.ACCEPT_ONLY));
    }

    /** The client's principal, or null when the token does not establish a context at once. */
    String accept(byte[] token) {
      GSSContext context = null;
      try {
        context = manager.createContext(credential);
        context.acceptSecContext(token, 0, token.length);
        if (!context.isEstablished()) return null;
        return new KerberosPrincipal(context.getSrcName().toString()).getName();
      } catch (GSSException | IllegalArgumentException e) {
        Log.info("SPNEGO rejected: " + e.getMessage());
        return null;
      } finally {
        if (context != null) {
          try { context.dispose(); } catch (GSSException ignored) { }
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Generic Thrift reading: every value is read with the protocol's own read method and copied to
  // a TJSON writer, which gives a canonical dump of what Java decoded whatever the input protocol.

  static final class GenericReader {
    private static final int MAX_DEPTH = 64;

    static void copyStruct(TProtocol in, TProtocol out, int depth) throws TException {
      checkDepth(depth);
      TStruct struct = in.readStructBegin();
      out.writeStructBegin(struct);
      while (true) {
        TField field = in.readFieldBegin();
        if (field.type == TType.STOP) break;
        out.writeFieldBegin(field);
        copyValue(in, out, field.type, depth + 1);
        in.readFieldEnd();
        out.writeFieldEnd();
      }
      in.readStructEnd();
      out.writeFieldStop();
      out.writeStructEnd();
    }

    static void copyValue(TProtocol in, TProtocol out, byte type, int depth) throws TException {
      checkDepth(depth);
      switch (type) {
        case TType.BOOL: out.writeBool(in.readBool()); break;
        case TType.BYTE: out.writeByte(in.readByte()); break;
        case TType.I16: out.writeI16(in.readI16()); break;
        case TType.I32: out.writeI32(in.readI32()); break;
        case TType.I64: out.writeI64(in.readI64()); break;
        case TType.DOUBLE: out.writeDouble(in.readDouble()); break;
        case TType.STRING: out.writeString(in.readString()); break;
        case TType.STRUCT: copyStruct(in, out, depth); break;
        case TType.LIST: {
          TList list = in.readListBegin();
          out.writeListBegin(list);
          for (int i = 0; i < list.size; i++) copyValue(in, out, list.elemType, depth + 1);
          in.readListEnd();
          out.writeListEnd();
          break;
        }
        case TType.SET: {
          TSet set = in.readSetBegin();
          out.writeSetBegin(set);
          for (int i = 0; i < set.size; i++) copyValue(in, out, set.elemType, depth + 1);
          in.readSetEnd();
          out.writeSetEnd();
          break;
        }
        case TType.MAP: {
          TMap map = in.readMapBegin();
          out.writeMapBegin(map);
          for (int i = 0; i < map.size; i++) {
            copyValue(in, out, map.keyType, depth + 1);
            copyValue(in, out, map.valueType, depth + 1);
          }
          in.readMapEnd();
          out.writeMapEnd();
          break;
        }
        default: throw new TProtocolException(TProtocolException.INVALID_DATA, "unknown type " + type);
      }
    }

    private static void checkDepth(int depth) throws TProtocolException {
      if (depth > MAX_DEPTH) {
        throw new TProtocolException(TProtocolException.DEPTH_LIMIT, "nesting deeper than " + MAX_DEPTH);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Replies, written field by field with the Java protocol writer (ascending ids like the server).

  interface Body {
    void write() throws TException;
  }

  static final class Replies {
    private final String cluster;

    Replies(String cluster) { this.cluster = cluster; }

    /** Writes the reply for a decoded call; unknown methods get a TApplicationException. */
    void write(TProtocol p, TMessage call) throws TException {
      Body result;
      switch (call.name) {
        case "getRoleSummary":
          // Result union field 17 roleSummaryResult {1: set<RoleSummary>}
          result = () -> field(p, 17, TType.STRUCT, () -> struct(p, () ->
              field(p, 1, TType.SET, () -> {
                p.writeSetBegin(new TSet(TType.STRUCT, 1));
                struct(p, () -> {
                  field(p, 1, TType.STRING, () -> p.writeString("mesostest"));
                  field(p, 2, TType.I32, () -> p.writeI32(1));
                  field(p, 3, TType.I32, () -> p.writeI32(0));
                });
                p.writeSetEnd();
              })));
          break;
        case "getJobSummary":
          // Result union field 18 jobSummaryResult {1: set<JobSummary>} (empty)
          result = () -> field(p, 18, TType.STRUCT, () -> struct(p, () ->
              field(p, 1, TType.SET, () -> {
                p.writeSetBegin(new TSet(TType.STRUCT, 0));
                p.writeSetEnd();
              })));
          break;
        case "getTierConfigs":
          result = null;
          break;
        default:
          p.writeMessageBegin(new TMessage(call.name, TMessageType.EXCEPTION, call.seqid));
          new TApplicationException(TApplicationException.UNKNOWN_METHOD,
              "Invalid method name: '" + call.name + "'").write(p);
          p.writeMessageEnd();
          return;
      }
      p.writeMessageBegin(new TMessage(call.name, TMessageType.REPLY, call.seqid));
      struct(p, () -> field(p, 0, TType.STRUCT, () -> okResponse(p, result)));
      p.writeMessageEnd();
    }

    /** Response{1 responseCode OK, 3 result?, 5 serverInfo, 6 details []}. */
    private void okResponse(TProtocol p, Body result) throws TException {
      struct(p, () -> {
        field(p, 1, TType.I32, () -> p.writeI32(1));
        if (result != null) field(p, 3, TType.STRUCT, () -> struct(p, result));
        field(p, 5, TType.STRUCT, () -> struct(p, () -> {
          field(p, 1, TType.STRING, () -> p.writeString(cluster));
          field(p, 3, TType.STRING, () -> p.writeString(""));
        }));
        field(p, 6, TType.LIST, () -> {
          p.writeListBegin(new TList(TType.STRUCT, 0));
          p.writeListEnd();
        });
      });
    }

    private static void struct(TProtocol p, Body fields) throws TException {
      p.writeStructBegin(new TStruct(""));
      fields.write();
      p.writeFieldStop();
      p.writeStructEnd();
    }

    private static void field(TProtocol p, int id, byte type, Body value) throws TException {
      p.writeFieldBegin(new TField("", type, (short) id));
      value.write();
      p.writeFieldEnd();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // What the last request looked like, for GET /sim/last.

  static final class LastCall {
    final AtomicLong apiRequests = new AtomicLong();
    final AtomicLong decoded = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    private String method;
    private int messageType;
    private int seqid;
    private String wire;
    private String contentType;
    private String accept;
    private String principal;
    private String args;
    private String lastError;

    synchronized void decoded(TMessage msg, Wire w, String contentType, String accept,
        String principal, String args) {
      decoded.incrementAndGet();
      this.method = msg.name;
      this.messageType = msg.type;
      this.seqid = msg.seqid;
      this.wire = w.name().toLowerCase(Locale.ROOT);
      this.contentType = contentType;
      this.accept = accept;
      this.principal = principal;
      this.args = args;
      this.lastError = null;
    }

    /** A decode failure; the fields of the last successful decode are kept. */
    synchronized void failed(String error) {
      failed.incrementAndGet();
      this.lastError = error;
    }

    synchronized String toJson() {
      StringBuilder sb = new StringBuilder("{");
      sb.append("\"requests\":").append(apiRequests.get());
      sb.append(",\"decoded\":").append(decoded.get());
      sb.append(",\"failed\":").append(failed.get());
      sb.append(",\"method\":").append(Json.str(method));
      sb.append(",\"messageType\":").append(method == null ? "null" : messageType);
      sb.append(",\"seqid\":").append(method == null ? "null" : seqid);
      sb.append(",\"protocol\":").append(Json.str(wire));
      sb.append(",\"contentType\":").append(Json.str(contentType));
      sb.append(",\"accept\":").append(Json.str(accept));
      sb.append(",\"principal\":").append(Json.str(principal));
      // Aurora's subject name: the principal without "@REALM" (Kerberos5Realm)
      sb.append(",\"subject\":").append(Json.str(principal == null ? null : principal.split("@", 2)[0]));
      // The args struct as Java's TJSONProtocol writes it: valid JSON, embedded as is
      sb.append(",\"args\":").append(args == null ? "null" : args);
      sb.append(",\"argsText\":").append(Json.str(args));
      sb.append(",\"lastError\":").append(Json.str(lastError));
      return sb.append("}\n").toString();
    }
  }

  static final class Json {
    static String str(String s) {
      if (s == null) return "null";
      StringBuilder sb = new StringBuilder("\"");
      for (char c : s.toCharArray()) {
        switch (c) {
          case '"': sb.append("\\\""); break;
          case '\\': sb.append("\\\\"); break;
          case '\n': sb.append("\\n"); break;
          case '\r': sb.append("\\r"); break;
          case '\t': sb.append("\\t"); break;
          default:
            if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
      }
      return sb.append('"').toString();
    }
  }

  static final class Log {
    static volatile boolean verbose;

    static void info(String message) {
      if (verbose) System.err.println("[java-scheduler] " + message);
    }

    static void error(String message) {
      System.err.println("[java-scheduler] " + message);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // HTTP

  static final class Server {
    private final Options options;
    private final SpnegoAcceptor acceptor;
    private final Replies replies;
    private final LastCall last = new LastCall();

    Server(Options options, SpnegoAcceptor acceptor) {
      this.options = options;
      this.acceptor = acceptor;
      this.replies = new Replies(options.cluster);
    }

    HttpServer start() throws IOException {
      HttpServer http = HttpServer.create(
          new InetSocketAddress(InetAddress.getByName("127.0.0.1"), options.port), 128);
      http.createContext("/api", ex -> handle(ex, this::api));
      http.createContext("/sim/last", ex -> handle(ex, e ->
          send(e, 200, "application/json", last.toJson().getBytes(StandardCharsets.UTF_8))));
      http.createContext("/leaderhealth", ex -> handle(ex, e -> {
        boolean leader = options.redirectTo == null;
        send(e, leader ? 200 : 503, "text/plain; charset=utf-8",
            (leader ? "OK\n" : "not the leader\n").getBytes(StandardCharsets.UTF_8));
      }));
      http.createContext("/", ex -> handle(ex, e -> send(e, 404, "text/plain; charset=utf-8",
          "not found\n".getBytes(StandardCharsets.UTF_8))));
      http.setExecutor(Executors.newFixedThreadPool(16));
      http.start();
      return http;
    }

    interface Handler {
      void handle(HttpExchange ex) throws IOException;
    }

    private void handle(HttpExchange ex, Handler h) {
      long start = System.nanoTime();
      try {
        h.handle(ex);
      } catch (Throwable t) {
        Log.error("handler failed: " + t);
        try { send(ex, 500, "text/plain; charset=utf-8", String.valueOf(t).getBytes(StandardCharsets.UTF_8)); }
        catch (IOException ignored) { }
      } finally {
        Log.info(String.format("%s %s -> %d (%.1f ms)", ex.getRequestMethod(), ex.getRequestURI(),
            ex.getResponseCode(), (System.nanoTime() - start) / 1e6));
        ex.close();
      }
    }

    private void api(HttpExchange ex) throws IOException {
      last.apiRequests.incrementAndGet();
      String bypass = ex.getRequestHeaders().getFirst("Bypass-Leader-Redirect");
      if (options.redirectTo != null && bypass == null) {
        String query = ex.getRequestURI().getRawQuery();
        ex.getResponseHeaders().set("Location", options.redirectTo + "/api" + (query == null ? "" : "?" + query));
        send(ex, 307, null, null);
        return;
      }

      String principal = null;
      if (acceptor != null) {
        String authorization = ex.getRequestHeaders().getFirst("Authorization");
        if (authorization == null) {
          challenge(ex);
          return;
        }
        // AuthorizeHeaderToken: split on single spaces, exactly "Negotiate" and one base64 part
        String[] parts = authorization.split(" ", -1);
        byte[] token;
        try {
          if (parts.length != 2 || !parts[0].equals("Negotiate")) throw new IllegalArgumentException();
          token = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
          Log.info("malformed Authorization header");
          send(ex, 400, "text/plain; charset=utf-8", "Malformed Authorization header\n".getBytes(StandardCharsets.UTF_8));
          return;
        }
        principal = acceptor.accept(token);
        if (principal == null) {
          challenge(ex);
          return;
        }
      }

      String contentType = ex.getRequestHeaders().getFirst("Content-Type");
      Wire in = MediaTypes.forContentType(contentType);
      if (in == null) {
        send(ex, 415, "text/plain; charset=utf-8",
            ("Unsupported Content-Type: " + contentType).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String accept = ex.getRequestHeaders().getFirst("Accept");
      Wire out = MediaTypes.forAccept(accept);

      byte[] body = ex.getRequestBody().readAllBytes();
      byte[] reply;
      try {
        // A stream transport like the servlet's (TIOStreamTransport over the request): a memory
        // transport would take TBinaryProtocol's buffered fast paths, which validate differently.
        TProtocol reader = in.protocol(new TIOStreamTransport(new ByteArrayInputStream(body)));
        TMemoryBuffer dumpBuffer = new TMemoryBuffer(Math.max(64, body.length * 2));
        TProtocol dump = new TJSONProtocol(dumpBuffer);
        TMessage call = reader.readMessageBegin();
        GenericReader.copyStruct(reader, dump, 0);
        reader.readMessageEnd();
        last.decoded(call, in, contentType, accept, principal, dumpBuffer.toString(StandardCharsets.UTF_8));
        Log.info("decoded " + call.name + " (" + in + ", principal " + principal + ")");

        TMemoryBuffer replyBuffer = new TMemoryBuffer(256);
        replies.write(out.protocol(replyBuffer), call);
        reply = Arrays.copyOf(replyBuffer.getArray(), replyBuffer.length());
      } catch (TException | RuntimeException e) {
        String message = e.getClass().getSimpleName() + ": " + e.getMessage();
        last.failed(message);
        Log.error("request failed: " + message);
        send(ex, 500, "text/plain; charset=utf-8", message.getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(ex, 200, out.contentType, reply);
    }

    private static void challenge(HttpExchange ex) throws IOException {
      ex.getResponseHeaders().set("WWW-Authenticate", "Negotiate");
      send(ex, 401, "text/plain; charset=utf-8", "Unauthorized\n".getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
      if (contentType != null) ex.getResponseHeaders().set("Content-Type", contentType);
      // length -1 means "no body"; 0 would mean chunked
      ex.sendResponseHeaders(status, body == null || body.length == 0 ? -1 : body.length);
      if (body != null && body.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(body);
        }
      }
    }
  }

  // ---------------------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("AuroraJavaScheduler: " + e.getMessage());
      System.exit(2);
      return;
    }
    Log.verbose = options.verbose;
    // The JDK server otherwise waits for delayed ACKs on small replies (Nagle).
    System.setProperty("sun.net.httpserver.nodelay", "true");

    SpnegoAcceptor acceptor = null;
    if (options.keytab != null) {
      String krb5Config = System.getenv("KRB5_CONFIG");
      if (krb5Config != null && !krb5Config.isEmpty()) {
        // MIT allows a ':'-separated list; Java takes one file
        System.setProperty("java.security.krb5.conf", krb5Config.split(":")[0]);
      }
      System.setProperty("sun.security.krb5.disableReferrals", "true");
      try {
        acceptor = new SpnegoAcceptor(options.keytab, options.principal);
      } catch (Exception e) {
        System.err.println("AuroraJavaScheduler: Kerberos login as " + options.principal + " with "
            + options.keytab + " failed: " + e);
        System.exit(1);
      }
    }

    HttpServer http = new Server(options, acceptor).start();
    int port = http.getAddress().getPort();
    if (options.readyFile != null) {
      Path tmp = options.readyFile.resolveSibling(options.readyFile.getFileName() + ".tmp");
      Files.writeString(tmp, port + "\n");
      Files.move(tmp, options.readyFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
    System.out.println("listening on http://127.0.0.1:" + port);
    System.out.flush();
  }
}
