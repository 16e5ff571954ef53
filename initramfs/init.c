// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the workbench's initramfs.
 *
 * Gives the VM swap (a zram device, so that TTM backup has somewhere to
 * go) and a memory cgroup /kunit (for suites that charge one), then runs
 * the KUnit suites named by the "suites=" kernel parameter
 * (comma-separated shell globs) through /sys/kernel/debug/kunit/<suite>/run,
 * after printing the KTAP header kunit.py needs, and reboots (QEMU, run with -no-reboot, exits).
 * The kernel is booted with kunit.autorun=0, so nothing runs before this.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <unistd.h>

#define KUNIT_DIR "/sys/kernel/debug/kunit"
#define MAX_SUITES 512

static int kmsg = -1;

/* Lines go to the kernel log, so they interleave correctly with KUnit's. */
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	if (kmsg < 0 || write(kmsg, buf, n) < 0)
		fputs(buf, stderr);
}

static int write_file(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	close(fd);
	return n < 0 ? -errno : 0;
}

/* mkswap: a version 1 swap header on the first page of the device. */
static int make_swap(const char *dev, uint64_t bytes)
{
	long psz = sysconf(_SC_PAGESIZE);
	char *page = calloc(1, psz);
	uint32_t *hdr = (uint32_t *)(page + 1024);
	int fd, ret = 0;

	if (!page)
		return -ENOMEM;
	hdr[0] = 1;				/* version */
	hdr[1] = bytes / psz - 1;		/* last_page */
	hdr[2] = 0;				/* nr_badpages */
	memcpy(page + psz - 10, "SWAPSPACE2", 10);
	fd = open(dev, O_WRONLY);
	if (fd < 0 || write(fd, page, psz) != psz)
		ret = -errno;
	if (fd >= 0)
		close(fd);
	free(page);
	return ret;
}

static void setup_swap(void)
{
	const uint64_t bytes = 256ULL << 20;
	char size[32];
	int ret;

	snprintf(size, sizeof(size), "%llu", (unsigned long long)bytes);
	ret = write_file("/sys/block/zram0/disksize", size);
	if (!ret)
		ret = make_swap("/dev/zram0", bytes);
	if (!ret && swapon("/dev/zram0", 0))
		ret = -errno;
	if (ret)
		say("workbench: no swap: %s\n", strerror(-ret));
	else
		say("workbench: swap on /dev/zram0, %llu MiB\n",
		    (unsigned long long)(bytes >> 20));
}

/*
 * A memory cgroup /kunit, for suites that charge memory to a memcg other
 * than the root (whose page counter is not charged): shmem_insert's memcg
 * case finds it with cgroup_get_from_path().
 */
static void setup_memcg(void)
{
	const char *root = "/sys/fs/cgroup";
	int ret = 0;

	if (mount("cgroup2", root, "cgroup2", 0, NULL))
		ret = -errno;
	if (!ret)
		ret = write_file("/sys/fs/cgroup/cgroup.subtree_control",
				 "+memory");
	if (!ret && mkdir("/sys/fs/cgroup/kunit", 0755))
		ret = -errno;
	if (ret)
		say("workbench: no memory cgroup: %s\n", strerror(-ret));
	else
		say("workbench: memory cgroup /kunit\n");
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wanted(const char *name, const char *globs)
{
	char buf[1024], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", globs);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (!fnmatch(tok, name, 0))
			return 1;
	return 0;
}

int main(void)
{
	const char *globs = getenv("suites");
	char *names[MAX_SUITES], path[512];
	struct dirent *de;
	int i, n = 0;
	DIR *d;

	mkdir("/dev", 0755);
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	kmsg = open("/dev/kmsg", O_WRONLY);

	setup_swap();
	setup_memcg();

	d = opendir(KUNIT_DIR);
	if (!d) {
		say("workbench: no %s: %s\n", KUNIT_DIR, strerror(errno));
		goto out;
	}
	while ((de = readdir(d)) && n < MAX_SUITES) {
		if (de->d_name[0] == '.')
			continue;
		if (globs && wanted(de->d_name, globs))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);

	say("KTAP version 1\n");
	say("1..%d\n", n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), KUNIT_DIR "/%s/run", names[i]);
		if (write_file(path, "1"))
			say("workbench: could not run suite %s\n", names[i]);
	}
out:
	say("workbench: done\n");
	sync();
	reboot(RB_AUTOBOOT);	/* QEMU runs with -no-reboot: it exits */
	return 0;
}
