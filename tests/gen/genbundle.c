/* Generator of large support bundles for the benchmarks: a year of MARS agent logs (UTF-16LE
 * and UTF-8), event logs exported as XML (about a third of the bytes) and small command
 * outputs, zipped with libarchive; the same size and seed always give the same bytes. */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <archive.h>
#include <archive_entry.h>

#if defined(__GNUC__) || defined(__clang__)
#define PRINTF_LIKE(a, b) __attribute__((format(printf, a, b)))
#else
#define PRINTF_LIKE(a, b)
#endif

#define FLUSH_AT	(1 << 20)	/* bytes of UTF-8 gathered before an entry write */
#define LOG_MAX		(64LL * 1000 * 1000)	/* bytes of one rotated MARS log */
#define MTIME		1773576000LL	/* 2026-03-15 12:00:00 UTC, as tests/pack.sh */
/* The logs cover most of the year before MTIME, starting late enough that no line's date
 * (a MARS line has no year) is read as a date of MTIME's year. */
#define SPAN_MS		(361LL * 86400 * 1000)
#define START_MS	((MTIME - 362LL * 86400) * 1000)

/* ---- deterministic randomness (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static unsigned
rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

#define PICK(arr) ((arr)[rn((unsigned)(sizeof(arr) / sizeof((arr)[0])))])

static void
guid(char *out, int upper)
{
	static const char lo[] = "0123456789abcdef", up[] = "0123456789ABCDEF";
	const char *d = upper ? up : lo;
	uint64_t a = rnd(), b = rnd();
	int i, k = 0;

	for (i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[k++] = '-';
		out[k++] = d[(i < 16 ? a >> (4 * i) : b >> (4 * (i - 16))) & 15];
	}
	out[k] = '\0';
}

/* ---- one archive entry, written as it is produced ---- */

struct out {
	struct archive *a;
	int utf16;
	char *buf;		/* UTF-8 not yet written */
	size_t len;
	unsigned char *wide;	/* its UTF-16LE form */
	uint64_t bytes;		/* bytes of the entry as encoded so far */
};

static void die(const char *fmt, ...) PRINTF_LIKE(1, 2);

static void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("genbundle: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void
put_bytes(struct out *o, const void *p, size_t n)
{
	if (archive_write_data(o->a, p, n) != (la_ssize_t)n)
		die("write: %s", archive_error_string(o->a));
}

/* UTF-8 (valid, no surrogates needed by our texts) to UTF-16LE. */
static size_t
to_utf16(const unsigned char *s, size_t n, unsigned char *w)
{
	size_t i = 0, k = 0;
	unsigned cp;

	while (i < n) {
		if (s[i] < 0x80)
			cp = s[i++];
		else if ((s[i] & 0xE0) == 0xC0) {
			cp = (unsigned)(s[i] & 0x1F) << 6 | (s[i + 1] & 0x3F);
			i += 2;
		} else {
			cp = (unsigned)(s[i] & 0x0F) << 12 | (unsigned)(s[i + 1] & 0x3F) << 6 |
			    (s[i + 2] & 0x3F);
			i += 3;
		}
		w[k++] = (unsigned char)(cp & 0xFF);
		w[k++] = (unsigned char)(cp >> 8);
	}
	return k;
}

static void
flush(struct out *o)
{
	size_t k;

	if (o->len == 0)
		return;
	if (o->utf16) {
		k = to_utf16((const unsigned char *)o->buf, o->len, o->wide);
		put_bytes(o, o->wide, k);
	} else
		put_bytes(o, o->buf, o->len);
	o->len = 0;
}

/* Appends formatted text; whole lines or events only, so a flush never splits a character. */
static void emit(struct out *o, const char *fmt, ...) PRINTF_LIKE(2, 3);

static void
emit(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, 2 * FLUSH_AT - o->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= 2 * FLUSH_AT - o->len)
		die("text too long");
	o->len += (size_t)n;
	o->bytes += o->utf16 ? 2 * (uint64_t)n : (uint64_t)n;	/* ASCII-only texts */
	if (o->len >= FLUSH_AT)
		flush(o);
}

static void
entry_begin(struct out *o, const char *name, int utf16, int64_t size)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, name);
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_perm(e, 0644);
	archive_entry_set_mtime(e, MTIME, 0);
	if (size >= 0)
		archive_entry_set_size(e, size);
	else
		archive_entry_unset_size(e);
	if (archive_write_header(o->a, e) != ARCHIVE_OK)
		die("%s: %s", name, archive_error_string(o->a));
	archive_entry_free(e);
	o->utf16 = utf16;
	o->len = 0;
	o->bytes = 0;
	if (utf16) {
		put_bytes(o, "\xFF\xFE", 2);
		o->bytes = 2;
	}
}

static void
entry_end(struct out *o)
{
	flush(o);
	if (archive_write_finish_entry(o->a) != ARCHIVE_OK)
		die("%s", archive_error_string(o->a));
}

/* ---- MARS agent logs ---- */

struct mars {
	struct out *o;
	uint64_t done, total;	/* log bytes written, and planned, over all files */
	int64_t t;		/* time of the last line, ms */
	unsigned pid, tid_main, tid_job;
	char job[40];
	unsigned long long ptr_job, ptr_ssb, ptr_vhd, ptr_mon, ptr_up;
	int njobs;
};

