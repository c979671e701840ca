"""A feed server for the tests and the benchmark, on 127.0.0.1 (port 0: the one it gets is
printed first). Atom with an ETag (a 304 when it matches), RSS with Last-Modified and dates in
several formats, a slow answer, a body of 200 MB, a redirect loop, a 404, invalid XML, an
entity bomb, a page that names its feed, and /feed/N.xml for the benchmark. /stats says how
often each path was asked for."""
import collections, json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

counts = collections.Counter()
lock = threading.Lock()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Ada</title>
<entry><title type="html">How we &lt;em&gt;onboard&lt;/em&gt;</title><link href="https://ada.example.org/onboard"/>
<published>{recent}</published></entry>
<entry><title>Older notes</title><link href="https://ada.example.org/older"/><updated>2026-01-05T08:00:00Z</updated></entry>
</feed>"""

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>Grace</title>
<item><title>Bugs &amp;amp; moths &amp;#x1b;[31m&lt;script&gt;alert(1)&lt;/script&gt;</title><link>https://grace.example/bugs</link>
<pubDate>Tue, 01 Dec 2026 09:30:00 GMT</pubDate></item>
<item><title>Compilers</title><link>https://grace.example/c</link><pubDate>Tuesday, 17-Nov-26 10:00:00 EST</pubDate></item>
</channel></rss>"""

BOMB = """<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY l1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY l2 "&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;&l1;"><!ENTITY l3 "&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;&l2;">
<!ENTITY l4 "&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;&l3;"><!ENTITY l5 "&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;&l4;">
<!ENTITY l6 "&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;&l5;"><!ENTITY l7 "&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;&l6;">
<!ENTITY l8 "&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;&l7;"><!ENTITY l9 "&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;&l8;">]>
<rss><channel><item><title>&l9;</title></item></channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, code, body=b"", headers=()):
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        path = self.path.split("?")[0]
        with lock:
            counts[path] += 1
        recent = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 2 * 86400))
        if path == "/stats":
            return self.send(200, json.dumps(counts).encode())
        if path == "/atom.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, headers=[("ETag", '"v1"')])
            return self.send(200, ATOM.format(recent=recent).encode(), [("ETag", '"v1"'), ("Content-Type", "application/atom+xml")])
        if path == "/rss.xml":
            stamp = "Tue, 01 Dec 2026 10:00:00 GMT"
            if self.headers.get("If-Modified-Since") == stamp:
                return self.send(304)
            return self.send(200, RSS.encode(), [("Last-Modified", stamp), ("Content-Type", "application/rss+xml")])
        if path == "/slow.xml":
            time.sleep(float(sys.argv[1]) if len(sys.argv) > 1 else 60)
            return self.send(200, ATOM.format(recent=recent).encode())
        if path == "/huge.xml":
            self.send_response(200)
            self.send_header("Content-Length", str(200 << 20))
            self.end_headers()
            chunk = b"<rss><channel>" + b"x" * 65522
            try:
                for _ in range(3200):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/endless.xml":
            # No length, no end: the body goes on until the client stops reading.
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<rss><channel>" + b"y" * 65522
            try:
                for _ in range(3200):
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            self.close_connection = True
            return
        if path == "/loop":
            return self.send(302, headers=[("Location", "/loop2")])
        if path == "/loop2":
            return self.send(302, headers=[("Location", "/loop")])
        if path == "/invalid.xml":
            return self.send(200, b"<rss><channel><item><title>cut short</title></channel>")
        if path == "/bomb.xml":
            return self.send(200, BOMB.encode())
        if path == "/page.html":
            return self.send(200, b'<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>Hi</body></html>')
        if path.startswith("/feed/") and path.endswith(".xml"):
            n = path[6:-4]
            if self.headers.get("If-None-Match") == '"%s"' % n:
                return self.send(304, headers=[("ETag", '"%s"' % n)])
            entries = "".join('<entry><title>Post %d of %s</title><link href="https://example.org/%s/%d"/><published>2026-11-%02dT10:00:00Z</published></entry>'
                              % (i, n, n, i, 1 + i % 28) for i in range(20))
            return self.send(200, ('<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title>%s</feed>' % (n, entries)).encode(),
                             [("ETag", '"%s"' % n)])
        self.send(404, b"not here")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
