// SPDX-License-Identifier: MIT
/*
 * panfrost_heap: userspace tests of Panfrost's growable heaps, in IGT's
 * shape, for the software model of a Mali GPU (model/) under QEMU and for
 * a board alike.
 *
 *   panfrost_heap --list-subtests
 *   panfrost_heap --run-subtest NAME     exit 0 pass, 77 skip, 1 fail
 *   panfrost_heap                        every subtest, one after another
 *
 * Jobs are Midgard/Bifrost job-manager descriptors: NULL and WRITE_VALUE
 * jobs, which every job-manager Mali runs.  A job's result is read back
 * from its descriptor's exception status and from its fence, exported as a
 * sync_file (SYNC_IOC_FILE_INFO gives the fence's error).  Resident sizes
 * come from the DRM fdinfo keys (drm-resident-*).
 *
 * Knobs a board may lack (debugfs fault injection, drop_caches) make the
 * subtest that needs them skip.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sync_file.h>

#include <drm/drm.h>
#include <drm/panfrost_drm.h>

#define SZ_4K		0x1000ULL
#define SZ_2M		0x200000ULL
#define CHUNK		SZ_2M		/* Panfrost grows heaps 2 MiB at a time */
#define SKIP		77

#define JOB_NULL	1
#define JOB_WRITE_VALUE	2
#define WV_ZERO		3
#define WV_IMM32	6
#define WV_IMM64	7
#define EXC_DONE	1

/* A job descriptor: the 32-byte header, then WRITE_VALUE's payload. */
struct job {
	uint32_t exception_status;
	uint32_t first_incomplete_task;
	uint64_t fault_pointer;
	uint32_t control;	/* bit 0: 64-bit next, bits 1-7: type, 16-31: index */
	uint32_t dependencies;
	uint64_t next;
	uint64_t wv_address;
	uint32_t wv_type;
	uint32_t wv_pad;
	uint64_t wv_immediate;
};

static jmp_buf fail_jmp;
static int skip_now;
static const char *current;

