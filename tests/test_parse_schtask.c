/* Tests for the scheduled task parser: Task Scheduler XML (one task, many, UTF-16),
 * schtasks as a list, CSV and table, Get-ScheduledTask as a list and table, and its bids. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "samples_more.h"

#define F(i, name) hv(&r.h, (i), (name))
#define TASK "\\Microsoft\\OnlineBackup\\Microsoft-OnlineBackup"

#define TASK_XML \
	"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" \
	"<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n" \
	"  <RegistrationInfo>\n" \
	"    <Author>SRV01\\Administrator</Author>\n" \
	"    <URI>\\Microsoft\\OnlineBackup\\Microsoft-OnlineBackup</URI>\n" \
	"  </RegistrationInfo>\n" \
	"  <Triggers>\n" \
	"    <CalendarTrigger>\n" \
	"      <StartBoundary>2026-01-05T21:00:00</StartBoundary>\n" \
	"      <Enabled>true</Enabled>\n" \
	"    </CalendarTrigger>\n" \
	"  </Triggers>\n" \
	"  <Principals>\n" \
	"    <Principal id=\"Author\">\n" \
	"      <UserId>S-1-5-18</UserId>\n" \
	"      <RunLevel>HighestAvailable</RunLevel>\n" \
	"    </Principal>\n" \
	"  </Principals>\n" \
	"  <Settings>\n" \
	"    <MultipleInstancesPolicy>Parallel</MultipleInstancesPolicy>\n" \
	"    <IdleSettings><StopOnIdleEnd>true</StopOnIdleEnd></IdleSettings>\n" \
	"    <Enabled>false</Enabled>\n" \
	"  </Settings>\n" \
	"  <Actions Context=\"Author\">\n" \
	"    <Exec>\n" \
	"      <Command>C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe</Command>\n" \
	"      <Arguments>-command Start-OBBackup</Arguments>\n" \
	"    </Exec>\n" \
	"  </Actions>\n" \
	"</Task>\n"

/* schtasks /query /xml of a folder: tasks named by the comment before each, no URI. */
#define TASKS_XML \
	"<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" \
	"<Tasks>\n" \
	"<!-- \\Microsoft\\OnlineBackup\\Microsoft-OnlineBackup -->\n" \
	"<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n" \
	"  <Settings><Enabled>true</Enabled></Settings>\n" \
	"</Task>\n" \
	"<!-- \\Microsoft\\Windows\\Defrag\\ScheduledDefrag -->\n" \
	"<Task version=\"1.4\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n" \
	"  <Triggers><TimeTrigger><Enabled>false</Enabled></TimeTrigger></Triggers>\n" \
	"  <Settings><MultipleInstancesPolicy>Queue</MultipleInstancesPolicy>" \
	"<Enabled>false</Enabled></Settings>\n" \
	"</Task>\n" \
	"</Tasks>\n"

/* schtasks /query /v /fo LIST: a task with two triggers is written twice. */
#define SCHTASKS_LIST \
	"\r\n" \
	"Folder: \\Microsoft\\OnlineBackup\r\n" \
	"HostName:                             SRV01\r\n" \
	"TaskName:                             " TASK "\r\n" \
	"Next Run Time:                        N/A\r\n" \
	"Status:                               Disabled\r\n" \
	"Logon Mode:                           Interactive/Background\r\n" \
	"Last Run Time:                        3/14/2026 9:00:01 PM\r\n" \
	"Last Result:                          -2147024891\r\n" \
	"Task To Run:                          powershell.exe -command Start-OBBackup\r\n" \
	"Scheduled Task State:                 Disabled\r\n" \
	"Run As User:                          SYSTEM\r\n" \
	"Schedule Type:                        Weekly\r\n" \
	"\r\n" \
	"HostName:                             SRV01\r\n" \
	"TaskName:                             " TASK "\r\n" \
	"Status:                               Disabled\r\n" \
	"Scheduled Task State:                 Disabled\r\n" \
	"Schedule Type:                        At system start up\r\n" \
	"\r\n"

