/* Cross-bid tests for the backup and storage parsers: each bids on its own outputs only,
 * none bids on prose or on the other parsers' outputs, and recognition picks the owner. */
#include "parse_backup_harness.h"

struct sample {
	const char *name;	/* entry name */
	const char *text;
	const struct parser *owner;	/* NULL: nobody of this family may bid */
};

static const struct parser *const family[] = {
	&parser_wbadmin, &parser_wsblog, &parser_vssadmin, &parser_wbjob, &parser_volume,
	&parser_acl, &parser_boot, &parser_marsmisc
};

static const struct sample samples[] = {
	{"out1.txt",
	    "wbadmin 1.0 - Backup command-line tool\n(C) Copyright Microsoft Corporation. All "
	    "rights reserved.\n\nThe backup of the system state failed [3/4/2021 10:45 AM].\n"
	    "Log of files successfully backed up:\nC:\\Windows\\Logs\\WindowsServerBackup\\"
	    "Backup-04-03-2021_10-15-33.log\n", &parser_wbadmin},
	{"out2.txt",
	    "Backup time: 6/12/2020 12:26 AM\nBackup location: Network Share labeled "
	    "\\\\10.10.14.41\\share\nVersion identifier: 06/12/2020-07:26\nCan recover: "
	    "Volume(s), File(s)\n", &parser_wbadmin},
	{"Backup_Error-04-03-2021_10-15-33.log",
	    "Error in backup of C:\\windows\\\\systemroot\\ during enumerate: Error [0x8007007b] "
	    "The filename, directory name, or volume label syntax is incorrect.\n",
	    &parser_wsblog},
	{"out3.txt",
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n\nShadow Copy Storage association\n"
	    "   For volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n"
	    "   Shadow Copy Storage volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-"
	    "806e6f6e6963}\\\n   Used Shadow Copy Storage space: 15.681 GB (39%)\n"
	    "   Allocated Shadow Copy Storage space: 16.152 GB (40%)\n"
	    "   Maximum Shadow Copy Storage space: UNBOUNDED (100%)\n", &parser_vssadmin},
	{"out4.txt",
	    "* WRITER System Writer\n        - Status: 5 (VSS_WS_WAITING_FOR_BACKUP_COMPLETE)\n"
	    "        - Writer Failure code: 0x00000000 (S_OK)\n"
	    "        - Writer ID: {e8132975-6f93-4464-a53e-1050253ae220}\n"
	    "        - Instance ID: {7e631031-c695-4229-9da1-a7de057e64cb}\n", &parser_vssadmin},
	{"out5.txt",
	    "JobType          : Backup\nStartTime        : 3/4/2021 10:00:03 AM\n"
	    "JobState         : Completed\nHResult          : -2139619255\n"
	    "DetailedHResult  : -2147024773\n", &parser_wbjob},
	{"out6.txt",
	    "Total # of free bytes        : 76787392512\nTotal # of bytes             : "
	    "135918366720\nTotal # of avail free bytes  : 76787392512\n", &parser_volume},
	{"out7.txt",
	    "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n"
	    "  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n"
	    "  Volume 2         SYSTEM       FAT32  Partition     99 MB  Healthy    System\n",
	    &parser_volume},
	{"out8.txt",
	    "C:\\System Volume Information NT AUTHORITY\\SYSTEM:(OI)(CI)(F)\n\n"
	    "Successfully processed 1 files; Failed processing 0 files\n", &parser_acl},
	{"out9.txt",
	    "Windows Boot Manager\n--------------------\nidentifier              {bootmgr}\n"
	    "path                    \\EFI\\Microsoft\\Boot\\bootmgfw.efi\n", &parser_boot},
	{"out10.txt",
	    "Possible values for VolumeName along with current mount points are:\n\n"
	    "    \\\\?\\Volume{fd2dcab2-4c85-44b7-bb48-efefa6550fdb}\\\n        C:\\\n",
	    &parser_boot},
	{"LastBackupFailedFiles1a2b.txt",
	    "C:\\Data\\Finance\\ledger.xlsx\t0x80070005\nC:\\Data\\corrupt.db\t0x80070570\n",
	    &parser_marsmisc},
	/* the other parsers' outputs */
	{"writers.txt",
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n\nWaiting for responses.\n"
	    "These may be delayed if a shadow copy is being prepared.\n\n"
	    "Writer name: 'System Writer'\n   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
	    "   Writer Instance Id: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\n"
	    "   State: [5] Waiting for completion\n   Last error: No error\n", NULL},
	{"CBEngineCurr.errlog",
	    "44B4 3968 10/21 21:02:21.611 71 backupasync.cpp(1184) [000000001B73B830] "
	    "0517B3DB-347D-45A8-9DAB-FD7D1EA7D134 WARNING Failed: Hr: = [0x80780054] Offline "
	    "Backup Progress: Failed\n", NULL},
	{"features.txt",
	    "Display Name                                            Name                       "
	    "Install State\n------------                                            ----         "
	    "              -------------\n[X] Windows Server Backup                               "
	    "Windows-Server-Backup          Installed\n", NULL},
	{"systeminfo.txt",
	    "Host Name:                 WIN-RIBN7SM07BK\nOS Name:                   Microsoft "
	    "Windows Server 2022 Standard\nOS Version:                10.0.20348 N/A Build "
	    "20348\nSystem Boot Time:          10/22/2021, 8:36:55 AM\n"
	    "Total Physical Memory:     2,047 MB\n", NULL},
	{"sc.txt",
	    "[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: VSS\n        TYPE               : "
	    "10  WIN32_OWN_PROCESS\n        START_TYPE         : 3   DEMAND_START\n", NULL},
	{"notes.txt", h_prose, NULL},
};

Test(backup_bids, each_parser_bids_on_its_own_outputs_only)
{
	size_t i, k;
	int b;

	for (i = 0; i < MT_ARRAY_LEN(samples); i++)
		for (k = 0; k < MT_ARRAY_LEN(family); k++) {
			b = h_bid(family[k], samples[i].name, samples[i].text);
			if (family[k] == samples[i].owner)
				cr_expect_gt(b, 0, "%s on %s: no bid", family[k]->name,
				    samples[i].name);
			else
				cr_expect_eq(b, 0, "%s bids %d on %s", family[k]->name, b,
				    samples[i].name);
		}
}

static int
in_table(const struct parser *p)
{
	size_t i;

	for (i = 0; parser_table[i]; i++)
		if (parser_table[i] == p)
			return 1;
	return 0;
}

Test(backup_bids, recognition_picks_the_owner)
{
	const struct parser *got;
	size_t i;
	int bid;

	for (i = 0; i < MT_ARRAY_LEN(samples); i++) {
		if (samples[i].owner == NULL || !in_table(samples[i].owner))
			continue;	/* not listed in the table yet */
		got = recognise(samples[i].name, samples[i].text, strlen(samples[i].text), &bid);
		cr_expect_eq(got, samples[i].owner, "%s: got %s", samples[i].name,
		    got ? got->name : "nothing");
	}
}