/* Time follows the share of bytes written, so any size covers the same year. */
static void
mars_tick(struct mars *m, unsigned max_step)
{
	int64_t want = START_MS + (int64_t)((double)m->done / (double)m->total * SPAN_MS);

	m->t += 1 + rn(max_step);
	if (m->t < want)
		m->t = want;
}

/* One line: PID TID MM/DD HH:MM:SS.mmm NN source(line) [ptr] GUID LEVEL message. */
static void mars_line(struct mars *m, unsigned tid, const char *src, int srcline,
    unsigned long long ptr, const char *job, const char *level, const char *fmt, ...)
    PRINTF_LIKE(8, 9);

static void
mars_line(struct mars *m, unsigned tid, const char *src, int srcline,
    unsigned long long ptr, const char *job, const char *level, const char *fmt, ...)
{
	char msg[1024], head[256];
	int64_t s = m->t / 1000, days = s / 86400, sod = s % 86400;
	int mo, d;
	int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	size_t n;
	va_list ap;
	uint64_t before = m->o->bytes;

	d = (int)(doy - (153 * mp + 2) / 5 + 1);
	mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	n = (size_t)snprintf(head, sizeof head, "%04X\t%04X\t%02d/%02d\t%02d:%02d:%02d.%03d\t%d\t%s(%d)",
	    m->pid, tid, mo, d, (int)(sod / 3600), (int)(sod / 60 % 60), (int)(sod % 60),
	    (int)(m->t % 1000), strstr(src, ".cs") ? 69 : 71, src, srcline);
	if (ptr)
		n += (size_t)snprintf(head + n, sizeof head - n, "\t[%016llX]", ptr);
	if (job)
		snprintf(head + n, sizeof head - n, "\t%s", job);
	emit(m->o, "%s\t%s\t%s\r\n", head, level, msg);
	m->done += m->o->bytes - before;
}

static unsigned long long
new_ptr(void)
{
	return 0x10000000ULL + (rnd() & 0x1FFFFFFF0ULL);
}

static const char *const sys_dirs[] = {
	"C:\\Windows\\System32\\DriverStore\\FileRepository",
	"C:\\Windows\\System32\\drivers",
	"C:\\Windows\\WinSxS",
	"C:\\Windows\\System32\\config",
	"C:\\Windows\\System32\\catroot",
	"C:\\Windows\\SysWOW64",
	"C:\\Windows\\System32\\wbem\\Repository",
	"C:\\Windows\\Boot\\EFI",
	"C:\\Program Files\\Common Files\\microsoft shared",
	"C:\\Windows\\System32\\spool\\drivers\\x64\\3",
};
static const char *const sys_parts[] = {
	"amd64_microsoft-windows-", "netrtle.inf_amd64_", "x86_wow64_", "msil_system.", "ntfs",
	"kernelbase", "storport", "volsnap", "vhdmp", "vssvc", "wbengine", "basicdisplay",
	"usbhub3", "disk", "partmgr", "spaceport", "tcpip", "ndis", "hidclass", "acpi",
};
static const char *const sys_exts[] = {
	".dll", ".sys", ".inf", ".cat", ".mui", ".exe", ".manifest", ".dat", ".pnf", ".efi"
};
static const char *const writers[] = {
	"System Writer", "Registry Writer", "COM+ REGDB Writer", "WMI Writer",
	"Task Scheduler Writer", "VSS Metadata Store Writer", "Performance Counters Writer",
	"ASR Writer", "Shadow Copy Optimization Writer", "IIS Config Writer", "NTDS",
};

static void
mars_housekeeping(struct mars *m)
{
	mars_tick(m, 600000);
	switch (rn(8)) {
	case 0:
		mars_line(m, m->tid_main, "TokenCache.cs", 151, 0, NULL, "WARNING",
		    "TokenCache::GetToken :: Cached service token expires in 00:0%u:%02u, refreshing",
		    rn(10), rn(60));
		mars_tick(m, 2000);
		mars_line(m, m->tid_main, "TokenCache.cs", 177, 0, NULL, "NORMAL",
		    "TokenCache::GetToken :: Service token refreshed");
		break;
	case 1:
		mars_line(m, m->tid_main, "PolicyManager.cs", 412, 0, NULL, "NORMAL",
		    "PolicyManager::RefreshPolicy :: Policy is up to date. Next scheduled backup: "
		    "SystemStatePolicy");
		break;
	case 2:
		mars_line(m, m->tid_main, "resourcemonitor.cpp", 96, new_ptr(), NULL, "NORMAL",
		    "CResourceMonitor::Log :: Memory usage: Private %u KB, Working set %u KB, "
		    "Handles %u", 90000 + rn(80000), 60000 + rn(90000), 700 + rn(900));
		break;
	case 3:
		mars_line(m, m->tid_main, "ProxyHelper.cs", 64, 0, NULL, "NORMAL",
		    "GetProxySettings :: No proxy configured, using direct connection");
		break;
	case 4:
		mars_line(m, m->tid_main, "throttlemanager.cpp", 211, new_ptr(), NULL, "NORMAL",
		    "CThrottleManager::GetThrottle :: Work hours throttling disabled, "
		    "bandwidth %u Mbps", 64 + rn(960));
		break;
	case 5:
		mars_line(m, m->tid_main, "HeartbeatSender.cs", 58, 0, NULL, "NORMAL",
		    "HeartbeatSender::Send :: Heartbeat sent to service. Status: 200, "
		    "Latency: %u ms", 20 + rn(400));
		break;
	case 6:
		mars_line(m, m->tid_main, "CBEngineService.cs", 204, 0, NULL, "NORMAL",
		    "CBEngineService::OnTimer :: Checking for pending jobs, found 0");
		break;
	default:
		mars_line(m, m->tid_main, "cbengine.cpp", 512, new_ptr(), NULL, "NORMAL",
		    "CCBEngine::CleanupScratch :: Removed %u stale files from the scratch folder",
		    rn(12));
		break;
	}
}