#define SCHTASKS_CSV \
	"\"HostName\",\"TaskName\",\"Next Run Time\",\"Status\",\"Last Result\",\"Scheduled Task State\"," \
	"\"Run As User\"\r\n" \
	"\"SRV01\",\"" TASK "\",\"3/21/2026 9:00:00 PM\",\"Ready\",\"267011\",\"Enabled\",\"SYSTEM\"\r\n" \
	"\"HostName\",\"TaskName\",\"Next Run Time\",\"Status\",\"Last Result\",\"Scheduled Task State\"," \
	"\"Run As User\"\r\n" \
	"\"SRV01\",\"\\Microsoft\\Windows\\Defrag\\ScheduledDefrag\",\"N/A\",\"Disabled\",\"0\"," \
	"\"Disabled\",\"SYSTEM\"\r\n"

#define SCHTASKS_TABLE \
	"\r\n" \
	"Folder: \\Microsoft\\OnlineBackup\r\n" \
	"TaskName                                 Next Run Time          Status\r\n" \
	"======================================== ====================== ===============\r\n" \
	"Microsoft-OnlineBackup                   3/21/2026 9:00:00 PM   Ready\r\n" \
	"\r\n" \
	"Folder: \\Microsoft\\Windows\\Defrag\r\n" \
	"TaskName                                 Next Run Time          Status\r\n" \
	"======================================== ====================== ===============\r\n" \
	"ScheduledDefrag                          N/A                    Disabled\r\n"

#define PS_TABLE \
	"\r\n" \
	"TaskPath                                       TaskName                          State\r\n" \
	"--------                                       --------                          -----\r\n" \
	"\\Microsoft\\OnlineBackup\\                       Microsoft-OnlineBackup            Disabled\r\n"

#define PS_LIST \
	"\r\n" \
	"Actions            : {MSFT_TaskExecAction}\r\n" \
	"Author             : SRV01\\Administrator\r\n" \
	"Description        :\r\n" \
	"State              : Ready\r\n" \
	"TaskName           : Microsoft-OnlineBackup\r\n" \
	"TaskPath           : \\Microsoft\\OnlineBackup\\\r\n" \
	"\r\n" \
	"State              : Disabled\r\n" \
	"TaskName           : ScheduledDefrag\r\n" \
	"TaskPath           : \\Microsoft\\Windows\\Defrag\\\r\n"

/* Index of the task record whose path is path, or (size_t)-1. */
static size_t
find(const struct run *r, const char *path)
{
	size_t i;
	const char *v;

	for (i = 0; i < r->h.n; i++)
		if (strcmp(r->h.r[i].kind, "task") == 0 && (v = record_get(&r->h.r[i], "path")) &&
		    strcmp(v, path) == 0)
			return i;
	return (size_t)-1;
}

/* The text as UTF-16LE with a BOM, as Task Scheduler and schtasks /xml write it. */
static size_t
utf16le(const char *s, unsigned char *out, size_t max)
{
	size_t n = 0;

	out[n++] = 0xFF;
	out[n++] = 0xFE;
	for (; *s && n + 2 <= max; s++) {
		out[n++] = (unsigned char)*s;
		out[n++] = 0;
	}
	return n;
}

Test(parse_schtask, xml_export_in_utf16)
{
	static unsigned char buf[8192];
	size_t n = utf16le(TASK_XML, buf, sizeof buf);
	struct run r;

	run_parser_env(&parser_schtask, "OnlineBackupTask.xml", 0, NULL, buf, n, 7, &r);
	cr_assert_eq(r.rc, 0, "%s", r.note ? r.note : "");
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(r.h.r[0].kind, "task");
	cr_assert_eq(r.h.r[0].line, 2);
	cr_assert_str_eq(F(0, "path"), TASK);
	cr_assert_str_eq(F(0, "name"), "Microsoft-OnlineBackup");
	cr_assert_str_eq(F(0, "enabled"), "false", "the trigger's Enabled is not the task's");
	cr_assert_str_eq(F(0, "multiple_instances"), "Parallel");
	cr_assert_str_eq(F(0, "run_as"), "S-1-5-18");
	cr_assert_str_eq(F(0, "command"),
	    "C:\\Windows\\system32\\WindowsPowerShell\\v1.0\\powershell.exe -command Start-OBBackup");
	cr_assert_str_eq(record_excerpt(&r.h.r[0]), TASK ": disabled");
	run_free(&r);
}

