/* SPDX-License-Identifier: MIT */
#include "util/common.h"
#include "util/harden.h"
int main(int argc, char **argv);
int
main(int argc, char **argv)
{
	(void)argc; (void)argv;
	harden_process();
	return 0;
}
