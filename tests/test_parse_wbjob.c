/* Tests for the Get-WBJob list parser. */
#include "parse_backup_harness.h"
#include "timeparse.h"

static const char two_jobs[] =
    "\n"
    "\n"
    "JobType          : Backup\n"
    "StartTime        : 3/4/2021 10:00:03 AM\n"
    "EndTime          : 3/4/2021 10:25:41 AM\n"
    "JobState         : Completed\n"
    "CurrentOperation :\n"
    "HResult          : -2139619255\n"
    "DetailedHResult  : -2147024773\n"
    "ErrorDescription : None of the items included in backup were backed up.\n"
    "JobItems         : {System State}\n"
    "VersionId        : 03/04/2021-10:00\n"
    "SuccessLogPath   : C:\\Windows\\Logs\\WindowsServerBackup\\Backup-04-03-2021_10-00-03.log\n"
    "FailureLogPath   : C:\\Windows\\Logs\\WindowsServerBackup\\Backup_Error-04-03-2021_10-0\n"
    "                   0-03.log\n"
    "\n"
    "JobType          : Backup\n"
    "StartTime        : 3/3/2021 10:00:02 AM\n"
    "EndTime          : 3/3/2021 10:31:17 AM\n"
    "JobState         : Completed\n"
    "CurrentOperation :\n"
    "HResult          : 0\n"
    "DetailedHResult  : 0\n"
    "ErrorDescription :\n"
    "JobItems         : {System State}\n"
    "VersionId        : 03/03/2021-10:00\n"
    "SuccessLogPath   : C:\\Windows\\Logs\\WindowsServerBackup\\Backup-03-03-2021_10-00-02.log\n"
    "FailureLogPath   :\n"
    "\n"
    "\n";

Test(wbjob, previous_two_jobs)
{
	struct h_run *r = h_parse(&parser_wbjob, "Get-WBJob.txt", two_jobs);
	char iso[25];

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "wbjob");
	cr_assert_eq(r->rec[0].line, 3);
	h_expect(r, 0, "job_type", "Backup");
	h_expect(r, 0, "start_time", "3/4/2021 10:00:03 AM");
	h_expect(r, 0, "end_time", "3/4/2021 10:25:41 AM");
	h_expect(r, 0, "job_state", "Completed");
	h_expect(r, 0, "hresult", "0x80780049");
	h_expect(r, 0, "detailed_hresult", "0x8007007B");
	h_expect(r, 0, "error_description",
	    "None of the items included in backup were backed up.");
	h_expect(r, 0, "job_items", "{System State}");
	h_expect(r, 0, "version_id", "03/04/2021-10:00");
	h_expect(r, 0, "success_log",
	    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup-04-03-2021_10-00-03.log");
	h_expect(r, 0, "failure_log",
	    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup_Error-04-03-2021_10-00-03.log");
	cr_assert_eq(r->rec[0].time.q, TQ_ZONE_UNKNOWN);
	format_iso8601(r->rec[0].time.ms, iso);
	cr_assert_str_eq(iso, "2021-03-04T10:00:03.000Z");
	h_expect(r, 1, "hresult", "0x00000000");
	h_expect(r, 1, "error_description", "");
	h_expect(r, 1, "failure_log", "");
	cr_assert_eq(r->rec[1].line, 17);
	h_free(r);
}

Test(wbjob, utf16_redirect_and_wrapped_text)
{
	static const char one[] =
	    "JobType          : Backup\n"
	    "StartTime        : 3/4/2021 10:00:03 AM\n"
	    "JobState         : Completed\n"
	    "HResult          : 2155348041\n"
	    "DetailedHResult  : -2147024891\n"
	    "ErrorDescription : The backup operation that started at '2021-03-04T10:00:03' has\n"
	    "                   failed with following error code '0x80780049'.\n";
	size_t n;
	unsigned char *u = h_utf16le(one, &n);
	struct h_run *r = h_parse_env(&parser_wbjob, "wbjob.txt", u, n, NULL);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "hresult", "0x80780049");
	h_expect(r, 0, "detailed_hresult", "0x80070005");
	h_expect(r, 0, "error_description", "The backup operation that started at "
	    "'2021-03-04T10:00:03' has failed with following error code '0x80780049'.");
	cr_assert_geq(h_bid_bytes(&parser_wbjob, "wbjob.txt", u, n), 24);
	h_free(r);
	free(u);
}

Test(wbjob, jobs_without_blank_line_between)
{
	struct h_run *r = h_parse(&parser_wbjob, "x.txt",
	    "JobType : Backup\nHResult : 0\nJobType : Backup\nHResult : -2147024891\n");

	cr_assert_eq(r->n, 2);
	h_expect(r, 1, "hresult", "0x80070005");
	h_free(r);
}

Test(wbjob, bids)
{
	cr_assert_geq(h_bid(&parser_wbjob, "x.txt", two_jobs), 24);
	cr_assert_eq(h_bid(&parser_wbjob, "Get-WBJob.txt", h_prose), 0);
	cr_assert_eq(h_bid(&parser_wbjob, "Get-WBJob.txt",
	    "Get-WBJob : The term 'Get-WBJob' is not recognized as the name of a cmdlet, "
	    "function, script file, or\noperable program.\nAt line:1 char:1\n+ Get-WBJob\n"
	    "+ ~~~~~~~~~\n    + CategoryInfo          : ObjectNotFound: (Get-WBJob:String) [], "
	    "CommandNotFoundException\n    + FullyQualifiedErrorId : CommandNotFoundException\n"),
	    0);
	cr_assert_eq(h_bid(&parser_wbjob, "x.txt",
	    "Name         : Windows-Server-Backup\nDisplayName  : Windows Server Backup\n"
	    "InstallState : Installed\n"), 0);
}