Test(parse_schtask, many_tasks_named_by_comments)
{
	struct run r;
	size_t i;

	run_parser(&parser_schtask, "tasks.xml", 0, TASKS_XML, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 2);
	i = find(&r, TASK);
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "enabled"), "true");
	cr_assert_str_eq(F(i, "multiple_instances"), "IgnoreNew", "the default when not given");
	i = find(&r, "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "enabled"), "false");
	cr_assert_str_eq(F(i, "multiple_instances"), "Queue");
	run_free(&r);
}

Test(parse_schtask, schtasks_verbose_list_once_per_task)
{
	struct run r;

	run_parser(&parser_schtask, "schtasks.txt", 0, SCHTASKS_LIST, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 1, "a task written once per trigger is one task");
	cr_assert_str_eq(F(0, "path"), TASK);
	cr_assert_str_eq(F(0, "state"), "Disabled");
	cr_assert_str_eq(F(0, "enabled"), "false");
	cr_assert_str_eq(F(0, "run_as"), "SYSTEM");
	cr_assert_str_eq(F(0, "host"), "SRV01");
	cr_assert_str_eq(F(0, "last_result"), "-2147024891");
	cr_assert_str_eq(F(0, "hresult"), "0x80070005");
	cr_assert_str_eq(F(0, "command"), "powershell.exe -command Start-OBBackup");
	for (size_t k = 0; k < r.h.r[0].nfields; k++)
		cr_assert_str_neq(record_field_value(&r.h.r[0], k), "N/A", "N/A is no value");
	cr_assert_str_eq(record_time_text(&r.h.r[0]), "3/14/2026 9:00:01 PM");
	cr_assert_eq(r.h.r[0].line, 4);
	run_free(&r);
}

Test(parse_schtask, schtasks_csv_with_repeated_headers)
{
	struct run r;
	size_t i;

	run_parser(&parser_schtask, "schtasks.csv", 0, SCHTASKS_CSV, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 2);
	i = find(&r, TASK);
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "state"), "Ready");
	cr_assert_str_eq(F(i, "enabled"), "true");
	cr_assert_str_eq(F(i, "last_result"), "267011");
	cr_assert_null(F(i, "hresult"), "0x41303 (has not run) is no error");
	i = find(&r, "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "enabled"), "false");
	cr_assert_eq(r.h.r[i].line, 4);
	run_free(&r);
}

Test(parse_schtask, schtasks_tables_under_their_folders)
{
	struct run r;
	size_t i;

	run_parser(&parser_schtask, "schtasks.txt", 0, SCHTASKS_TABLE, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 2);
	i = find(&r, TASK);
	cr_assert_neq(i, (size_t)-1, "the name joined to its folder");
	cr_assert_str_eq(F(i, "state"), "Ready");
	cr_assert_eq(r.h.r[i].line, 5);
	i = find(&r, "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "enabled"), "false");
	run_free(&r);
}

Test(parse_schtask, get_scheduledtask_table_and_list)
{
	struct run r;
	size_t i;

	run_parser(&parser_schtask, "tasks.txt", 0, PS_TABLE, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(F(0, "path"), TASK);
	cr_assert_str_eq(F(0, "state"), "Disabled");
	cr_assert_str_eq(F(0, "enabled"), "false");
	run_free(&r);

	run_parser(&parser_schtask, "tasks.txt", 0, PS_LIST, &r);
	cr_assert_eq(r.h.n, 2);
	i = find(&r, TASK);
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "state"), "Ready");
	cr_assert_str_eq(F(i, "enabled"), "true");
	i = find(&r, "\\Microsoft\\Windows\\Defrag\\ScheduledDefrag");
	cr_assert_neq(i, (size_t)-1);
	cr_assert_str_eq(F(i, "state"), "Disabled");
	run_free(&r);
}