static void say(const char *fmt, ...)
{
	va_list ap;

	printf("# %s: ", current ? current : "panfrost_heap");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define require(cond, ...) do {						\
	if (!(cond)) {							\
		say("FAIL %s:%d: %s", __FILE__, __LINE__, #cond);	\
		say(__VA_ARGS__);					\
		longjmp(fail_jmp, 1);					\
	}								\
} while (0)

#define skip_unless(cond, ...) do {					\
	if (!(cond)) {							\
		say("SKIP: " __VA_ARGS__);				\
		skip_now = 1;						\
		longjmp(fail_jmp, 1);					\
	}								\
} while (0)

static int ioc(int fd, unsigned long req, void *arg)
{
	int ret;

	do {
		ret = ioctl(fd, req, arg);
	} while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

/* ---- the device -------------------------------------------------------- */

static int open_panfrost(void)
{
	char path[64], name[32];
	int i;

	for (i = 128; i < 192; i++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/renderD%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioc(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, "panfrost"))
			return fd;
		close(fd);
	}
	return -1;
}

static int drm_fd(void)
{
	int fd = open_panfrost();

	skip_unless(fd >= 0, "no Panfrost render node");
	return fd;
}

struct bo {
	uint32_t handle;
	uint64_t va;
	uint64_t size;
	void *map;
};

static int bo_create_ret(int fd, uint64_t size, uint32_t flags, struct bo *bo)
{
	struct drm_panfrost_create_bo c = { .size = size, .flags = flags };
	int ret = ioc(fd, DRM_IOCTL_PANFROST_CREATE_BO, &c);

	if (!ret) {
		bo->handle = c.handle;
		bo->va = c.offset;
		bo->size = size;
		bo->map = NULL;
	}
	return ret;
}

static struct bo bo_create(int fd, uint64_t size, uint32_t flags)
{
	struct bo bo;
	int ret = bo_create_ret(fd, size, flags, &bo);

	require(!ret, "CREATE_BO(%#" PRIx64 ", %#x): %s", size, flags,
		strerror(-ret));
	return bo;
}

static void *bo_map(int fd, struct bo *bo)
{
	struct drm_panfrost_mmap_bo m = { .handle = bo->handle };
	int ret = ioc(fd, DRM_IOCTL_PANFROST_MMAP_BO, &m);

	require(!ret, "MMAP_BO: %s", strerror(-ret));
	bo->map = mmap(NULL, bo->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       m.offset);
	require(bo->map != MAP_FAILED, "mmap: %s", strerror(errno));
	return bo->map;
}

static void bo_close(int fd, struct bo *bo)
{
	struct drm_gem_close c = { .handle = bo->handle };

	if (bo->map)
		munmap(bo->map, bo->size);
	ioc(fd, DRM_IOCTL_GEM_CLOSE, &c);
}

static uint32_t syncobj_create(int fd)
{
	struct drm_syncobj_create c = { 0 };

	require(!ioc(fd, DRM_IOCTL_SYNCOBJ_CREATE, &c), "SYNCOBJ_CREATE");
	return c.handle;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Wait for the fence in @syncobj; returns its status: 1, or an -errno. */
static int syncobj_status(int fd, uint32_t syncobj, int timeout_s)
{
	struct drm_syncobj_wait w = {
		.handles = (uintptr_t)&syncobj,
		.count_handles = 1,
		.timeout_nsec = now_ns() + timeout_s * 1000000000LL,
		.flags = DRM_SYNCOBJ_WAIT_FLAGS_WAIT_FOR_SUBMIT,
	};
	struct drm_syncobj_handle h = {
		.handle = syncobj,
		.flags = DRM_SYNCOBJ_HANDLE_TO_FD_FLAGS_EXPORT_SYNC_FILE,
	};
	struct sync_file_info info = { 0 };
	int ret;

	ret = ioc(fd, DRM_IOCTL_SYNCOBJ_WAIT, &w);
	if (ret)
		return ret;	/* -ETIME: never signalled */
	require(!ioc(fd, DRM_IOCTL_SYNCOBJ_HANDLE_TO_FD, &h), "export sync_file");
	ret = ioc(h.fd, SYNC_IOC_FILE_INFO, &info);
	close(h.fd);
	require(!ret, "SYNC_IOC_FILE_INFO: %s", strerror(-ret));
	return info.status;
}

static int submit_ret(int fd, uint64_t jc, const uint32_t *bos, int nbos,
		      uint32_t out_sync)
{
	struct drm_panfrost_submit s = {
		.jc = jc,
		.out_sync = out_sync,
		.bo_handles = (uintptr_t)bos,
		.bo_handle_count = nbos,
	};

	return ioc(fd, DRM_IOCTL_PANFROST_SUBMIT, &s);
}

/* Submit the chain at @jc and wait: the fence's status (1 when it ran). */
static int run_job(int fd, uint64_t jc, const uint32_t *bos, int nbos,
		   int timeout_s)
{
	uint32_t sync = syncobj_create(fd);
	struct drm_syncobj_destroy d = { .handle = sync };
	int ret = submit_ret(fd, jc, bos, nbos, sync);

	require(!ret, "SUBMIT: %s", strerror(-ret));
	ret = syncobj_status(fd, sync, timeout_s);
	ioc(fd, DRM_IOCTL_SYNCOBJ_DESTROY, &d);
	return ret;
}

/* Job @n of the job BO: 128 bytes each. */
static struct job *job_at(struct bo *jobs, int n, uint64_t *va)
{
	*va = jobs->va + n * 128;
	return (struct job *)((char *)jobs->map + n * 128);
}

static uint64_t job_null(struct bo *jobs, int n, uint64_t next)
{
	uint64_t va;
	struct job *j = job_at(jobs, n, &va);

	memset(j, 0, sizeof(*j));
	j->control = 1 | JOB_NULL << 1 | 1 << 16;
	j->next = next;
	return va;
}

static uint64_t job_write(struct bo *jobs, int n, uint64_t addr, uint32_t type,
			  uint64_t value)
{
	uint64_t va;
	struct job *j = job_at(jobs, n, &va);

	memset(j, 0, sizeof(*j));
	j->control = 1 | JOB_WRITE_VALUE << 1 | 1 << 16;
	j->wv_address = addr;
	j->wv_type = type;
	j->wv_immediate = value;
	return va;
}

static uint32_t job_status(struct bo *jobs, int n)
{
	uint64_t va;

	return __atomic_load_n(&job_at(jobs, n, &va)->exception_status,
			       __ATOMIC_SEQ_CST);
}

/* ---- fdinfo, debugfs, memory --------------------------------------------- */

/* The sum of the drm-resident-* keys of @fd's fdinfo, in bytes. */
static uint64_t resident(int fd)
{
	char path[64], line[256];
	uint64_t total = 0;
	bool found = false, drm = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	require(f, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char unit[8] = "";
		uint64_t v;
		char *p;

		if (!strncmp(line, "drm-driver:", 11))
			drm = true;
		if (strncmp(line, "drm-resident-", 13))
			continue;
		p = strchr(line, ':');
		if (!p || sscanf(p + 1, "%" SCNu64 " %7s", &v, unit) < 1)
			continue;
		if (!strcmp(unit, "KiB"))
			v <<= 10;
		else if (!strcmp(unit, "MiB"))
			v <<= 20;
		total += v;
		found = true;
	}
	fclose(f);
	/* No key at all while the file has no objects. */
	skip_unless(found || drm, "no DRM fdinfo");
	return total;
}

static char debugfs_dir[256];

/* The debugfs directory of the Panfrost device, or skip. */
static const char *panfrost_debugfs(void)
{
	glob_t g;
	size_t i;

	if (debugfs_dir[0])
		return debugfs_dir;
	if (glob("/sys/kernel/debug/dri/*/heap_reserve", 0, NULL, &g) == 0) {
		for (i = 0; i < g.gl_pathc; i++) {
			char *slash = strrchr(g.gl_pathv[i], '/');

			*slash = 0;
			snprintf(debugfs_dir, sizeof(debugfs_dir), "%s",
				 g.gl_pathv[i]);
			break;
		}
		globfree(&g);
	}
	skip_unless(debugfs_dir[0], "no heap_reserve in debugfs");
	return debugfs_dir;
}

static int write_str(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, val, strlen(val)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* Arm (times > 0, or -1 for always) or disarm (0) a fault attribute. */
static void fault_attr(const char *name, int times)
{
	char path[512], buf[16];
	int ret;

	snprintf(path, sizeof(path), "%s/%s/times", panfrost_debugfs(), name);
	skip_unless(access(path, W_OK) == 0, "no %s", path);
	snprintf(buf, sizeof(buf), "%d", times ? times : 1);
	ret = write_str(path, buf);
	snprintf(path, sizeof(path), "%s/%s/probability", panfrost_debugfs(),
		 name);
	if (!ret)
		ret = write_str(path, times ? "100" : "0");
	snprintf(path, sizeof(path), "%s/%s/interval", panfrost_debugfs(), name);
	if (!ret)
		ret = write_str(path, "1");
	snprintf(path, sizeof(path), "%s/%s/verbose", panfrost_debugfs(), name);
	if (!ret)
		ret = write_str(path, "0");
	require(!ret, "%s: %s", name, strerror(-ret));
}

static const char * const fault_attrs[] = {
	"heap_fault_nowait_fail",
	"heap_fault_reserve_empty",
	"heap_fault_pt_reserve_empty",
	"heap_fault_sgt_reserve_empty",
	"heap_prepare_fail",
};

/*
 * Make every page allocation of the MMU interrupt thread (irq/N-panfrost-mmu),
 * which runs the heap fault handler, fail, blocking or not (the kernel's
 * fail_page_alloc with its task filter), or stop doing so.
 */
static void mmu_thread_alloc_fail(bool on)
{
	static const char *const knobs[][2] = {
		{ "task-filter", "Y" }, { "ignore-gfp-wait", "N" },
		{ "ignore-gfp-highmem", "N" }, { "min-order", "0" },
		{ "interval", "1" }, { "verbose", "0" }, { "times", "-1" },
	};
	const char *dir = "/sys/kernel/debug/fail_page_alloc";
	char path[512], comm[64];
	struct dirent *d;
	int found = 0;
	size_t i;
	DIR *proc;
	FILE *f;

	snprintf(path, sizeof(path), "%s/probability", dir);
	skip_unless(access(path, W_OK) == 0, "no %s", path);
	proc = opendir("/proc");
	require(proc != NULL, "/proc: %s", strerror(errno));
	while ((d = readdir(proc))) {
		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && strstr(comm, "panfrost-mmu")) {
			snprintf(path, sizeof(path), "/proc/%s/make-it-fail",
				 d->d_name);
			require(!write_str(path, on ? "1" : "0"), "%s", path);
			found++;
		}
		fclose(f);
	}
	closedir(proc);
	require(found, "no panfrost-mmu interrupt thread");
	for (i = 0; on && i < sizeof(knobs) / sizeof(knobs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, knobs[i][0]);
		require(!write_str(path, knobs[i][1]), "%s", path);
	}
	snprintf(path, sizeof(path), "%s/probability", dir);
	require(!write_str(path, on ? "100" : "0"), "%s", path);
}

static void disarm_all(void)
{
	char path[512];
	size_t i;

	/* Only the MMU interrupt thread is ever made to fail. */
	write_str("/sys/kernel/debug/fail_page_alloc/probability", "0");

	if (!debugfs_dir[0])
		return;
	for (i = 0; i < sizeof(fault_attrs) / sizeof(fault_attrs[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s/probability", debugfs_dir,
			 fault_attrs[i]);
		write_str(path, "0");
	}
}

/* Reclaim: drop_caches runs every shrinker, Panfrost's among them. */
static void shrink(void)
{
	int ret = write_str("/proc/sys/vm/drop_caches", "3");

	skip_unless(ret != -ENOENT && ret != -EACCES && ret != -EROFS,
		    "cannot write /proc/sys/vm/drop_caches");
	require(!ret, "drop_caches: %s", strerror(-ret));
}

/* ---- subtests ------------------------------------------------------------ */

static void test_heap_create(void)
{
	int fd = drm_fd();
	uint64_t before = resident(fd);
	struct drm_panfrost_mmap_bo m = { 0 };
	struct bo heap, bo;

	heap = bo_create(fd, 8 * CHUNK, PANFROST_BO_HEAP | PANFROST_BO_NOEXEC);
	require(heap.va, "a heap has a GPU address");
	require(resident(fd) == before,
		"a new heap has nothing resident: %" PRIu64 " -> %" PRIu64,
		before, resident(fd));

	require(bo_create_ret(fd, 8 * CHUNK, PANFROST_BO_HEAP, &bo) == -EINVAL,
		"an executable heap is refused");
	require(bo_create_ret(fd, 8 * CHUNK, PANFROST_BO_HEAP |
			      PANFROST_BO_NOEXEC | PANFROST_BO_WB_MMAP, &bo) ==
		-EINVAL, "a heap cannot be WB-mapped");
	require(bo_create_ret(fd, 0, PANFROST_BO_HEAP | PANFROST_BO_NOEXEC,
			      &bo) == -EINVAL, "an empty heap is refused");
	require(bo_create_ret(fd, CHUNK, 1u << 31, &bo) == -EINVAL,
		"unknown flags are refused");
	m.handle = heap.handle;
	require(ioc(fd, DRM_IOCTL_PANFROST_MMAP_BO, &m) == -EINVAL,
		"MMAP_BO of a heap is refused");
	require(resident(fd) == before, "refusals changed nothing");
	bo_close(fd, &heap);
	close(fd);
}

static void test_null_job(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	uint64_t jc;

	bo_map(fd, &jobs);
	jc = job_null(&jobs, 0, 0);
	require(run_job(fd, jc, &jobs.handle, 1, 10) == 1, "the job ran");
	require(job_status(&jobs, 0) == EXC_DONE, "status %#x",
		job_status(&jobs, 0));

	/* A chain of three. */
	jc = job_null(&jobs, 1, job_null(&jobs, 2, job_null(&jobs, 3, 0)));
	require(run_job(fd, jc, &jobs.handle, 1, 10) == 1, "the chain ran");
	require(job_status(&jobs, 1) == EXC_DONE &&
		job_status(&jobs, 2) == EXC_DONE &&
		job_status(&jobs, 3) == EXC_DONE, "every job of the chain done");
	bo_close(fd, &jobs);
	close(fd);
}

static void test_write_value(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo dst = bo_create(fd, SZ_4K, PANFROST_BO_NOEXEC);
	uint32_t bos[2] = { jobs.handle, dst.handle };
	volatile uint64_t *d;
	uint64_t jc;

	bo_map(fd, &jobs);
	d = bo_map(fd, &dst);
	d[0] = d[1] = d[2] = ~0ULL;
	jc = job_write(&jobs, 0, dst.va, WV_IMM32, 0x12345678);
	job_at(&jobs, 0, &jc)->next = job_write(&jobs, 1, dst.va + 8, WV_IMM64,
						0x1122334455667788ULL);
	job_at(&jobs, 1, &jc)->next = job_write(&jobs, 2, dst.va + 16, WV_ZERO, 0);
	job_at(&jobs, 0, &jc);
	require(run_job(fd, jc, bos, 2, 10) == 1, "the chain ran");
	require(d[0] == 0xffffffff12345678ULL, "imm32: %#" PRIx64, d[0]);
	require(d[1] == 0x1122334455667788ULL, "imm64: %#" PRIx64, d[1]);
	require(d[2] == 0, "zero: %#" PRIx64, d[2]);
	bo_close(fd, &dst);
	bo_close(fd, &jobs);
	close(fd);
}

/* Grow @heap's chunk @k with a job writing @value at @off in it. */
static int grow(int fd, struct bo *jobs, struct bo *heap, int k, uint64_t off,
		uint32_t value)
{
	uint32_t bos[2] = { jobs->handle, heap->handle };
	uint64_t jc = job_write(jobs, k % 32, heap->va + k * CHUNK + off,
				WV_IMM32, value);

	return run_job(fd, jc, bos, 2, 20);
}

static void test_heap_growth(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo heap = bo_create(fd, 4 * CHUNK, PANFROST_BO_HEAP |
				   PANFROST_BO_NOEXEC);
	int k;

	bo_map(fd, &jobs);
	for (k = 0; k < 4; k++) {
		uint64_t before = resident(fd), after;
		int st = grow(fd, &jobs, &heap, k, 0x1000 * k + 8, 0xc0de0000 + k);

		after = resident(fd);
		require(st == 1, "chunk %d: the job failed: %d", k, st);
		require(job_status(&jobs, k) == EXC_DONE, "chunk %d: status %#x",
			k, job_status(&jobs, k));
		require(after - before == CHUNK,
			"chunk %d: resident grew by %" PRIu64 " KiB, not 2048",
			k, (after - before) >> 10);
		/* The whole chunk is mapped: its last word takes no fault. */
		st = grow(fd, &jobs, &heap, k, CHUNK - 4, 0x1a57);
		require(st == 1, "chunk %d: writing its last word failed: %d",
			k, st);
		require(resident(fd) == after, "chunk %d: no more resident", k);
		say("chunk %d: resident %" PRIu64 " KiB", k, after >> 10);
	}
	/* A second write into a grown chunk faults nothing. */
	require(grow(fd, &jobs, &heap, 1, 0x3000, 1) == 1, "rewrite");
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
}

static void test_heap_past_end(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo heap = bo_create(fd, 2 * CHUNK, PANFROST_BO_HEAP |
				   PANFROST_BO_NOEXEC);
	uint64_t before;
	int st;

	bo_map(fd, &jobs);
	require(grow(fd, &jobs, &heap, 0, 0, 1) == 1, "inside the heap");
	before = resident(fd);
	/* Chunk 2 of a 2-chunk heap: past its end, nothing is mapped there. */
	st = grow(fd, &jobs, &heap, 2, 0, 2);
	require(st < 0, "a write past the end must fail the job: %d", st);
	say("past the end: fence error %d (%s)", st, strerror(-st));
	require(resident(fd) == before, "nothing was populated");
	/* The address space comes back for the next job. */
	require(run_job(fd, job_null(&jobs, 8, 0), &jobs.handle, 1, 10) == 1,
		"the next job runs");
	require(grow(fd, &jobs, &heap, 1, 0, 3) == 1, "the heap still grows");
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
}

/* Keep the GPU powered (no runtime suspend, which resets the MMU). */
static void gpu_power_on(int fd, bool on)
{
	char path[128], link[64];
	struct stat st;

	require(!fstat(fd, &st), "fstat");
	snprintf(link, sizeof(link), "/sys/dev/char/%u:%u/device/power/control",
		 major(st.st_rdev), minor(st.st_rdev));
	snprintf(path, sizeof(path), "%s", link);
	skip_unless(access(path, W_OK) == 0, "no %s", path);
	require(!write_str(path, on ? "on" : "auto"), "%s", path);
}

/*
 * An unhandled fault leaves the address space disabled, its interrupts
 * masked until it is enabled again; a file that ends right after, and the
 * next file that gets that address space, must still have its heap faults
 * handled (the GPU kept powered, as a busy one is, so no resume resets the
 * MMU in between).
 */
static void test_heap_fault_new_file(void)
{
	int fd = drm_fd(), i;

	gpu_power_on(fd, true);
	for (i = 0; i < 3; i++) {
		struct bo jobs = bo_create(fd, SZ_4K, 0);
		struct bo heap = bo_create(fd, 2 * CHUNK, PANFROST_BO_HEAP |
					   PANFROST_BO_NOEXEC);
		int st;

		bo_map(fd, &jobs);
		st = grow(fd, &jobs, &heap, 0, 0, 1);
		require(st == 1, "file %d: the heap grows: %d", i, st);
		st = grow(fd, &jobs, &heap, 2, 0, 2);
		require(st < 0, "file %d: past the end fails: %d", i, st);
		/* The file ends with its address space faulty. */
		munmap(jobs.map, jobs.size);
		close(fd);
		fd = drm_fd();
	}
	gpu_power_on(fd, false);
	close(fd);
}

/* Each reserve fallback, forced through debugfs: the growth still works. */
static void test_heap_fallbacks(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	size_t i, n = sizeof(fault_attrs) / sizeof(fault_attrs[0]);
	struct bo heap = bo_create(fd, (n + 2) * CHUNK, PANFROST_BO_HEAP |
				   PANFROST_BO_NOEXEC);
	uint64_t before;
	int st;

	bo_map(fd, &jobs);
	panfrost_debugfs();
	for (i = 0; i < n; i++) {
		before = resident(fd);
		fault_attr(fault_attrs[i], -1);
		st = grow(fd, &jobs, &heap, i, 0x40, 0xfa11 + i);
		fault_attr(fault_attrs[i], 0);
		require(st == 1, "%s: the job failed: %d", fault_attrs[i], st);
		require(resident(fd) - before == CHUNK, "%s: resident +%" PRIu64
			" KiB", fault_attrs[i], (resident(fd) - before) >> 10);
		say("%s forced: chunk %zu grown", fault_attrs[i], i);
	}

	/*
	 * No NOWAIT allocation, no reserve, and the page allocator failing
	 * for the fault handler: the fault fails, cleanly.
	 */
	before = resident(fd);
	fault_attr("heap_fault_nowait_fail", -1);
	fault_attr("heap_fault_reserve_empty", -1);
	mmu_thread_alloc_fail(true);
	st = grow(fd, &jobs, &heap, n, 0, 0xdead);
	mmu_thread_alloc_fail(false);
	fault_attr("heap_fault_nowait_fail", 0);
	fault_attr("heap_fault_reserve_empty", 0);
	require(st < 0, "with every source failing the job must fail: %d", st);
	say("every source failing: fence error %d, resident +%" PRIu64 " KiB",
	    st, (resident(fd) - before) >> 10);
	/* The same chunk grows once the allocator is back. */
	require(grow(fd, &jobs, &heap, n, 0, 0xbeef) == 1, "then it grows");
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
}

static void madvise_bo(int fd, struct bo *bo, uint32_t madv, uint32_t *retained)
{
	struct drm_panfrost_madvise m = { .handle = bo->handle, .madv = madv };

	require(!ioc(fd, DRM_IOCTL_PANFROST_MADVISE, &m), "MADVISE");
	if (retained)
		*retained = m.retained;
}

static void test_heap_purge(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo heap = bo_create(fd, 4 * CHUNK, PANFROST_BO_HEAP |
				   PANFROST_BO_NOEXEC);
	uint64_t base, grown;
	uint32_t retained;
	int st;

	bo_map(fd, &jobs);
	base = resident(fd);
	require(grow(fd, &jobs, &heap, 0, 0, 1) == 1, "chunk 0");
	require(grow(fd, &jobs, &heap, 2, 0, 1) == 1, "chunk 2");
	grown = resident(fd);
	require(grown - base == 2 * CHUNK, "two chunks resident");
	madvise_bo(fd, &heap, PANFROST_MADV_DONTNEED, &retained);
	require(retained, "still there after DONTNEED");
	shrink();
	require(resident(fd) == base, "purged: resident %" PRIu64 " KiB, was %"
		PRIu64 " KiB", resident(fd) >> 10, grown >> 10);
	madvise_bo(fd, &heap, PANFROST_MADV_WILLNEED, &retained);
	require(!retained, "the backing store is gone");
	st = grow(fd, &jobs, &heap, 1, 0, 1);
	require(st < 0, "a fault on a purged heap fails the job: %d", st);
	require(resident(fd) == base, "and populates nothing");
	require(run_job(fd, job_null(&jobs, 9, 0), &jobs.handle, 1, 10) == 1,
		"the next job runs");
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
}

static uint64_t meminfo(const char *key)
{
	char line[256];
	uint64_t v = 0;
	FILE *f = fopen("/proc/meminfo", "r");

	require(f, "/proc/meminfo");
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			sscanf(line + strlen(key) + 1, "%" SCNu64, &v);
	fclose(f);
	return v << 10;
}

/* A child that takes memory: killed with the test, and first by the OOM killer. */
static void become_oom_victim(void)
{
	FILE *f;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	f = fopen("/proc/self/oom_score_adj", "w");
	if (f) {
		fputs("1000", f);
		fclose(f);
	}
}

/* @bytes of anonymous memory, every page touched; false when mmap fails. */
static bool take_anon(size_t bytes)
{
	char *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);

	if (m == MAP_FAILED)
		return false;
	for (size_t i = 0; i < bytes; i += 4096)
		((volatile char *)m)[i] = 1;	/* populated for sure */
	return true;
}

/*
 * The filler: anonymous memory, 32 MiB at a time, until the heap of the
 * parent's @fd has nothing resident beyond @base, or past all of memory
 * and swap (the OOM killer, told to, takes the filler then).  Exits 0 once
 * the heap was purged.
 */
static int filler(int fd, uint64_t base)
{
	uint64_t total = 0;
	uint64_t limit = meminfo("MemTotal") + meminfo("SwapTotal") + (512 << 20);
	char path[64];
	FILE *f;

	become_oom_victim();
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", (int)getppid(), fd);
	while (total < limit) {
		if (!take_anon(32 << 20))
			break;
		total += 32 << 20;
		/* The parent's fdinfo, read as the parent would. */
		f = fopen(path, "r");
		if (f) {
			char line[256];
			uint64_t v, r = 0;

			while (fgets(line, sizeof(line), f))
				if (!strncmp(line, "drm-resident-", 13) &&
				    sscanf(strchr(line, ':') + 1, "%" SCNu64, &v) == 1)
					r += v << 10;
			fclose(f);
			if (r <= base) {
				printf("# filler: heap purged after %" PRIu64
				       " MiB\n", total >> 20);
				return 0;
			}
		}
	}
	printf("# filler: %" PRIu64 " MiB taken, heap not purged\n", total >> 20);
	return 1;
}

/* DONTNEED, then real memory pressure from a filler process: purged. */
static void test_heap_purge_pressure(void)
{
	int fd = drm_fd(), status;
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo heap = bo_create(fd, 4 * CHUNK, PANFROST_BO_HEAP |
				   PANFROST_BO_NOEXEC);
	uint64_t base;
	uint32_t retained;
	pid_t pid;

	bo_map(fd, &jobs);
	base = resident(fd);
	require(grow(fd, &jobs, &heap, 0, 0, 1) == 1, "chunk 0");
	require(grow(fd, &jobs, &heap, 3, 0, 1) == 1, "chunk 3");
	require(resident(fd) - base == 2 * CHUNK, "two chunks resident");
	madvise_bo(fd, &heap, PANFROST_MADV_DONTNEED, &retained);
	pid = fork();
	require(pid >= 0, "fork");
	if (!pid)
		_exit(filler(fd, base));
	require(waitpid(pid, &status, 0) == pid, "waitpid");
	say("filler: %s %d", WIFEXITED(status) ? "exit" : "signal",
	    WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
	require(resident(fd) == base, "purged under pressure: resident %" PRIu64
		" KiB over the base", (resident(fd) - base) >> 10);
	madvise_bo(fd, &heap, PANFROST_MADV_WILLNEED, &retained);
	require(!retained, "the backing store is gone");
	require(grow(fd, &jobs, &heap, 1, 0, 1) < 0, "a purged heap's fault "
		"fails the job");
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
}

/*
 * A heap is the GPU's to grow: the CPU may not map it through any path (the
 * MMAP_BO ioctl, a dma-buf export, whose mmap would populate the whole heap
 * behind the fault handler's back), and SYNC_BO has nothing to do on it.
 * Refusals are -EINVAL, as MMAP_BO's; the heap still grows afterwards.
 */
static void test_heap_no_cpu_map(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo heap = bo_create(fd, 2 * CHUNK, PANFROST_BO_HEAP |
				   PANFROST_BO_NOEXEC);
	struct drm_prime_handle p = { .handle = heap.handle,
				      .flags = DRM_CLOEXEC | DRM_RDWR };
	struct drm_panfrost_mmap_bo m = { .handle = heap.handle };
	uint64_t base;
	int ret;

	bo_map(fd, &jobs);
	base = resident(fd);
	require(grow(fd, &jobs, &heap, 0, 0x100, 0xdeadbeef) == 1, "chunk 0");
	ret = ioc(fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &p);
	if (!ret)
		close(p.fd);
	require(ret == -EINVAL, "export: %s, not EINVAL", strerror(-ret));
	ret = ioc(fd, DRM_IOCTL_PANFROST_MMAP_BO, &m);
	require(ret == -EINVAL, "MMAP_BO: %s, not EINVAL", strerror(-ret));
	require(resident(fd) - base == CHUNK, "only chunk 0 resident: +%"
		PRIu64 " KiB", (resident(fd) - base) >> 10);
	require(grow(fd, &jobs, &heap, 1, 0x40, 0xfeedf00d) == 1, "chunk 1");
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
}

/* SYNC_BO on @bo, [@offset, @offset + @size); 0 or -errno. */
static int sync_bo(int fd, struct bo *bo, uint32_t offset, uint32_t size)
{
	struct drm_panfrost_bo_sync_op op = {
		.handle = bo->handle,
		.type = PANFROST_BO_SYNC_CPU_CACHE_FLUSH_AND_INVALIDATE,
		.offset = offset,
		.size = size,
	};
	struct drm_panfrost_sync_bo s = {
		.ops = (uintptr_t)&op,
		.op_count = 1,
	};

	return ioc(fd, DRM_IOCTL_PANFROST_SYNC_BO, &s);
}

/*
 * SYNC_BO on a write-back heap (the model's GPU is coherent, so every BO
 * is mapped write-back) that never faulted, and on one that did, then
 * faults in them.  Mainline built the whole heap's sg table there, and
 * the heap's next fault dereferenced the table array the fault handler
 * never allocated: an oops.  The test succeeds if SYNC_BO succeeds with
 * nothing made resident, and both heaps then grow chunk by chunk.
 */
static void test_heap_sync_bo(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	struct bo fresh = bo_create(fd, 2 * CHUNK, PANFROST_BO_HEAP |
				    PANFROST_BO_NOEXEC);
	struct bo grown = bo_create(fd, 2 * CHUNK, PANFROST_BO_HEAP |
				    PANFROST_BO_NOEXEC);
	uint64_t base;
	int ret;

	bo_map(fd, &jobs);
	require(grow(fd, &jobs, &grown, 0, 0x100, 1) == 1, "chunk 0");
	base = resident(fd);
	ret = sync_bo(fd, &fresh, 0, SZ_4K);
	require(!ret, "SYNC_BO, heap that never faulted: %s", strerror(-ret));
	ret = sync_bo(fd, &grown, 0, 2 * CHUNK);
	require(!ret, "SYNC_BO, heap that faulted: %s", strerror(-ret));
	require(resident(fd) == base, "SYNC_BO made +%" PRIu64 " KiB resident",
		(resident(fd) - base) >> 10);
	require(grow(fd, &jobs, &fresh, 0, 0x200, 2) == 1, "fresh: chunk 0");
	require(grow(fd, &jobs, &grown, 1, 0x200, 3) == 1, "grown: chunk 1");
	require(resident(fd) - base == 2 * CHUNK, "resident +%" PRIu64 " KiB",
		(resident(fd) - base) >> 10);
	bo_close(fd, &grown);
	bo_close(fd, &fresh);
	bo_close(fd, &jobs);
	close(fd);
}

/* A counter of /proc/vmstat, the per-CPU deltas folded in first; -1 if absent. */
static long vmstat(const char *name)
{
	size_t n = strlen(name);
	char line[128];
	long v = -1;
	FILE *f;

	write_str("/proc/sys/vm/stat_refresh", "1");
	f = fopen("/proc/vmstat", "r");
	require(f != NULL, "/proc/vmstat: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, n) && line[n] == ' ')
			v = atol(line + n + 1);
	fclose(f);
	return v;
}

/*
 * The GPU page tables are counted as IOMMU page tables are
 * (nr_iommu_pages, nr_sec_page_table_pages, SecPageTables in meminfo):
 * a file's address space and the growth of its heap raise the counts, and
 * closing the file, which frees its tables, brings them back.
 */
static void test_heap_pt_accounting(void)
{
	static const char *const counters[] = {
		"nr_iommu_pages", "nr_sec_page_table_pages",
	};
	long before[2], grown[2], after[2];
	struct bo jobs, heap;
	int fd, i, c;

	/* The files of earlier subtests gone first. */
	usleep(200000);
	for (c = 0; c < 2; c++) {
		before[c] = vmstat(counters[c]);
		skip_unless(before[c] >= 0, "no %s in /proc/vmstat", counters[c]);
	}
	fd = drm_fd();
	jobs = bo_create(fd, SZ_4K, 0);
	heap = bo_create(fd, 8 * CHUNK, PANFROST_BO_HEAP | PANFROST_BO_NOEXEC);
	bo_map(fd, &jobs);
	for (i = 0; i < 8; i++)
		require(grow(fd, &jobs, &heap, i, 0x40, 0x7ab1e + i) == 1,
			"chunk %d", i);
	for (c = 0; c < 2; c++) {
		grown[c] = vmstat(counters[c]);
		require(grown[c] > before[c], "%s: %ld, %ld before the file",
			counters[c], grown[c], before[c]);
	}
	munmap(jobs.map, jobs.size);
	bo_close(fd, &heap);
	bo_close(fd, &jobs);
	close(fd);
	/* The scheduler may free the last job, and the context, a bit later. */
	for (i = 0; i < 300; i++) {
		for (c = 0; c < 2; c++)
			after[c] = vmstat(counters[c]);
		if (after[0] <= before[0] && after[1] <= before[1])
			break;
		usleep(10000);
	}
	for (c = 0; c < 2; c++)
		require(after[c] <= before[c], "%s: %ld after close, %ld before",
			counters[c], after[c], before[c]);
	say("page tables: +%ld pages with 8 chunks, back after close",
	    grown[0] - before[0]);
}

static void test_bad_args(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	uint32_t bad = 0xdead;
	struct drm_panfrost_submit s = { 0 };
	uint64_t jc;

	bo_map(fd, &jobs);
	jc = job_null(&jobs, 0, 0);
	require(submit_ret(fd, 0, &jobs.handle, 1, 0) == -EINVAL, "jc 0");
	require(submit_ret(fd, jc, &bad, 1, 0) == -ENOENT, "a bad BO handle");
	s.jc = jc;
	s.bo_handles = (uintptr_t)&jobs.handle;
	s.bo_handle_count = 1;
	s.out_sync = 0xdead;
	require(ioc(fd, DRM_IOCTL_PANFROST_SUBMIT, &s) == -ENODEV,
		"a bad out_sync");
	s.out_sync = 0;
	s.in_syncs = (uintptr_t)&bad;
	s.in_sync_count = 1;
	require(ioc(fd, DRM_IOCTL_PANFROST_SUBMIT, &s) == -ENOENT,
		"a bad in_sync");
	s.in_sync_count = 0;
	s.requirements = 0x80000000;
	require(ioc(fd, DRM_IOCTL_PANFROST_SUBMIT, &s) == -EINVAL,
		"unknown requirements");
	/* Nothing above ran: the next job is the first to write its status. */
	require(job_status(&jobs, 0) == 0, "no refused job ran");
	require(run_job(fd, jc, &jobs.handle, 1, 10) == 1, "a good job runs");
	/* A job of a type the GPU rejects (type 0x7f) fails, not hangs. */
	job_at(&jobs, 1, &jc)->control = 1 | 0x7f << 1 | 1 << 16;
	require(run_job(fd, jc, &jobs.handle, 1, 10) < 0, "a bad job fails");
	bo_close(fd, &jobs);
	close(fd);
}

static void test_loop_timeout(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	uint64_t jc;
	int st;

	bo_map(fd, &jobs);
	jc = job_null(&jobs, 0, 0);
	job_at(&jobs, 0, &jc)->next = jc;	/* loops forever */
	st = run_job(fd, jc, &jobs.handle, 1, 30);
	require(st < 0, "a looping job is stopped with an error: %d", st);
	say("looping job: fence error %d (%s)", st, strerror(-st));
	require(run_job(fd, job_null(&jobs, 1, 0), &jobs.handle, 1, 10) == 1,
		"the next job runs");
	bo_close(fd, &jobs);
	close(fd);
}

/* A child's work: heaps grown by jobs; @abandon closes without waiting. */
/* stress-pressure: a job may fail when its heap fault finds no memory. */
static bool pressure_tolerated;

static int child(int id, bool abandon)
{
	int fd = open_panfrost(), h, k, bad = 0, refused = 0;
	struct bo jobs, heaps[3];
	uint32_t sync[6];

	if (fd < 0)
		return 1;
	if (bo_create_ret(fd, SZ_4K, 0, &jobs))
		return 1;
	bo_map(fd, &jobs);
	for (h = 0; h < 3; h++)
		if (bo_create_ret(fd, 2 * CHUNK, PANFROST_BO_HEAP |
				  PANFROST_BO_NOEXEC, &heaps[h]))
			return 1;
	for (h = 0; h < 3; h++) {
		for (k = 0; k < 2; k++) {
			uint32_t bos[2] = { jobs.handle, heaps[h].handle };
			uint64_t jc = job_write(&jobs, h * 2 + k,
						heaps[h].va + k * CHUNK + 4 * id,
						WV_IMM32, id);

			sync[h * 2 + k] = syncobj_create(fd);
			if (submit_ret(fd, jc, bos, 2, sync[h * 2 + k]))
				return 1;
		}
	}
	if (abandon) {
		close(fd);	/* jobs still queued or running */
		return 0;
	}
	for (h = 0; h < 6; h++) {
		int st = syncobj_status(fd, sync[h], 60);

		if (st == 1 && job_status(&jobs, h) == EXC_DONE)
			continue;
		/*
		 * Under memory pressure a heap fault may fail, as it always
		 * could: the job fails (and the next ones on its disabled
		 * address space with it).  A job that never ends may not.
		 */
		if (pressure_tolerated && st == -EINVAL) {
			refused++;
			continue;
		}
		bad++;
	}
	if (refused)
		printf("# child %d: %d of 6 jobs failed, their heap fault "
		       "found no memory\n", id, refused);
	close(fd);
	return bad ? 1 : 0;
}

static void test_stress(void)
{
	int fd = drm_fd(), i, status, failed = 0;
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	pid_t pids[6];

	for (i = 0; i < 6; i++) {
		pids[i] = fork();
		require(pids[i] >= 0, "fork");
		if (!pids[i]) {
			int ret = 1;

			if (!setjmp(fail_jmp))
				ret = child(i, i % 3 == 2);
			_exit(ret);
		}
	}
	for (i = 0; i < 6; i++) {
		require(waitpid(pids[i], &status, 0) == pids[i], "waitpid");
		if (!WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	require(!failed, "%d of 6 processes failed", failed);
	bo_map(fd, &jobs);
	require(run_job(fd, job_null(&jobs, 0, 0), &jobs.handle, 1, 10) == 1,
		"the device still runs jobs");
	bo_close(fd, &jobs);
	close(fd);
}

/*
 * The same, with the memory nearly gone: a hog holds all but ~128 MiB of
 * what is available (touched, so reclaim must work for every page the
 * heaps take), while the processes grow their heaps.
 */
static void test_stress_pressure(void)
{
	uint64_t avail = meminfo("MemAvailable");
	int p[2], status;
	pid_t hog;
	char c;

	skip_unless(avail > (512ULL << 20), "less than 512 MiB available");
	require(!pipe(p), "pipe");
	hog = fork();
	require(hog >= 0, "fork");
	if (!hog) {
		uint64_t want = avail - (128ULL << 20), got = 0;

		become_oom_victim();
		while (got < want && take_anon(16 << 20))
			got += 16 << 20;
		printf("# hog: holding %" PRIu64 " MiB\n", got >> 20);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	require(read(p[0], &c, 1) == 1, "the hog is in place");
	close(p[0]);
	say("MemAvailable %" PRIu64 " MiB, now %" PRIu64 " MiB", avail >> 20,
	    meminfo("MemAvailable") >> 20);
	pressure_tolerated = true;
	test_stress();
	kill(hog, SIGKILL);
	require(waitpid(hog, &status, 0) == hog, "waitpid");
}

/* Close the fd while a looping job runs: the job is torn down. */
static void test_close_running(void)
{
	int fd = drm_fd();
	struct bo jobs = bo_create(fd, SZ_4K, 0);
	uint64_t jc;

	bo_map(fd, &jobs);
	jc = job_null(&jobs, 0, 0);
	job_at(&jobs, 0, &jc)->next = jc;
	require(!submit_ret(fd, jc, &jobs.handle, 1, 0), "submit");
	usleep(100000);
	munmap(jobs.map, jobs.size);
	close(fd);
	fd = drm_fd();
	jobs = bo_create(fd, SZ_4K, 0);
	bo_map(fd, &jobs);
	require(run_job(fd, job_null(&jobs, 0, 0), &jobs.handle, 1, 30) == 1,
		"a new file runs jobs");
	bo_close(fd, &jobs);
	close(fd);
}

static const struct {
	const char *name;
	void (*fn)(void);
} subtests[] = {
	{ "heap-create", test_heap_create },
	{ "null-job", test_null_job },
	{ "write-value", test_write_value },
	{ "bad-args", test_bad_args },
	{ "heap-growth", test_heap_growth },
	{ "heap-past-end", test_heap_past_end },
	{ "heap-fault-new-file", test_heap_fault_new_file },
	{ "heap-fallbacks", test_heap_fallbacks },
	{ "heap-purge", test_heap_purge },
	{ "heap-purge-pressure", test_heap_purge_pressure },
	{ "heap-no-cpu-map", test_heap_no_cpu_map },
	{ "heap-sync-bo", test_heap_sync_bo },
	{ "heap-pt-accounting", test_heap_pt_accounting },
	{ "loop-timeout", test_loop_timeout },
	{ "close-running", test_close_running },
	{ "stress-processes", test_stress },
	{ "stress-pressure", test_stress_pressure },
};

#define N_SUBTESTS (int)(sizeof(subtests) / sizeof(subtests[0]))

static int run_one(int i)
{
	int ret;

	current = subtests[i].name;
	skip_now = 0;
	printf("Starting subtest: %s\n", current);
	if (!setjmp(fail_jmp)) {
		subtests[i].fn();
		ret = 0;
	} else {
		ret = skip_now ? SKIP : 1;
	}
	disarm_all();
	printf("Subtest %s: %s\n", current,
	       ret == 0 ? "SUCCESS" : ret == SKIP ? "SKIP" : "FAIL");
	current = NULL;
	return ret;
}

int main(int argc, char **argv)
{
	int i, ret = 0, any = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	if (argc == 2 && !strcmp(argv[1], "--list-subtests")) {
		for (i = 0; i < N_SUBTESTS; i++)
			printf("%s\n", subtests[i].name);
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "--run-subtest")) {
		for (i = 0; i < N_SUBTESTS; i++)
			if (!strcmp(argv[2], subtests[i].name))
				return run_one(i);
		fprintf(stderr, "no subtest %s\n", argv[2]);
		return 2;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: %s [--list-subtests | --run-subtest NAME]\n",
			argv[0]);
		return 2;
	}
	for (i = 0; i < N_SUBTESTS; i++) {
		int r = run_one(i);

		if (r == 1)
			ret = 1;
		else if (r == 0)
			any = 1;
	}
	return ret ? 1 : any ? 0 : SKIP;
}