static void
mars_job(struct mars *m)
{
	const char *J = m->job;
	char vol[40];
	unsigned i, nfiles, nchunks, outcome = rn(1000), pct;
	unsigned long long off = 0;

	guid(m->job, 1);
	guid(vol, 0);
	m->tid_job = 0x0800 + rn(0x3000);
	m->ptr_job = new_ptr();
	m->ptr_ssb = new_ptr();
	m->ptr_vhd = new_ptr();
	m->ptr_mon = new_ptr();
	m->ptr_up = new_ptr();
	m->njobs++;
	mars_tick(m, 1000);
	mars_line(m, m->tid_job, "CBPScheduledJob.cs", 187, 0, J, "NORMAL",
	    "ScheduledJob::Run :: Scheduled backup triggered by task 'Microsoft-OnlineBackup'. "
	    "Policy: 'SystemStatePolicy', Items: System State");
	mars_tick(m, 400);
	mars_line(m, m->tid_job, "cbpjobmanager.cpp", 412, m->ptr_job, J, "NORMAL",
	    "CCBPJobManager::StartJob :: Starting job. JobType: Backup, DataSourceType: SystemState");
	mars_tick(m, 400);
	mars_line(m, m->tid_job, "ssbprovider.cpp", 233, m->ptr_ssb, J, "NORMAL",
	    "CSSBProvider::PrepareStaging :: Scratch location: C:\\Program Files\\Microsoft Azure "
	    "Recovery Services Agent\\Scratch");
	mars_tick(m, 900);
	mars_line(m, m->tid_job, "vhdhelper.cpp", 518, m->ptr_vhd, J, "NORMAL",
	    "VhdHelper::MountVhd :: Staging VHD attached, volume \\\\?\\Volume{%s}\\ (CBSSBVol_%.4s)",
	    vol, m->job);
	mars_tick(m, 900);
	mars_line(m, m->tid_job, "ssbprovider.cpp", 640, m->ptr_ssb, J, "NORMAL",
	    "CSSBProvider::StartWsbBackup :: Launching Windows Server Backup: wbadmin.exe start "
	    "systemstatebackup -backuptarget:\\\\?\\Volume{%s}\\ -quiet", vol);
	mars_tick(m, 4000);
	mars_line(m, m->tid_job, "wsbjobmonitor.cpp", 301, m->ptr_mon, J, "NORMAL",
	    "WsbJobMonitor::Poll :: WSB job state: Running. Creating a shadow copy of the volumes "
	    "specified for backup...");
	if (outcome < 40) {	/* a writer times out: the common failure */
		mars_tick(m, 70000);
		mars_line(m, m->tid_job, "wsbjobmonitor.cpp", 355, m->ptr_mon, J, "WARNING",
		    "WsbJobMonitor::WaitForCompletion :: WSB job finished. JobState: Completed, "
		    "HResult: 0x807800C5, DetailedHResult: 0x800423F2");
		mars_tick(m, 500);
		mars_line(m, m->tid_job, "ssbprovider.cpp", 702, m->ptr_ssb, J, "WARNING",
		    "Failed: Hr: = [0x807800C5] : WSB job failed with VSS errors. Check VSS event "
		    "logs to resolve the failure");
		mars_tick(m, 1500);
		mars_line(m, m->tid_job, "cbpjobmanager.cpp", 688, m->ptr_job, J, "WARNING",
		    "CCBPJobManager::CompleteJob :: Job completed. JobType: Backup, Status: Failed, "
		    "Hr: = [0x807800C5], Duration: 00:01:%02u", 10 + rn(50));
		return;
	}
	if (outcome < 44) {
		mars_tick(m, 30000);
		mars_line(m, m->tid_job, "systemstatebackup.cpp", 1045, m->ptr_ssb, J, "FATAL",
		    "System state backup operation failed as the EFI system partition is locked. "
		    "This can be due to system partition access by a third-party security or back "
		    "up software.");
		return;
	}
	if (outcome < 50) {
		mars_tick(m, 90000);
		mars_line(m, m->tid_job, "systemstatebackup.cpp", 733, m->ptr_ssb, J, "FATAL",
		    "Backup failed as the shadow copy volume could not grow due to insufficient disk "
		    "space on volumes containing system files.");
		return;
	}
	mars_tick(m, 40000);
	mars_line(m, m->tid_job, "wsbjobmonitor.cpp", 301, m->ptr_mon, J, "NORMAL",
	    "WsbJobMonitor::Poll :: WSB job state: Running. Identifying system state files to back "
	    "up (This may take a few minutes)...");
	nfiles = 200 + rn(1800);
	for (i = 0; i < nfiles; i++) {
		mars_tick(m, 120);
		mars_line(m, m->tid_job, "ssbenum.cpp", 377, m->ptr_ssb, J, "NORMAL",
		    "CSSBEnumerator::AddFile :: %s\\%s%u%s%s, Size: %u, Writer: '%s'", PICK(sys_dirs),
		    PICK(sys_parts), rn(100000), rn(3) ? "" : "_31bf3856ad364e35", PICK(sys_exts),
		    rn(8000000), PICK(writers));
		if (i % 97 == 0) {
			pct = i * 100 / nfiles;
			mars_line(m, m->tid_job, "wsbjobmonitor.cpp", 301, m->ptr_mon, J, "NORMAL",
			    "WsbJobMonitor::Poll :: WSB job state: Running. Overall progress: %u%% "
			    "(Currently backing up files reported by '%s')", pct, PICK(writers));
		}
	}
	mars_tick(m, 5000);
	mars_line(m, m->tid_job, "wsbjobmonitor.cpp", 355, m->ptr_mon, J, "NORMAL",
	    "WsbJobMonitor::WaitForCompletion :: WSB job finished. JobState: Completed, HResult: "
	    "0x0, DetailedHResult: 0x0");
	mars_line(m, m->tid_job, "ssbprovider.cpp", 811, m->ptr_ssb, J, "NORMAL",
	    "CSSBProvider::Backup :: System state staged, size %u.%u GB; starting transfer",
	    12 + rn(8), rn(10));
	mars_line(m, m->tid_job, "clouduploader.cpp", 145, m->ptr_up, J, "NORMAL",
	    "CCloudUploader::Start :: Transferring data to Azure. Endpoint: "
	    "pod01-prot1.uks.backup.windowsazure.com:443");
	nchunks = 100 + rn(900);
	for (i = 0; i < nchunks; i++) {
		char req[40];
		mars_tick(m, 900);
		guid(req, 0);
		mars_line(m, m->tid_job, "clouduploader.cpp", 402, m->ptr_up, J, "NORMAL",
		    "CCloudUploader::UploadChunk :: Chunk %u uploaded. Offset: %llu, Size: 4194304, "
		    "Elapsed: %u ms, RequestId: %s", i, off, 150 + rn(3000), req);
		off += 4194304;
		if (rn(40) == 0)
			mars_line(m, m->tid_job, "httphelper.cpp", 288, m->ptr_up, J, "WARNING",
			    "HttpHelper::SendRequest :: Request timed out after 120000 ms, retrying "
			    "(attempt %u of 5). Hr: = [0x80072EE2]", 1 + rn(3));
	}
	mars_line(m, m->tid_job, "fileprovider.cpp", 1290, m->ptr_up, J, "NORMAL",
	    "FileProvider::EndData :: Data transfer complete. Bytes transferred: %llu", off);
	mars_tick(m, 30000);
	mars_line(m, m->tid_job, "catalogmanager.cpp", 233, 0, J, "NORMAL",
	    "CCatalogManager::Commit :: Catalog committed for recovery point");
	mars_tick(m, 3000);
	mars_line(m, m->tid_job, "cbpjobmanager.cpp", 688, m->ptr_job, J, "NORMAL",
	    "CCBPJobManager::CompleteJob :: Job completed. JobType: Backup, Status: Succeeded, "
	    "Duration: 00:%02u:%02u", 20 + rn(39), rn(60));
}

