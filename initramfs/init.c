// SPDX-License-Identifier: GPL-2.0
/*
 * /init of the workbench's initramfs.
 *
 * Gives the VM swap (a zram device, so that TTM backup has somewhere to
 * go) and a memory cgroup /kunit (for suites that charge one), then runs
 * the KUnit suites named by the "suites=" kernel parameter
 * (comma-separated shell globs) through /sys/kernel/debug/kunit/<suite>/run,
 * after printing the KTAP header kunit.py needs, then the userspace tests
 * in /tests (see run_userspace()), and reboots (QEMU, run with
 * -no-reboot, exits).
 * The kernel is booted with kunit.autorun=0, so nothing runs before this.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define KUNIT_DIR "/sys/kernel/debug/kunit"
#define KMEMLEAK "/sys/kernel/debug/kmemleak"
#define MAX_SUITES 512
#define TESTS_DIR "/tests"
#define MAX_SUBTESTS 128
/* A subtest running longer than this is killed and fails. */
#define SUBTEST_TIMEOUT_S 600

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

/*
 * The userspace tests: each program P in /tests is run as the suite
 * "userspace_P" when the suites= globs name it.  A program has IGT's
 * interface: --list-subtests, then --run-subtest NAME for each, which
 * exits 0 (pass), 77 (skip) or anything else (fail).  Its output goes to
 * the kernel log, and each subtest's result is printed as KTAP, as a KUnit
 * suite's would be.
 */
static int user_suites(const char *globs, char **names, int max)
{
	struct dirent *de;
	char suite[300];
	int n = 0;
	DIR *d;

	d = opendir(TESTS_DIR);
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(suite, sizeof(suite), "userspace_%s", de->d_name);
		if (globs && wanted(suite, globs))
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(names[0]), cmp);
	return n;
}

