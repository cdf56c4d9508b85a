#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""A publisher on 127.0.0.1 for tests/cli/update.sh: files, a fake data.gouv.fr API, faults.

    update_server.py ROOT PORTFILE LOGFILE

Listens on a free port of 127.0.0.1 only, written to PORTFILE once ready.
Every request is logged to LOGFILE as one line:
    GET PATH STATUS range=R if-none-match=E if-modified-since=D

/api/1/datasets/SLUG/ answers ROOT/api/SLUG.json with {base} replaced by
this server's http://127.0.0.1:PORT. /MODE/NAME serves ROOT/files/NAME:
  f         the file, with ETag and Last-Modified; 304 when the request's
            If-None-Match or If-Modified-Since says it is unchanged; Range
            (with If-Range) answered 206
  404, 500  that status
  cut       a Content-Length of the whole file, half the body, then the
            connection closed
  cutonce   cut the first time the path is asked, whole (or the Range) after
  html      an HTML page, Content-Type text/html, status 200
  slow      half the body, then nothing for 60 s
  trickle   the body in ten parts, 0.15 s apart (for the progress line)
  redirect  302 to /f/NAME
"""
import email.utils
import hashlib
import http.server
import os
import socketserver
import sys
import threading
import time

ROOT, PORTFILE, LOGFILE = sys.argv[1:4]
LOCK = threading.Lock()
SEEN = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'

    def log_message(self, *args):
        pass

    def log(self, status):
        h = self.headers
        with LOCK, open(LOGFILE, 'a') as f:
            f.write('%s %s %d range=%s if-none-match=%s if-modified-since=%s\n' % (
                self.command, self.path, status, h.get('Range', '-'),
                h.get('If-None-Match', '-'), h.get('If-Modified-Since', '-')))

    def send(self, status, body=b'', ctype='application/octet-stream', extra=()):
        self.log(status)
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split('/')
        if self.path.startswith('/api/1/datasets/') and len(parts) >= 5:
            path = os.path.join(ROOT, 'api', parts[4] + '.json')
            if not os.path.exists(path):
                return self.send(404, b'{"message": "dataset not found"}', 'application/json')
            base = 'http://127.0.0.1:%d' % self.server.server_address[1]
            with open(path) as f:
                body = f.read().replace('{base}', base).encode()
            return self.send(200, body, 'application/json')
        if len(parts) != 3:
            return self.send(404, b'no such path', 'text/plain')
        mode, name = parts[1], parts[2]
        path = os.path.join(ROOT, 'files', name)
        if not os.path.exists(path):
            return self.send(404, b'no such file', 'text/plain')
        with open(path, 'rb') as f:
            data = f.read()
        etag = '"%s"' % hashlib.sha256(data).hexdigest()[:16]
        mtime = email.utils.formatdate(os.path.getmtime(path), usegmt=True)
        validators = (('ETag', etag), ('Last-Modified', mtime), ('Accept-Ranges', 'bytes'))
        if mode == '404':
            return self.send(404, b'<html>not found</html>', 'text/html')
        if mode == '500':
            return self.send(500, b'internal error', 'text/plain')
        if mode == 'html':
            return self.send(200, b'<!DOCTYPE html><html><body>Connexion</body></html>', 'text/html; charset=utf-8')
        if mode == 'redirect':
            self.log(302)
            self.send_response(302)
            self.send_header('Location', '/f/' + name)
            self.send_header('Content-Length', '0')
            self.end_headers()
            return
        with LOCK:
            SEEN[self.path] = SEEN.get(self.path, 0) + 1
            first = SEEN[self.path] == 1
        if mode in ('cut', 'slow') or (mode == 'cutonce' and first):
            self.log(200)
            self.send_response(200)
            self.send_header('Content-Type', 'application/octet-stream')
            self.send_header('Content-Length', str(len(data)))
            for k, v in validators:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data[:len(data) // 2])
            self.wfile.flush()
            if mode == 'slow':
                time.sleep(60)
            self.close_connection = True
            return
        if mode == 'trickle':
            self.log(200)
            self.send_response(200)
            self.send_header('Content-Type', 'application/octet-stream')
            self.send_header('Content-Length', str(len(data)))
            for k, v in validators:
                self.send_header(k, v)
            self.end_headers()
            step = len(data) // 10 + 1
            for i in range(0, len(data), step):
                self.wfile.write(data[i:i + step])
                self.wfile.flush()
                time.sleep(0.15)
            return
        if mode not in ('f', 'cutonce'):
            return self.send(404, b'no such mode', 'text/plain')
        inm = self.headers.get('If-None-Match')
        ims = self.headers.get('If-Modified-Since')
        if (inm is not None and inm == etag) or (inm is None and ims == mtime):
            self.log(304)
            self.send_response(304)
            for k, v in validators:
                self.send_header(k, v)
            self.end_headers()
            return
        rng = self.headers.get('Range')
        if rng and rng.startswith('bytes=') and self.headers.get('If-Range') in (None, etag, mtime):
            start = int(rng[6:].split('-')[0])
            if start >= len(data):
                return self.send(416, b'', 'text/plain')
            return self.send(206, data[start:], 'application/octet-stream', validators + (
                ('Content-Range', 'bytes %d-%d/%d' % (start, len(data) - 1, len(data))),))
        return self.send(200, data, 'application/octet-stream', validators)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


def main():
    server = Server(('127.0.0.1', 0), Handler)
    tmp = PORTFILE + '.tmp'
    with open(tmp, 'w') as f:
        f.write('%d\n' % server.server_address[1])
    os.rename(tmp, PORTFILE)
    server.serve_forever()


main()