/* One rotated log file of about size bytes. */
static void
mars_file(struct mars *m, const char *name, int utf16, uint64_t size)
{
	entry_begin(m->o, name, utf16, -1);
	if (rn(4) == 0 || m->pid == 0) {	/* the service restarted */
		m->pid = 0x1000 + rn(0x2000);
		m->tid_main = 0x1000 + rn(0x2000);
		mars_tick(m, 1000);
		mars_line(m, m->tid_main, "CBEngineService.cs", 88, 0, NULL, "NORMAL",
		    "CBEngine service starting. Version: 2.0.9%03u.0", 200 + rn(100));
		mars_line(m, m->tid_main, "cbengine.cpp", 341, new_ptr(), NULL, "NORMAL",
		    "CCBEngine::Initialize :: Install path: C:\\Program Files\\Microsoft Azure "
		    "Recovery Services Agent");
	}
	while (m->o->bytes < size) {
		unsigned k = rn(6);
		while (k-- > 0 && m->o->bytes < size)
			mars_housekeeping(m);
		if (m->o->bytes < size)
			mars_job(m);
	}
	entry_end(m->o);
}

/* ---- event logs ---- */

struct evlog {
	struct out *o;
	const char *channel, *computer;
	int rendered;		/* RenderingInfo, as /f:RenderedXml writes it */
	uint64_t recid;
	int64_t t;
	uint64_t size;
};

