/* SPDX-License-Identifier: MIT */
/*
 * child.h: run the command of `exec --ecs-server/--ec2-server` as a child
 * process while the servers keep running (spec 3.5, server modes):
 * stdin, stdout and stderr inherited, signals forwarded, and its exit
 * status passed back.
 *
 * Signals: every signal aws-vault receives while the child runs is sent
 * on to it (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1/2, SIGWINCH,
 * SIGCONT, SIGALRM, SIGPIPE, the real-time signals...), from a handler
 * that is safe on any thread.  Not forwarded: SIGCHLD; SIGKILL and SIGSTOP
 * (they cannot be caught); the faults and SIGABRT (they must stay fatal
 * to us); signals aws-vault was started with ignored (nohup's SIGHUP stays
 * ignored, and the child inherits that); and the job-control stops
 * SIGTSTP, SIGTTIN, SIGTTOU, which keep their default action: the terminal
 * sends them to the whole process group, so aws-vault and the child stop
 * and continue together under the shell's job control.  (Go forwards
 * SIGTSTP and never stops itself, so Ctrl-Z leaves the shell waiting on a
 * running aws-vault.)  As in Go, a signal sent by the terminal to the
 * whole group reaches the child twice (spec 14.24).
 */
#ifndef AV_SERVER_CHILD_H
#define AV_SERVER_CHILD_H

#include "util/common.h"

/* Spawn path with argv (argv[0] as the user typed it) and env, forward
 * signals until it ends, and set *statusp to its exit status, or 255 when
 * a signal ended it (BN: Go's ExitCode() -1).  The forwarding handlers are
 * removed again before returning.  Returns 0, or AV_ERR_SYSTEM when the
 * child could not be started ("exec: \"<argv0>\": <errno text>"). */
int server_child_run(const char *path, char *const argv[],
    char *const envp[], int *statusp);

/* True for the signals server_child_run forwards (whatever their
 * inherited disposition): for tests. */
bool server_child_forwards(int sig);

#endif
