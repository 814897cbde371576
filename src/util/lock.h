/* SPDX-License-Identifier: MIT */
/*
 * lock.h: named inter-process locks for single-flight (ARCHITECTURE.md
 * 6).  A lock is flock(2) on a file in a private directory
 * ($XDG_RUNTIME_DIR/aws-vault, else ~/.awsvault/locks, mode 0700); the
 * kernel releases it when the holder exits or is killed, so a crashed
 * holder never blocks the others.  Lock files are named by a hash of the
 * name: they reveal nothing, and they are never removed (removing a lock
 * file races with a waiter that has it open).
 */
#ifndef AV_LOCK_H
#define AV_LOCK_H

#include "util/common.h"

struct lock;

/* Block until the exclusive lock called name is ours.  When another
 * process holds it for more than a second, waiting(holder pid, or 0 when
 * unknown) is called once (may be NULL), so the user learns why nothing
 * happens (the holder may be asking for an MFA code).  *lockp is released
 * with lock_release.  Returns 0 or AV_ERR_SYSTEM. */
int lock_acquire_notify(const char *name, void (*waiting)(long holder),
    struct lock **lockp);
/* Release and free; NULL is a no-op. */
void lock_release(struct lock *l);
/* The directory lock files live in (caller frees). */
char *lock_dir(void);

#endif