static void
ev_time(int64_t ms, char *out, size_t n)
{
	int64_t s = ms / 1000, days = s / 86400, sod = s % 86400;
	int64_t z = days + 719468, era = z / 146097, doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
	int d = (int)(doy - (153 * mp + 2) / 5 + 1), mo = (int)(mp < 10 ? mp + 3 : mp - 9);
	int y = (int)(yoe + era * 400 + (mo <= 2));

	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%04uZ", y, mo, d, (int)(sod / 3600),
	    (int)(sod / 60 % 60), (int)(sod % 60), (int)(ms % 1000), rn(10000));
}

/* Writes one event: provider attributes, id, qualifiers (-1: none), level, keywords, the
 * EventData (or UserData) XML, and the rendered message and level (if rendering). */
static void
ev_write(struct evlog *e, const char *provider, int id, int qual, int level,
    const char *keywords, const char *data, const char *message)
{
	static const char *const lvname[] = {"", "Critical", "Error", "Warning", "Information"};
	char when[40], q[32] = "";

	e->t = START_MS + (int64_t)((double)e->o->bytes / (double)e->size * SPAN_MS) + rn(60000);
	ev_time(e->t, when, sizeof when);
	if (qual >= 0)
		snprintf(q, sizeof q, " Qualifiers='%d'", qual);
	emit(e->o, "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
	    "<Provider %s/><EventID%s>%d</EventID><Version>0</Version><Level>%d</Level><Task>0</Task>"
	    "<Opcode>0</Opcode><Keywords>%s</Keywords><TimeCreated SystemTime='%s'/>"
	    "<EventRecordID>%llu</EventRecordID><Correlation/><Execution ProcessID='%u' "
	    "ThreadID='%u'/><Channel>%s</Channel><Computer>%s</Computer><Security/></System>%s",
	    provider, q, id, level, keywords, when, (unsigned long long)e->recid++, rn(5000),
	    rn(9000), e->channel, e->computer, data);
	if (e->rendered && message)
		emit(e->o, "<RenderingInfo Culture='en-US'><Message>%s</Message><Level>%s</Level>"
		    "<Task>None</Task><Opcode>Info</Opcode><Channel>%s</Channel><Provider></Provider>"
		    "<Keywords><Keyword>Classic</Keyword></Keywords></RenderingInfo>", message,
		    lvname[level > 0 && level < 5 ? level : 4], e->channel);
	emit(e->o, "</Event>\r\n");
}

/* Hex of a string as UTF-16LE with a terminating NUL, as SCM puts in <Binary>. */
static void
hex_utf16(const char *s, char *out)
{
	static const char hx[] = "0123456789ABCDEF";

	for (; *s; s++) {
		*out++ = hx[(unsigned char)*s >> 4];
		*out++ = hx[*s & 15];
		*out++ = '0';
		*out++ = '0';
	}
	strcpy(out, "0000");
}

static const struct {
	const char *display, *name;
} services[] = {
	{"Volume Shadow Copy", "VSS"}, {"Block Level Backup Engine Service", "wbengine"},
	{"Microsoft Software Shadow Copy Provider", "swprv"}, {"Windows Update", "wuauserv"},
	{"Background Intelligent Transfer Service", "BITS"}, {"WinHTTP Web Proxy Auto-Discovery "
	"Service", "WinHttpAutoProxySvc"}, {"Windows Modules Installer", "TrustedInstaller"},
	{"Microsoft Azure Recovery Services Agent", "obengine"}, {"Device Setup Manager",
	"DsmSvc"}, {"Application Experience", "AeLookupSvc"},
};

