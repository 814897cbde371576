/* SPDX-License-Identifier: MIT */
/*
 * hello.c: the baseline of bench/run.sh.  The cheapest useful C program
 * (dynamically linked against libc, -O2, PIE, full RELRO, like the
 * aws-vault binary): the startup cost every process pays.  A warm
 * `aws-vault export` is measured against it in the same hyperfine run.
 */
#include <stdio.h>

int
main(void)
{
	fputs("hello, world\n", stdout);
	return 0;
}
