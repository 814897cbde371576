/* SPDX-License-Identifier: MIT */
/*
 * harden.h: process hardening done first in main(), before any secret is
 * read (ssh-agent): not dumpable, not traceable by the same user (Linux
 * makes /proc/<pid>/{mem,environ} root-owned), no core files, and fds
 * 0-2 open so a secret can never be written to a file opened on them.
 */
#ifndef AV_HARDEN_H
#define AV_HARDEN_H

void harden_process(void);

/* Undo what must not reach a program we exec into: the core-size limit
 * (rlimits survive execve, unlike the dumpable flag).  Cannot fail. */
void harden_release_for_exec(void);

#endif