static void
app_event(struct evlog *e)
{
	char data[2048], msg[2048], g1[40], g2[40];
	unsigned k = rn(1000);

	if (k < 450) {
		ev_write(e, "Name='VSS'", 8224, 0, 4, "0x80000000000000",
		    "<EventData><Binary>2D20436F64653A2020434F52535643534330303030303734392D2043616C6C3A"
		    "2020434F52535643534330303030303733372D205049443A202030303030343332322D205449443A20"
		    "2030303030353831342D20434D443A2020433A5C57696E646F77735C73797374656D33325C7673737"
		    "6632E6578652020202D20557365723A204E616D653A204E5420415554484F524954595C5359535445"
		    "4D2C205349443A532D312D352D31382020</Binary></EventData>",
		    "The VSS service is shutting down due to idle timeout. ");
	} else if (k < 650) {
		snprintf(data, sizeof data, "<EventData><Data>%04d-%02d-%02dT03:20:14Z</Data>"
		    "<Data>RulesEngine</Data></EventData>", 2026, 1 + rn(12), 1 + rn(28));
		ev_write(e, "Name='Microsoft-Windows-Security-SPP' Guid='{E23B33B0-C8C9-472C-A5F9-"
		    "F2BDFEA0F156}' EventSourceName='Software Protection Platform Service'", 16384,
		    16384, 4, "0x80000000000000", data,
		    "Successfully scheduled Software Protection service for re-start at "
		    "2026-01-02T03:20:14Z. Reason: RulesEngine.");
	} else if (k < 800) {
		snprintf(data, sizeof data, "<EventData><Data>svchost</Data><Data>%u</Data><Data>"
		    "Catalog Database</Data><Data>%u</Data><Data>C:\\Windows\\system32\\CatRoot2\\"
		    "{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb</Data><Data>0</Data><Data>"
		    "[%u] 0.000, [1] 0.016, [2] 0.000, [3] 0.000</Data></EventData>", 900 + rn(3000),
		    rn(3), rn(20));
		snprintf(msg, sizeof msg, "svchost (%u,D,12) Catalog Database: The database engine "
		    "attached a database (1, C:\\Windows\\system32\\CatRoot2\\{F750E6C3-38EE-11D1-"
		    "85E5-00C04FC295EE}\\catdb). (Time=0 seconds)", 900 + rn(3000));
		ev_write(e, "Name='ESENT'", 326, 0, 4, "0x80000000000000", data, msg);
	} else if (k < 900) {
		snprintf(data, sizeof data, "<EventData><Data>%s</Data><Data>10.0.17763.%u</Data>"
		    "<Data>%08x</Data><Data>ntdll.dll</Data><Data>10.0.17763.5830</Data><Data>%08x"
		    "</Data><Data>c0000374</Data><Data>%08x</Data><Data>%x</Data><Data>01d9%08x"
		    "</Data><Data>C:\\Program Files\\Vendor\\Agent\\%s</Data><Data>C:\\Windows\\"
		    "SYSTEM32\\ntdll.dll</Data><Data>%s</Data><Data></Data><Data></Data></EventData>",
		    rn(2) ? "VendorAgent.exe" : "ScanSvc.exe", rn(6000), (unsigned)rnd(),
		    (unsigned)rnd(), (unsigned)rnd() & 0xFFFFF, rn(0x4000), (unsigned)rnd(),
		    rn(2) ? "VendorAgent.exe" : "ScanSvc.exe", (guid(g1, 0), g1));
		ev_write(e, "Name='Application Error'", 1000, 0, 2, "0x80000000000000", data,
		    "Faulting application name: VendorAgent.exe, version: 10.0.17763.1, time stamp: "
		    "0x5f3e2a1b");
	} else if (k < 960) {
		ev_write(e, "Name='Microsoft-Windows-Winlogon' Guid='{DBE9B383-7CF3-4331-91CC-"
		    "A3CB16A3B538}'", 6000, -1, 4, "0x8000000000000000",
		    "<EventData><Data>SessionEnv</Data></EventData>",
		    "The winlogon notification subscriber &lt;SessionEnv&gt; was unavailable to handle a "
		    "notification event.");
	} else if (k < 985) {
		guid(g1, 0);
		guid(g2, 0);
		snprintf(data, sizeof data, "<EventData><Data>0x800423f2, The writer's timeout "
		    "expired between the Freeze and Thaw events.\n</Data><Data>\n\nOperation:\n"
		    "   Freeze Event\n\nContext:\n   Execution Context: Writer\n   Writer Class Id: "
		    "{%s}\n   Writer Name: %s\n   Writer Instance ID: {%s}\n   Command Line: C:\\"
		    "Windows\\system32\\svchost.exe -k netsvcs -p -s CryptSvc\n   Process ID: %u"
		    "</Data></EventData>", g1, PICK(writers), g2, 600 + rn(4000));
		snprintf(msg, sizeof msg, "A VSS writer has rejected an event with error 0x800423f2, "
		    "The writer's timeout expired between the Freeze and Thaw events.\n. Changes "
		    "that the writer made to the writer components while handling the event will "
		    "not be available to the requester. Check the event log for related events "
		    "from the application hosting the VSS writer.");
		ev_write(e, "Name='VSS'", 8229, 0, 3, "0x80000000000000", data, msg);
	} else {
		snprintf(data, sizeof data, "<EventData><Data>CoCreateInstance</Data><Data>"
		    "0x80040154, Class not registered </Data><Data>\n\nOperation:\n   Obtain a "
		    "callable interface for this provider\n   List interfaces for all providers "
		    "supporting this context\n   Query Shadow Copies\n\nContext:\n   Provider "
		    "ID: {%s}\n   Class ID: {%s}\n   Snapshot Context: -1</Data></EventData>",
		    (guid(g1, 0), g1), (guid(g2, 0), g2));
		ev_write(e, "Name='VSS'", 8193, 0, 2, "0x80000000000000", data,
		    "Volume Shadow Copy Service error: Unexpected error calling routine "
		    "CoCreateInstance.  hr = 0x80040154, Class not registered .");
	}
}