/* Every form is recognised as a task listing, by content, and nothing else is. */
Test(parse_schtask, bids)
{
	static const char *const mine[] = {
		TASK_XML, TASKS_XML, SCHTASKS_LIST, SCHTASKS_CSV, SCHTASKS_TABLE, PS_TABLE, PS_LIST
	};
	static const char event[] =
	    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
	    "<Provider Name='VSS'/><EventID>8224</EventID></System></Event>\n";
	char why[512];
	const struct parser *p;
	size_t i;
	int bid;

	for (i = 0; i < sizeof mine / sizeof mine[0]; i++) {
		p = recognise("capture.txt", mine[i], strlen(mine[i]), &bid);
		cr_assert_eq(p, &parser_schtask, "sample %zu went to %s", i, p ? p->name : "none");
	}
	cr_assert_eq(bid_text(&parser_schtask, "Application.xml", event, strlen(event)), 0);
	why[0] = '\0';
	for (i = 0; i < MT_ARRAY_LEN(samples_more); i++) {
		bid = bid_text(&parser_schtask, "tasks.txt", samples_more[i].text,
		    strlen(samples_more[i].text));
		if (bid > 0)
			snprintf(why + strlen(why), sizeof why - strlen(why), "%s:%d ",
			    samples_more[i].name, bid);
	}
	cr_assert_str_empty(why, "bids on others' output: %s", why);
}

/* Hostile shapes: endless columns, an unterminated quote, a huge value; records stay small. */
Test(parse_schtask, odd_input_stays_bounded)
{
	static char big[200000];
	struct run r;
	size_t n;

	n = (size_t)snprintf(big, sizeof big, "TaskName: \\x\\");
	memset(big + n, 'a', sizeof big - n - 40);
	memcpy(big + sizeof big - 40, "\nStatus: Ready\n\"TaskName\",\"", 28);
	big[sizeof big - 12] = '\0';
	run_parser(&parser_schtask, "tasks.txt", 0, big, &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_leq(strlen(F(0, "path")), 1024, "values are cut at 1 KiB");
	run_free(&r);
	cr_assert_lt(max_arena(&parser_schtask, big), 8192);
}

static void
count_sink(void *c, const struct record *r)
{
	(void)r;
	(*(size_t *)c)++;
}

/* An endless listing is read up to the cap, and the inventory note says so. */
Test(parse_schtask, cap_on_tasks_is_noted)
{
	struct strbuf text = STRBUF_INIT;
	struct mem_src m;
	struct byte_source src = {mem_read, NULL, &m};
	struct parse_ctx ctx;
	size_t seen = 0;
	int i, rc;

	for (i = 0; i < 100002; i++)
		sb_printf(&text, "TaskName: \\t%d\nStatus: Ready\n\n", i);
	m.p = (const unsigned char *)text.s;
	m.n = text.len;
	m.off = m.step = 0;
	memset(&ctx, 0, sizeof ctx);
	ctx.entry = "tasks.txt";
	ctx.in = textin_open(src, 0);
	ctx.sink.emit = count_sink;
	ctx.sink.ctx = &seen;
	rc = parser_schtask.parse(&ctx);
	cr_assert_eq(rc, 0);
	cr_assert_eq(seen, 100000);
	cr_assert_not_null(ctx.note);
	cr_assert(strstr(ctx.note, "limit of 100000") != NULL, "%s", ctx.note);
	free(ctx.note);
	record_free(&ctx.rec);
	textin_close(ctx.in);
	sb_free(&text);
}