/* Run @argv with its output to the kernel log; its exit code, or -1. */
static int run_prog(char *const argv[], int out_fd, int timeout_s)
{
	int status, waited = 0;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = out_fd >= 0 ? out_fd : kmsg;

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(kmsg >= 0 ? kmsg : fd, 2);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			break;
		if (waited++ >= timeout_s * 10) {
			say("workbench: %s timed out, killed\n", argv[0]);
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -1;
		}
		usleep(100000);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void run_userspace(const char *prog)
{
	char path[512], *subtests[MAX_SUBTESTS], buf[8192];
	int p[2], n = 0, i, failed = 0, len = 0;
	ssize_t r;

	snprintf(path, sizeof(path), TESTS_DIR "/%s", prog);
	say("    KTAP version 1\n");
	say("    # Subtest: userspace_%s\n", prog);
	if (pipe(p) == 0) {
		char *argv[] = { path, "--list-subtests", NULL };

		run_prog(argv, p[1], 60);
		close(p[1]);
		while (len < (int)sizeof(buf) - 1 &&
		       (r = read(p[0], buf + len, sizeof(buf) - 1 - len)) > 0)
			len += r;
		close(p[0]);
	}
	buf[len] = 0;
	for (char *save, *tok = strtok_r(buf, "\n", &save);
	     tok && n < MAX_SUBTESTS; tok = strtok_r(NULL, "\n", &save))
		subtests[n++] = tok;
	say("    1..%d\n", n);
	for (i = 0; i < n; i++) {
		char *argv[] = { path, "--run-subtest", subtests[i], NULL };
		int rc = run_prog(argv, -1, SUBTEST_TIMEOUT_S);

		if (rc == 0)
			say("    ok %d %s\n", i + 1, subtests[i]);
		else if (rc == 77)
			say("    ok %d %s # SKIP\n", i + 1, subtests[i]);
		else {
			say("    not ok %d %s\n", i + 1, subtests[i]);
			failed++;
		}
	}
	say("%sok 1 userspace_%s\n", failed || !n ? "not " : "", prog);
}

/*
 * Leaks: with kmemleak (make check's kernel; make run's has none), scan
 * once everything has run and copy what it found to the log, where
 * scripts/report.py fails the run on it.  Boot's own suspects were cleared
 * before the suites.  kmemleak reports no object younger than 5 s, so wait
 * that long first; the second scan drops what the first saw only in
 * transit, as Documentation/dev-tools/kmemleak.rst advises.
 */
/*
 * Run the suites in the order the suites= globs name them (kunit/suites),
 * not by name: the suites that need large contiguous blocks
 * (scatterlist_xarray) before those that put the VM under memory pressure
 * (panfrost_heap).  @names is sorted; each glob takes its matches in turn.
 */
static void order_by_globs(char **names, int n, const char *globs)
{
	char buf[1024], *tok, *save, **out;
	int i, k = 0;

	out = calloc(n, sizeof(*out));
	if (!out || !globs)
		goto done;
	snprintf(buf, sizeof(buf), "%s", globs);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		for (i = 0; i < n; i++)
			if (names[i] && !fnmatch(tok, names[i], 0)) {
				out[k++] = names[i];
				names[i] = NULL;
			}
	for (i = 0; i < n; i++)
		if (names[i])
			out[k++] = names[i];
	memcpy(names, out, n * sizeof(*out));
done:
	free(out);
}

/* "    00 3d 6a 66 ...": a line of the hex dump of kmemleak's report. */
static int is_hexdump(const char *l)
{
	return !strncmp(l, "    ", 4) && isxdigit((unsigned char)l[4]) &&
	       isxdigit((unsigned char)l[5]) && l[6] == ' ' &&
	       isxdigit((unsigned char)l[7]);
}

static void check_leaks(void)
{
	char buf[4096], line[512];
	int fd, n = 0, len = 0;
	ssize_t r;

	if (access(KMEMLEAK, W_OK))
		return;
	sleep(6);
	write_file(KMEMLEAK, "scan");
	sleep(6);
	if (write_file(KMEMLEAK, "scan")) {
		say("workbench: kmemleak: scan failed\n");
		return;
	}
	fd = open(KMEMLEAK, O_RDONLY);
	if (fd < 0)
		return;
	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			if (buf[i] != '\n' && len < (int)sizeof(line) - 1) {
				line[len++] = buf[i];
				continue;
			}
			if (buf[i] != '\n')
				continue;
			line[len] = 0;
			n += !strncmp(line, "unreferenced object", 19);
			/*
			 * Straight to the console, not through the kernel's
			 * log buffer, which a report of thousands of lines
			 * overruns under TCG; the hex dumps are left out.
			 */
			if (!is_hexdump(line))
				dprintf(2, "workbench: kmemleak: %s\n", line);
			len = 0;
		}
	}
	close(fd);
	say("workbench: kmemleak: %d unreferenced objects\n", n);
}

int main(void)
{
	const char *globs = getenv("suites");
	char *names[MAX_SUITES], *user[16], path[512];
	struct dirent *de;
	int i, n = 0, nu;
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
	/* What boot leaked is not the tests': only new suspects count. */
	write_file(KMEMLEAK, "clear");
	/*
	 * A case runs while /init waits, uninterruptibly, on its suite's
	 * debugfs file: a benchmark case under KASAN, lockdep and kmemleak
	 * takes over a minute in TCG.  Report a task blocked for 4 minutes,
	 * still within KUnit's 5-minute timeout of a case.
	 */
	write_file("/proc/sys/kernel/hung_task_timeout_secs", "240");

	nu = user_suites(globs, user, 16);
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
	order_by_globs(names, n, globs);

	say("KTAP version 1\n");
	say("1..%d\n", n + nu);
	for (i = 0; i < n; i++) {
		struct timespec t0, t1;

		snprintf(path, sizeof(path), KUNIT_DIR "/%s/run", names[i]);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (write_file(path, "1"))
			say("workbench: could not run suite %s\n", names[i]);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		say("workbench: suite %s ran %ld s\n", names[i],
		    (long)(t1.tv_sec - t0.tv_sec));
	}
	for (i = 0; i < nu; i++)
		run_userspace(user[i]);
	check_leaks();
out:
	say("workbench: done\n");
	sync();
	reboot(RB_AUTOBOOT);	/* QEMU runs with -no-reboot: it exits */
	return 0;
}
