/* SPDX-License-Identifier: MIT */
/*
 * proxy.h: the EC2 metadata endpoint proxy (spec 8.2, 3.9; Go
 * server/ec2proxy*.go, ec2alias_linux.go): `aws-vault proxy`, run as
 * root, puts 169.254.169.254 on the loopback interface, listens on
 * 169.254.169.254:80 and passes every request on to the unprivileged
 * credentials server on 127.0.0.1:9099 (server/ec2.h), keeping the Host
 * header (so that server's DNS-rebinding check passes) and adding
 * X-Forwarded-For.  GET /stop, SIGINT or SIGTERM remove the address again
 * and end it.  And the other side: how `exec --ec2-server` starts, finds
 * and stops the proxy.
 *
 * Beyond the Go tool: the proxy closes connections from peers other than
 * loopback and 169.254.169.254 itself (Go's 9099 check sees only the
 * proxy's own loopback address, so a host on the LAN routing to
 * 169.254.169.254 got through); exec starts the proxy without sudo when
 * it already runs as root, names it by its absolute path (/proc/self/exe:
 * Go passes argv[0], which sudo's secure_path may not find), and waits
 * up to 2 s for it to answer, failing with Go's non-Linux message when
 * it does not (Go on Linux does not check); a listen failure removes the
 * address again.
 *
 * The forwarding client is libcurl, loaded with dlopen like aws/http.c.
 */
#ifndef AV_SERVER_PROXY_H
#define AV_SERVER_PROXY_H

#include "util/common.h"

#define SERVER_PROXY_IP		"169.254.169.254"
#define SERVER_PROXY_PORT	80
#define SERVER_PROXY_WAIT_MS	2000

/* Something accepts TCP connections on 169.254.169.254:80 within 10 ms
 * (Go IsProxyRunning). */
bool server_proxy_running(void);

/* Start `aws-vault proxy` in the background: directly when root, else as
 * `sudo -b <exe> proxy` (stdio inherited, so sudo can ask for a
 * password), then wait for it to answer.  Returns 0 or a negative
 * AV_ERR_*: sudo's failure ("exit status 1"), or "The EC2 Instance
 * Metadata endpoint proxy server isn't running. Run `aws-vault proxy` as
 * Administrator or root in the background and then try this command
 * again". */
int server_proxy_launch(void);

/* GET http://169.254.169.254:80/stop; every error is ignored. */
void server_proxy_stop(void);

/* The proxy command itself: add the address, serve until /stop, SIGINT
 * or SIGTERM, remove the address.  Returns 0, or a negative AV_ERR_*
 * with Go's message ("<ip's output>: exit status 2", "listen tcp
 * 169.254.169.254:80: bind: ..."). */
int server_proxy_serve(void);

#endif
