/* Tests for the wbadmin output parser. */
#include "parse_backup_harness.h"
#include "timeparse.h"

static const char success_run[] =
    "wbadmin 1.0 - Backup command-line tool\n"
    "(C) Copyright Microsoft Corporation. All rights reserved.\n"
    "\n"
    "Retrieving volume information...\n"
    "This will back up the system state from volume(s) Local Disk(C:) to E:.\n"
    "Creating a shadow copy of the volumes specified for backup...\n"
    "Identifying system state files to back up (This may take a few minutes)...\n"
    "Found (104518) files.\n"
    "Overall progress: 57% (Currently backing up additional files)\n"
    "Overall progress: 100% (Currently backing up additional files)\n"
    "Summary of the backup operation:\n"
    "------------------\n"
    "\n"
    "The backup operation successfully completed.\n"
    "The backup of the system state successfully completed [6/30/2026 7:50 PM].\n"
    "Log of files successfully backed up:\n"
    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup-30-06-2026_19-26-26.log\n";

static const char failure_run[] =
    "wbadmin 1.0 - Backup command-line tool\n"
    "(C) Copyright Microsoft Corporation. All rights reserved.\n"
    "\n"
    "Starting System State Backup [3/4/2021 10:15 AM]\n"
    "Retrieving volume information...\n"
    "Overall progress: 12% (Currently backing up additional files)\n"
    "Summary of the backup operation:\n"
    "------------------\n"
    "\n"
    "The backup of the system state failed [3/4/2021 10:45 AM].\n"
    "Log of files successfully backed up:\n"
    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup-04-03-2021_10-15-33.log\n"
    "\n"
    "Log of files for which backup failed:\n"
    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup_Error-04-03-2021_10-15-33.log\n"
    "\n"
    "ERROR - A Volume Shadow Copy Service operation error has\n"
    "occurred: (0x800423f2)\n"
    "The writer's timeout expired between the Freeze and Thaw events.\n";

static const char writer_missing[] =
    "wbadmin 1.0 - Backup command-line tool\n"
    "(C) Copyright 2004 Microsoft Corp.\n"
    "\n"
    "Starting System State Backup [21/04/2009 11:04]\n"
    "Retrieving volume information...\n"
    "\n"
    "This would backup the system state from volume(s) Local Disk(C:) to g:.\n"
    "Do you want to start the backup operation?\n"
    "[Y] Yes [N] No y\n"
    "\n"
    "Creating the shadow copy of volumes requested for backup.\n"
    "\n"
    "System writer is not found in the backup.\n";

static const char versions[] =
    "wbadmin 1.0 - Backup command-line tool\n"
    "(C) Copyright Microsoft Corporation. All rights reserved.\n"
    "\n"
    "Backup time: 6/12/2020 12:26 AM\n"
    "Backup location: Network Share labeled \\\\10.10.14.41\\share\n"
    "Version identifier: 06/12/2020-07:26\n"
    "Can recover: Volume(s), File(s)\n"
    "\n"
    "Backup time: 3/4/2021 10:00 AM\n"
    "Backup target: Fixed Disk labeled F:\n"
    "Version identifier: 03/04/2021-18:00\n"
    "Can recover: Volume(s), File(s), Application(s), System State, Bare Metal Recovery\n";

Test(wbadmin, success_tail)
{
	struct h_run *r = h_parse(&parser_wbadmin, "wbadmin_ss.txt", success_run);
	char iso[25];

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 3);
	cr_assert_str_eq(r->rec[0].kind, "wbadmin");
	h_expect(r, 0, "event", "backup_succeeded");
	h_expect(r, 0, "progress", "100%");
	h_expect(r, 1, "event", "backup_succeeded");
	cr_assert_eq(r->rec[1].line, 15);
	cr_assert_eq(r->rec[1].time.q, TQ_ZONE_UNKNOWN);
	cr_assert_str_eq(r->rec[1].time_text, "6/30/2026 7:50 PM");
	format_iso8601(r->rec[1].time.ms, iso);
	cr_assert_str_eq(iso, "2026-06-30T19:50:00.000Z");
	h_expect(r, 2, "event", "log_path");
	h_expect(r, 2, "log_type", "success");
	h_expect(r, 2, "log_path",
	    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup-30-06-2026_19-26-26.log");
	h_free(r);
}

Test(wbadmin, failure_tail_with_error_block)
{
	struct h_run *r = h_parse(&parser_wbadmin, "wbadmin_ss.txt", failure_run);

	cr_assert_eq(r->n, 5);
	h_expect(r, 0, "event", "backup_started");
	cr_assert_str_eq(r->rec[0].time_text, "3/4/2021 10:15 AM");
	h_expect(r, 1, "event", "backup_failed");
	h_expect(r, 1, "progress", "12%");
	h_expect(r, 1, "hresult", NULL);
	h_expect(r, 2, "log_type", "success");
	h_expect(r, 3, "log_type", "failure");
	h_expect(r, 3, "log_path",
	    "C:\\Windows\\Logs\\WindowsServerBackup\\Backup_Error-04-03-2021_10-15-33.log");
	h_expect(r, 4, "event", "error");
	h_expect(r, 4, "hresult", "0x800423F2");
	h_expect(r, 4, "message", "A Volume Shadow Copy Service operation error has occurred: "
	    "(0x800423f2) The writer's timeout expired between the Freeze and Thaw events.");
	cr_assert_eq(r->rec[4].line, 17);
	h_free(r);
}