static void
sys_event(struct evlog *e)
{
	char data[2048], msg[1024], bin[512], g1[40];
	unsigned k = rn(1000), s;

	if (k < 600) {
		const char *state = rn(2) ? "running" : "stopped";
		s = rn((unsigned)(sizeof services / sizeof services[0]));
		snprintf(msg, sizeof msg, "%s/%d", services[s].name, state[0] == 'r' ? 4 : 1);
		hex_utf16(msg, bin);
		snprintf(data, sizeof data, "<EventData><Data Name='param1'>%s</Data><Data Name="
		    "'param2'>%s</Data><Binary>%s</Binary></EventData>", services[s].display, state,
		    bin);
		snprintf(msg, sizeof msg, "The %s service entered the %s state.", services[s].display,
		    state);
		ev_write(e, "Name='Service Control Manager' Guid='{555908d1-a6d7-4695-8e1e-"
		    "26931d2012f4}' EventSourceName='Service Control Manager'", 7036, 16384, 4,
		    "0x8080000000000000", data, msg);
	} else if (k < 800) {
		guid(g1, 1);
		snprintf(data, sizeof data, "<EventData><Data Name='param1'>application-specific"
		    "</Data><Data Name='param2'>Local</Data><Data Name='param3'>Activation</Data>"
		    "<Data Name='param4'>{%s}</Data><Data Name='param5'>{6B3B8D23-FA8D-40B9-8DBD-"
		    "B950333E2C52}</Data><Data Name='param6'>NT AUTHORITY</Data><Data Name='param7'>"
		    "SYSTEM</Data><Data Name='param8'>S-1-5-18</Data><Data Name='param9'>LocalHost "
		    "(Using LRPC)</Data><Data Name='param10'>Unavailable</Data><Data Name='param11'>"
		    "Unavailable</Data></EventData>", g1);
		ev_write(e, "Name='Microsoft-Windows-DistributedCOM' Guid='{1B562E86-B7AA-4131-BADC-"
		    "B6F3A001407E}' EventSourceName='DCOM'", 10016, 0, 3, "0x8080000000000000", data,
		    "The application-specific permission settings do not grant Local Activation "
		    "permission for the COM Server application to the user NT AUTHORITY\\SYSTEM.");
	} else if (k < 900) {
		snprintf(data, sizeof data, "<EventData><Data Name='TimeSource'>dc%02u.contoso.com "
		    "(ntp.d|10.0.%u.%u:123-&gt;10.0.%u.%u:123)</Data></EventData>", rn(4) + 1,
		    rn(255), rn(255), rn(255), rn(255));
		ev_write(e, "Name='Microsoft-Windows-Time-Service' Guid='{06EDCFEB-0FD0-4E53-ACCA-"
		    "A6F8BBF81BCB}'", 37, -1, 4, "0x8000000000000000", data,
		    "The time provider NtpClient is currently receiving valid time data.");
	} else if (k < 960) {
		snprintf(data, sizeof data, "<EventData><Data Name='HiveName'>\\??\\C:\\Users\\"
		    "svc_backup\\ntuser.dat</Data><Data Name='KeysUpdated'>%u</Data><Data Name="
		    "'DirtyPages'>%u</Data></EventData>", rn(200), rn(40));
		ev_write(e, "Name='Microsoft-Windows-Kernel-General' Guid='{A68CA8B7-004F-D7B6-A698-"
		    "07E2DE0F1F5D}'", 16, -1, 4, "0x8000000000000000", data,
		    "The access history in hive \\??\\C:\\Users\\svc_backup\\ntuser.dat was cleared.");
	} else if (k < 990) {
		ev_write(e, "Name='volsnap'", 33, 16388, 4, "0x80000000000000",
		    "<EventData><Data>\\Device\\HarddiskVolume2</Data><Data>C:</Data></EventData>",
		    "The oldest shadow copy of volume C: was deleted to keep disk space usage for "
		    "shadow copies of volume C: below the user defined limit.");
	} else {
		ev_write(e, "Name='volsnap'", 25, 49156, 2, "0x80000000000000",
		    "<EventData><Data>\\Device\\HarddiskVolume2</Data><Data>C:</Data><Data>C:</Data>"
		    "</EventData>",
		    "The shadow copies of volume C: were deleted because the shadow copy storage "
		    "could not grow in time.");
	}
}

static void
backup_event(struct evlog *e)
{
	char data[1024];
	unsigned k = rn(100);

	if (k < 90) {
		snprintf(data, sizeof data, "<EventData><Data Name='BackupTime'>%lld</Data>"
		    "<Data Name='BackupTarget'>\\\\?\\Volume{%08x-0000-0000-0000-100000000000}</Data>"
		    "<Data Name='NumOfVolumes'>1</Data><Data Name='BackupState'>1</Data></EventData>",
		    (long long)e->t / 1000, (unsigned)rnd());
		ev_write(e, "Name='Microsoft-Windows-Backup' Guid='{1db28f2e-8f80-4027-8c5a-"
		    "a11f7f10f62d}'", 14, -1, 4, "0x8000000000000000", data,
		    "The backup operation has completed.");
	} else {
		snprintf(data, sizeof data, "<EventData><Data Name='BackupTime'>%lld</Data>"
		    "<Data Name='ErrorCode'>2155348165</Data><Data Name='ErrorMessage'>%%%%2155348165"
		    "</Data></EventData>", (long long)e->t / 1000);
		ev_write(e, "Name='Microsoft-Windows-Backup' Guid='{1db28f2e-8f80-4027-8c5a-"
		    "a11f7f10f62d}'", 517, -1, 2, "0x8000000000000000", data,
		    "The backup operation that started has failed with following error code "
		    "'0x807800C5' (There was a failure in preparing the backup image of one of the "
		    "volumes in the backup set.).");
	}
}

