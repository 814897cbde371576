/* SPDX-License-Identifier: MIT */
/*
 * banned.h: libc functions we never call (git's banned.h).  Each is
 * redefined to an undeclared identifier so that a use fails to compile
 * with the name of the function in the message.  Included last by
 * common.h; system headers are already in by then.
 */
#ifndef AV_BANNED_H
#define AV_BANNED_H

#define AV_BANNED(func) sorry_##func##_is_banned_in_aws_vault

#undef strcpy
#define strcpy(x, y) AV_BANNED(strcpy)
#undef strcat
#define strcat(x, y) AV_BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) AV_BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) AV_BANNED(strncat)
#undef sprintf
#define sprintf(...) AV_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) AV_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) AV_BANNED(strtok)
#undef strtok_r
#define strtok_r(x, y, z) AV_BANNED(strtok_r)
#undef gets
#define gets(x) AV_BANNED(gets)
#undef atoi
#define atoi(x) AV_BANNED(atoi)
#undef atol
#define atol(x) AV_BANNED(atol)
#undef atoll
#define atoll(x) AV_BANNED(atoll)
#undef gmtime
#define gmtime(x) AV_BANNED(gmtime)
#undef localtime
#define localtime(x) AV_BANNED(localtime)
#undef ctime
#define ctime(x) AV_BANNED(ctime)
#undef asctime
#define asctime(x) AV_BANNED(asctime)
#undef mktemp
#define mktemp(x) AV_BANNED(mktemp)
#undef tmpnam
#define tmpnam(x) AV_BANNED(tmpnam)
#undef system
#define system(x) AV_BANNED(system)
#undef popen
#define popen(x, y) AV_BANNED(popen)
#undef rand
#define rand() AV_BANNED(rand)

#endif