Test(wbadmin, failure_line_with_code)
{
	struct h_run *r = h_parse(&parser_wbadmin, "wbadmin.txt",
	    "wbadmin 1.0 - Backup command-line tool\n"
	    "(C) Copyright Microsoft Corporation. All rights reserved.\n"
	    "\n"
	    "The backup operation that started at '2021-03-04T09:15:33.120000000Z' has failed "
	    "with following error code '0x807800C5' (There was a failure in preparing the backup "
	    "image of one of the volumes in the backup set.). Please review the event details for "
	    "a solution, and then rerun the backup operation once the issue is resolved.\n");

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "event", "backup_failed");
	h_expect(r, 0, "hresult", "0x807800C5");
	cr_assert_eq(r->rec[0].time.q, TQ_NONE);
	h_free(r);
}

Test(wbadmin, zone_known_shifts_to_utc)
{
	struct parse_env env = {.tz_known = 1, .tz_offset_min = 120};
	struct h_run *r = h_parse_env(&parser_wbadmin, "x.txt", failure_run,
	    strlen(failure_run), &env);
	char iso[25];

	cr_assert_eq(r->rec[1].time.q, TQ_ZONE_ASSUMED);
	format_iso8601(r->rec[1].time.ms, iso);
	cr_assert_str_eq(iso, "2021-03-04T08:45:00.000Z");
	h_free(r);
}

Test(wbadmin, system_writer_missing_day_first_date)
{
	struct h_run *r = h_parse(&parser_wbadmin, "out.txt", writer_missing);
	char iso[25];

	cr_assert_eq(r->n, 2);
	h_expect(r, 0, "event", "backup_started");
	format_iso8601(r->rec[0].time.ms, iso);
	cr_assert_str_eq(iso, "2009-04-21T11:04:00.000Z");
	h_expect(r, 1, "event", "system_writer_missing");
	h_expect(r, 1, "message", "System writer is not found in the backup.");
	cr_assert_eq(r->rec[1].line, 13);
	h_free(r);
}

Test(wbadmin, get_versions)
{
	struct h_run *r = h_parse(&parser_wbadmin, "versions.txt", versions);

	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "wbadmin.version");
	h_expect(r, 0, "backup_time", "6/12/2020 12:26 AM");
	h_expect(r, 0, "target", "Network Share labeled \\\\10.10.14.41\\share");
	h_expect(r, 0, "version_id", "06/12/2020-07:26");
	h_expect(r, 0, "can_recover", "Volume(s), File(s)");
	h_expect(r, 0, "system_state", "no");
	cr_assert_eq(r->rec[0].line, 4);
	cr_assert_eq(r->rec[0].time.q, TQ_ZONE_UNKNOWN);
	h_expect(r, 1, "target", "Fixed Disk labeled F:");
	h_expect(r, 1, "system_state", "yes");
	h_free(r);
}

Test(wbadmin, running_job_is_in_progress)
{
	static const char status[] =
	    "wbadmin 1.0 - Backup command-line tool\r\n"
	    "(C) Copyright Microsoft Corporation. All rights reserved.\r\n"
	    "\r\n"
	    "Creating a shadow copy of the volumes specified for backup...\r\n"
	    "Overall progress: 34% (Currently backing up additional files)\r\n";
	struct h_run *r = h_parse(&parser_wbadmin, "status.txt", status);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "event", "in_progress");
	h_expect(r, 0, "progress", "34%");
	h_free(r);
}

Test(wbadmin, utf16_capture)
{
	size_t n;
	unsigned char *u = h_utf16le(failure_run, &n);
	struct h_run *r = h_parse_env(&parser_wbadmin, "wbadmin.txt", u, n, NULL);

	cr_assert_eq(r->n, 5);
	h_expect(r, 4, "hresult", "0x800423F2");
	cr_assert_gt(h_bid_bytes(&parser_wbadmin, "wbadmin.txt", u, n), 0);
	h_free(r);
	free(u);
}

Test(wbadmin, bids)
{
	int own = h_bid(&parser_wbadmin, "x.txt", success_run);

	cr_assert_geq(own, 32);
	cr_assert_gt(h_bid(&parser_wbadmin, "x.txt", versions), 0);
	cr_assert_gt(h_bid(&parser_wbadmin, "x.txt", writer_missing), 0);
	cr_assert_eq(h_bid(&parser_wbadmin, "wbadmin.txt", h_prose), 0);
	cr_assert_eq(h_bid(&parser_wbadmin, "x.txt",
	    "Error in backup of C:\\windows\\\\systemroot\\ during enumerate: Error [0x8007007b] "
	    "The filename, directory name, or volume label syntax is incorrect.\n"), 0);
	cr_assert_eq(h_bid(&parser_wbadmin, "x.txt",
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n\nShadow Copy Storage association\n"), 0);
}