static void
ev_file(struct out *o, const char *name, const char *channel, int utf16, int rendered,
    int wrapped, uint64_t size, void (*gen)(struct evlog *))
{
	struct evlog e;

	memset(&e, 0, sizeof e);
	e.o = o;
	e.channel = channel;
	e.computer = "CONTOSO-FS01.contoso.com";
	e.rendered = rendered;
	e.recid = 100000 + rn(900000);
	e.size = size;
	entry_begin(o, name, utf16, -1);
	if (wrapped)
		emit(o, "<?xml version=\"1.0\" encoding=\"%s\" standalone=\"yes\"?>\r\n<Events>",
		    utf16 ? "UTF-16" : "utf-8");
	while (o->bytes < size)
		gen(&e);
	if (wrapped)
		emit(o, "</Events>\r\n");
	entry_end(o);
}

/* ---- small command outputs, copied from a sample folder ---- */

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
copy_dir(struct out *o, const char *dir)
{
	char *names[256], path[4096], buf[65536];
	size_t n = 0, i, k;
	struct dirent *de;
	struct stat st;
	DIR *d = opendir(dir);
	FILE *fp;

	if (d == NULL)
		die("%s: %s", dir, strerror(errno));
	while ((de = readdir(d)) != NULL && n < 256)
		if (de->d_name[0] != '.')
			names[n++] = strdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || strstr(names[i], ".errlog") ||
		    strstr(names[i], ".xml")) {
			free(names[i]);
			continue;
		}
		if ((fp = fopen(path, "rb")) == NULL)
			die("%s: %s", path, strerror(errno));
		entry_begin(o, names[i], 0, (int64_t)st.st_size);
		o->bytes = 0;
		while ((k = fread(buf, 1, sizeof buf, fp)) > 0)
			put_bytes(o, buf, k);
		fclose(fp);
		entry_end(o);
		free(names[i]);
	}
}

static void
usage(void)
{
	fputs("usage: genbundle [-s MB] [-r SEED] [-c DIR] OUT.zip\n"
	    "  -s MB    uncompressed size in megabytes (10^6 bytes), default 50\n"
	    "  -r SEED  seed of the random choices, default 1\n"
	    "  -c DIR   add the command outputs of a sample folder (not its logs)\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	struct archive *a;
	struct out o;
	struct mars m;
	uint64_t total, xml, logs, left, part;
	unsigned long long mb = 50, seed = 1;
	const char *samples = NULL, *out;
	char name[64];
	int i, nlogs;

	for (i = 1; i < argc - 1; i += 2) {
		if (strcmp(argv[i], "-s") == 0)
			mb = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-r") == 0)
			seed = strtoull(argv[i + 1], NULL, 10);
		else if (strcmp(argv[i], "-c") == 0)
			samples = argv[i + 1];
		else
			usage();
	}
	if (i != argc - 1 || mb == 0 || mb > 100000)
		usage();
	out = argv[i];
	rng_state = seed;
	total = mb * 1000000ULL;
	xml = total / 3;
	logs = total - xml;

	if ((a = archive_write_new()) == NULL)
		die("out of memory");
	archive_write_set_format_zip(a);
	archive_write_set_options(a, "zip:compression=deflate");
	if (archive_write_open_filename(a, out) != ARCHIVE_OK)
		die("%s: %s", out, archive_error_string(a));
	memset(&o, 0, sizeof o);
	o.a = a;
	o.buf = malloc(2 * FLUSH_AT);
	o.wide = malloc(4 * FLUSH_AT);
	if (o.buf == NULL || o.wide == NULL)
		die("out of memory");

	if (samples)
		copy_dir(&o, samples);
	/* Event logs: Application rendered (UTF-8), System as Event Viewer saves it (UTF-16LE),
	 * the backup channel plain. */
	ev_file(&o, "EventLogs/Application.xml", "Application", 0, 1, 0, xml * 45 / 100, app_event);
	ev_file(&o, "EventLogs/System.xml", "System", 1, 1, 1, xml * 45 / 100, sys_event);
	ev_file(&o, "EventLogs/Microsoft-Windows-Backup.xml", "Microsoft-Windows-Backup", 0, 0, 0,
	    xml - xml * 90 / 100, backup_event);
	/* MARS logs, oldest first; odd ones UTF-16LE as the agent writes them, even ones UTF-8
	 * as some collection scripts re-save them. */
	memset(&m, 0, sizeof m);
	m.o = &o;
	m.total = logs;
	m.t = START_MS;
	nlogs = (int)((logs + LOG_MAX - 1) / LOG_MAX);
	for (left = logs, i = nlogs - 1; i >= 0; i--) {
		part = left / (uint64_t)(i + 1);
		if (i == 0)
			snprintf(name, sizeof name, "Logs/CBEngineCurr.errlog");
		else
			snprintf(name, sizeof name, "Logs/CBEngine%d.errlog", i);
		mars_file(&m, name, i % 2 == 0, part);
		left -= o.bytes < left ? o.bytes : left;
	}
	if (archive_write_close(a) != ARCHIVE_OK)
		die("%s", archive_error_string(a));
	archive_write_free(a);
	free(o.buf);
	free(o.wide);
	fprintf(stderr, "genbundle: %s: %llu MB, %d MARS logs, %d jobs\n", out, mb, nlogs, m.njobs);
	return 0;
}
