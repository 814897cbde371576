/* SPDX-License-Identifier: MIT */
/*
 * replay.c: a standalone driver for the libFuzzer targets (libgit2's
 * standalone_driver.c).  Runs LLVMFuzzerTestOneInput once on every file
 * of the directories or files given, so `make check` replays the corpora
 * without libFuzzer.  A crash or sanitizer report fails the test.
 */
#include "util/common.h"

#include <dirent.h>
#include <stdio.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/fs.h"
#include "util/xmalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	struct buf b;
	int r;

	buf_init(&b, 16 * 1024 * 1024);
	if ((r = fs_read_file(path, b.max, &b)) != 0) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		buf_release(&b);
		return 1;
	}
	/* Copy to an exact-size allocation so ASan sees overreads. */
	uint8_t *copy = xmalloc(b.len ? b.len : 1);
	memcpy(copy, b.p ? b.p : "", b.len);
	LLVMFuzzerTestOneInput(copy, b.len);
	free(copy);
	buf_release(&b);
	return 0;
}

int
main(int argc, char **argv)
{
	int i, n = 0, bad = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;
		DIR *d;
		struct dirent *de;

		if (stat(argv[i], &st) != 0) {
			fprintf(stderr, "replay: %s: not found\n", argv[i]);
			return 1;
		}
		if (!S_ISDIR(st.st_mode)) {
			bad += replay_file(argv[i]);
			n++;
			continue;
		}
		if ((d = opendir(argv[i])) == NULL)
			return 1;
		while ((de = readdir(d)) != NULL) {
			char *p;

			if (de->d_name[0] == '.')
				continue;
			p = fs_join(argv[i], de->d_name);
			bad += replay_file(p);
			free(p);
			n++;
		}
		closedir(d);
	}
	printf("replayed %d inputs\n", n);
	return bad != 0 || n == 0;
}
