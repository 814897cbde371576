/* SPDX-License-Identifier: MIT */
/* file.c: placeholder until the file backend lands. */
#include "util/common.h"

#include "keyring/keyring.h"
#include "util/error.h"

static int
keyring_file_open(struct keyring *kr)
{
	(void)kr;
	return av_error_set(AV_ERR_UNSUPPORTED, "file backend not built yet");
}

const struct keyring_ops keyring_file_ops = {
	.name = "file",
	.open = keyring_file_open,
};
