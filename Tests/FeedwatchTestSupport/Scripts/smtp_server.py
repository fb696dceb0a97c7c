#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd, from PyPI) on 127.0.0.1 for feedwatch's tests.

Prints the bound port on the first line of stdout, then serves until killed. Every accepted message is
written to --spool as NNNN.eml (the raw DATA) with NNNN.json beside it (envelope sender, recipients,
authenticated user). The reply to DATA can be changed while running: if --spool/.reply exists, its
first line (e.g. "550 5.7.1 rejected" or "451 4.3.0 try later") is sent instead of accepting.
With --auth USER:PASSWORD, AUTH PLAIN/LOGIN is offered (over plain loopback, for the test only) and
required before MAIL. With --tls starttls (STARTTLS offered and required) or --tls implicit (TLS from
the first byte, as smtps://), a self-signed certificate for localhost and 127.0.0.1 is made with the
openssl command and written to --spool/cert.pem, for the client to trust as its CA file.
"""
import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class SpoolHandler:
    def __init__(self, spool):
        self.spool = spool
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        reply_file = os.path.join(self.spool, ".reply")
        if os.path.exists(reply_file):
            with open(reply_file) as f:
                return f.readline().strip()
        self.count += 1
        base = os.path.join(self.spool, "%04d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        with open(base + ".json", "w") as f:
            json.dump({
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "auth_user": session.auth_data.login.decode() if session.auth_data else None,
                "tls": server.transport.get_extra_info("ssl_object") is not None,
            }, f)
        os.rename(base + ".eml.tmp", base + ".eml")  # the .eml appears only once complete
        return "250 2.0.0 Message accepted"


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
            and auth_data.password.decode() == password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)
    return authenticate


def tls_context(spool, names):
    cert = os.path.join(spool, "cert.pem")
    key = os.path.join(spool, "key.pem")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
         "-subj", "/CN=feedwatch-test", "-addext", "subjectAltName=" + names],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


async def serve(args):
    handler = SpoolHandler(args.spool)
    kwargs = {}
    if args.auth:
        user, password = args.auth.split(":", 1)
        kwargs = dict(authenticator=authenticator_for(user, password), auth_required=True,
                      auth_require_tls=False)
    server_ssl = None
    if args.tls:
        context = tls_context(args.spool, args.cert_names)
        if args.tls == "starttls":
            kwargs.update(tls_context=context, require_starttls=True)
        else:
            server_ssl = context
    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        lambda: SMTP(handler, hostname="feedwatch-test.localhost", **kwargs), "127.0.0.1", args.port,
        ssl=server_ssl)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


def main():
    # The test process may start this from a thread that blocks signals (libdispatch workers do), and a
    # child inherits that mask: unblock everything so the test's SIGTERM stops the server.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True, help="spool directory (named --root like http_server.py)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--auth", default=None)
    parser.add_argument("--tls", choices=["starttls", "implicit"], default=None)
    parser.add_argument("--cert-names", default="DNS:localhost,IP:127.0.0.1")
    args = parser.parse_args()
    args.spool = args.root
    asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
