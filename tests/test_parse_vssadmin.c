/* Tests for the vssadmin (shadowstorage, providers, shadows) and diskshadow parser. */
#include "parse_backup_harness.h"
#include "timeparse.h"

static const char storage_en[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Shadow Copy Storage association\n"
    "   For volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n"
    "   Shadow Copy Storage volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n"
    "   Used Shadow Copy Storage space: 15.681 GB (39%)\n"
    "   Allocated Shadow Copy Storage space: 16.152 GB (40%)\n"
    "   Maximum Shadow Copy Storage space: UNBOUNDED (100%)\n"
    "\n"
    "Shadow Copy Storage association\n"
    "   For volume: (E:)\\\\?\\Volume{5b3a1f0e-0000-0000-0000-100000000000}\\\n"
    "   Shadow Copy Storage volume: (D:)\\\\?\\Volume{5b3a1f0e-0000-0000-0000-501f00000000}\\\n"
    "   Used Shadow Copy Storage space: 0 bytes (0%)\n"
    "   Allocated Shadow Copy Storage space: 512 MB (1%)\n"
    "   Maximum Shadow Copy Storage space: 10 GB (10%)\n";

/* pt-BR labels and decimal comma; only the value shapes are known to the parser. */
static const char storage_ptbr[] =
    "vssadmin 1.1 - Ferramenta de linha de comando administrativa do Serviço de Cópias de "
    "Sombra de Volume\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Associação de armazenamento de cópias de sombra\n"
    "   Para o volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n"
    "   Volume de armazenamento de cópias de sombra: (C:)\\\\?\\Volume{278ce142-19d8-11e1-"
    "9176-806e6f6e6963}\\\n"
    "   Espaço usado de armazenamento de cópias de sombra: 0 B (0%)\n"
    "   Espaço alocado de armazenamento de cópias de sombra: 0 B (0%)\n"
    "   Espaço máximo de armazenamento de cópias de sombra: 1,5 GB (1%)\n";

static const char providers[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Provider name: 'Microsoft Software Shadow Copy provider 1.0'\n"
    "   Provider type: System\n"
    "   Provider Id: {b5946137-7b9f-4925-af80-51abd60b20d5}\n"
    "   Version: 1.0.0.7\n"
    "\n"
    "Provider name: 'Contoso Array VSS Hardware Provider'\n"
    "   Provider type: Hardware\n"
    "   Provider Id: {24e4e8a3-69cb-4370-8b7b-c5276cd49765}\n"
    "   Version: 6.2.1.0\n";

static const char shadows[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Contents of shadow copy set ID: {c5a3f4f2-1e0b-4b8e-9e3d-6a2f3c1d0e11}\n"
    "   Contained 1 shadow copies at creation time: 3/4/2021 2:00:12 AM\n"
    "      Shadow Copy ID: {8d2e7a10-5c4b-4f0e-8a9d-2b1c0f3e4d55}\n"
    "         Original Volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n"
    "         Shadow Copy Volume: \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\n"
    "         Originating Machine: SRV01.contoso.com\n"
    "         Service Machine: SRV01.contoso.com\n"
    "         Provider: 'Microsoft Software Shadow Copy provider 1.0'\n"
    "         Type: ClientAccessibleWriters\n"
    "         Attributes: Persistent, Client-accessible, No auto release, Differential, "
    "Auto recovered\n"
    "\n"
    "Contents of shadow copy set ID: {0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9}\n"
    "   Contained 1 shadow copies at creation time: 3/5/2021 2:00:09 AM\n"
    "      Shadow Copy ID: {f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9}\n"
    "         Original Volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n"
    "         Provider: 'Microsoft Software Shadow Copy provider 1.0'\n"
    "         Type: ApplicationRollback\n"
    "         Attributes: Persistent, No auto release, Differential\n";

static const char ds_status[] =
    "Microsoft DiskShadow version 1.0\n"
    "Copyright (C) 2013 Microsoft Corporation\n"
    "On computer:  SRV01,  3/4/2021 10:02:11 AM\n"
    "\n"
    "DISKSHADOW> list writers status\n"
    "\n"
    "Listing writer status ...\n"
    "* WRITER System Writer\n"
    "        - Status: 5 (VSS_WS_WAITING_FOR_BACKUP_COMPLETE)\n"
    "        - Writer Failure code: 0x00000000 (S_OK)\n"
    "        - Writer ID: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "        - Instance ID: {7e631031-c695-4229-9da1-a7de057e64cb}\n"
    "* WRITER Registry Writer\n"
    "        - Status: 9 (VSS_WS_FAILED_AT_FREEZE)\n"
    "        - Writer Failure code: 0x800423f2 (VSS_E_WRITERERROR_TIMEOUT)\n"
    "        - Writer ID: {afbab4a2-367d-4d15-a586-71dbb18f8485}\n"
    "        - Instance ID: {6ba9b6c4-9f3a-4c5e-8a5b-2c1d0e9f8a7b}\n";

static const char ds_metadata[] =
    "DISKSHADOW> list writers detailed\n"
    "\n"
    "* WRITER \"System Writer\"\n"
    "\t- Writer ID   = {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "\t- Writer instance ID = {7e631031-c695-4229-9da1-a7de057e64cb}\n"
    "\t- Supports restore events = TRUE\n"
    "\n"
    "\t+ Component \"System Writer:\\System Files\"\n"
    "\t\t- Name: System Files\n"
    "\t\t- File List: Path = c:\\windows\\system32, Filespec = ntoskrnl.exe\n"
    "\t\t- File List: Path = c:\\windows\\\\systemroot\\system32\\drivers, Filespec = "
    "vsock.sys\n"
    "\n"
    "* WRITER \"ASR Writer\"\n"
    "\t- Writer ID   = {be000cbe-11fe-4426-9c58-531aa6355fc4}\n"
    "\t- Writer instance ID = {3b6c2a1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0}\n";

static const char ds_shadows[] =
    "DISKSHADOW> list shadows all\n"
    "\n"
    "Querying all shadow copies on the computer ...\n"
    "\n"
    "\t* Shadow copy ID = {8093eb67-d13a-4fbb-9db3-4e132adeac1f}\t\t<No Alias>\n"
    "\t\t- Shadow copy set: {dc167910-53a8-4769-b7eb-7e8de493b0b8}\t<No Alias>\n"
    "\t\t- Original count of shadow copies = 1\n"
    "\t\t- Original volume name: \\\\?\\Volume{711fc68a-0000-0000-0000-100000000000}\\ "
    "[C:\\]\n"
    "\t\t- Creation time: 11/29/2025 9:27:42 AM\n"
    "\t\t- Shadow copy device name: \\\\?\\GLOBALROOT\\Device\\HarddiskVolumeShadowCopy1\n"
    "\t\t- Originating machine: SRV01.contoso.com\n"
    "\t\t- Service machine: SRV01.contoso.com\n"
    "\t\t- Not exposed\n"
    "\t\t- Provider ID: {b5946137-7b9f-4925-af80-51abd60b20d5}\n"
    "\t\t- Attributes:  No_Auto_Release Persistent Differential\n"
    "\n"
    "Number of shadow copies listed: 1\n";

static const char writers_vssadmin[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Writer name: 'System Writer'\n"
    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Writer Instance Id: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\n"
    "   State: [5] Waiting for completion\n"
    "   Last error: No error\n";

Test(vssadmin, shadowstorage_english)
{
	struct h_run *r = h_parse(&parser_vssadmin, "vssadmin_shadowstorage.txt", storage_en);

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "vss.shadowstorage");
	cr_assert_eq(r->rec[0].line, 4);
	h_expect(r, 0, "for_volume", "(C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\");
	h_expect(r, 0, "used_bytes", "16837345542");	/* 15.681 * 2^30, rounded */
	h_expect(r, 0, "used_pct", "39");
	h_expect(r, 0, "allocated_pct", "40");
	h_expect(r, 0, "max_bytes", "");
	h_expect(r, 0, "max_unbounded", "yes");
	h_expect(r, 0, "max_pct", "100");
	h_expect(r, 1, "storage_volume",
	    "(D:)\\\\?\\Volume{5b3a1f0e-0000-0000-0000-501f00000000}\\");
	h_expect(r, 1, "used_bytes", "0");
	h_expect(r, 1, "allocated_bytes", "536870912");
	h_expect(r, 1, "max_bytes", "10737418240");
	h_expect(r, 1, "max_unbounded", "no");
	h_free(r);
}

Test(vssadmin, shadowstorage_ptbr_decimal_comma_utf16)
{
	size_t n;
	unsigned char *u = h_utf16le(storage_ptbr, &n);
	struct h_run *r = h_parse_env(&parser_vssadmin, "shadowstorage.txt", u, n, NULL);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "for_volume", "(C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\");
	h_expect(r, 0, "used_bytes", "0");
	h_expect(r, 0, "max_bytes", "1610612736");
	h_expect(r, 0, "max_pct", "1");
	h_expect(r, 0, "max_unbounded", "no");
	cr_assert_geq(h_bid_bytes(&parser_vssadmin, "shadowstorage.txt", u, n), 24);
	h_free(r);
	free(u);
}

Test(vssadmin, providers)
{
	struct h_run *r = h_parse(&parser_vssadmin, "vssadmin_providers.txt", providers);

	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "vss.provider");
	h_expect(r, 0, "name", "Microsoft Software Shadow Copy provider 1.0");
	h_expect(r, 0, "type", "System");
	h_expect(r, 0, "provider_id", "{b5946137-7b9f-4925-af80-51abd60b20d5}");
	h_expect(r, 0, "version", "1.0.0.7");
	h_expect(r, 0, "microsoft", "yes");
	h_expect(r, 1, "name", "Contoso Array VSS Hardware Provider");
	h_expect(r, 1, "type", "Hardware");
	h_expect(r, 1, "microsoft", "no");
	h_free(r);
}

Test(vssadmin, shadows)
{
	struct h_run *r = h_parse(&parser_vssadmin, "vssadmin_shadows.txt", shadows);
	char iso[25];

	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "vss.shadow");
	h_expect(r, 0, "set_id", "{c5a3f4f2-1e0b-4b8e-9e3d-6a2f3c1d0e11}");
	h_expect(r, 0, "shadow_id", "{8d2e7a10-5c4b-4f0e-8a9d-2b1c0f3e4d55}");
	h_expect(r, 0, "created", "3/4/2021 2:00:12 AM");
	h_expect(r, 0, "original_volume",
	    "(C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\");
	h_expect(r, 0, "provider", "Microsoft Software Shadow Copy provider 1.0");
	h_expect(r, 0, "type", "ClientAccessibleWriters");
	h_expect(r, 0, "attributes",
	    "Persistent, Client-accessible, No auto release, Differential, Auto recovered");
	cr_assert_eq(r->rec[0].time.q, TQ_ZONE_UNKNOWN);
	format_iso8601(r->rec[0].time.ms, iso);
	cr_assert_str_eq(iso, "2021-03-04T02:00:12.000Z");
	cr_assert_eq(r->rec[0].line, 6);
	h_expect(r, 1, "set_id", "{0a1b2c3d-4e5f-4061-8273-94a5b6c7d8e9}");
	h_expect(r, 1, "type", "ApplicationRollback");
	h_free(r);
}

Test(vssadmin, diskshadow_writer_status)
{
	struct h_run *r = h_parse(&parser_vssadmin, "diskshadow.txt", ds_status);

	cr_assert_eq(r->n, 2);
	cr_assert_str_eq(r->rec[0].kind, "vss.writer");
	h_expect(r, 0, "writer", "System Writer");
	h_expect(r, 0, "state", "5");
	h_expect(r, 0, "state_text", "VSS_WS_WAITING_FOR_BACKUP_COMPLETE");
	h_expect(r, 0, "failed", "no");
	h_expect(r, 0, "last_error", "S_OK");
	h_expect(r, 0, "last_error_code", "0x00000000");
	h_expect(r, 0, "writer_id", "{e8132975-6f93-4464-a53e-1050253ae220}");
	h_expect(r, 0, "instance_id", "{7e631031-c695-4229-9da1-a7de057e64cb}");
	cr_assert_eq(r->rec[0].line, 8);
	h_expect(r, 1, "writer", "Registry Writer");
	h_expect(r, 1, "state", "9");
	h_expect(r, 1, "failed", "yes");
	h_expect(r, 1, "last_error_code", "0x800423F2");
	h_expect(r, 1, "last_error", "VSS_E_WRITERERROR_TIMEOUT");
	h_free(r);
}

Test(vssadmin, diskshadow_writer_metadata_file_lists)
{
	struct h_run *r = h_parse(&parser_vssadmin, "diskshadow_detailed.txt", ds_metadata);

	cr_assert_eq(r->n, 4);
	cr_assert_str_eq(r->rec[0].kind, "vss.writer.file");
	h_expect(r, 0, "writer", "System Writer");
	h_expect(r, 0, "path", "c:\\windows\\system32");
	h_expect(r, 0, "filespec", "ntoskrnl.exe");
	h_expect(r, 1, "path", "c:\\windows\\\\systemroot\\system32\\drivers");
	cr_assert_eq(r->rec[1].line, 11);
	cr_assert_str_eq(r->rec[2].kind, "vss.writer");
	h_expect(r, 2, "writer", "System Writer");
	h_expect(r, 2, "writer_id", "{e8132975-6f93-4464-a53e-1050253ae220}");
	h_expect(r, 2, "state", NULL);
	h_expect(r, 3, "writer", "ASR Writer");
	h_expect(r, 3, "instance_id", "{3b6c2a1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0}");
	h_free(r);
}

Test(vssadmin, diskshadow_shadows)
{
	struct h_run *r = h_parse(&parser_vssadmin, "diskshadow_shadows.txt", ds_shadows);

	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "vss.shadow");
	h_expect(r, 0, "shadow_id", "{8093eb67-d13a-4fbb-9db3-4e132adeac1f}");
	h_expect(r, 0, "set_id", "{dc167910-53a8-4769-b7eb-7e8de493b0b8}");
	h_expect(r, 0, "original_volume",
	    "\\\\?\\Volume{711fc68a-0000-0000-0000-100000000000}\\ [C:\\]");
	h_expect(r, 0, "created", "11/29/2025 9:27:42 AM");
	h_expect(r, 0, "provider", "{b5946137-7b9f-4925-af80-51abd60b20d5}");
	h_expect(r, 0, "attributes", "No_Auto_Release Persistent Differential");
	h_expect(r, 0, "source", "diskshadow");
	h_free(r);
}

Test(vssadmin, permission_error)
{
	struct h_run *r = h_parse(&parser_vssadmin, "vssadmin.txt",
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n"
	    "\n"
	    "Error: You don't have the correct permissions to run this command.  Please run "
	    "this utility from a command\n"
	    "window that has elevated administrator privileges.\n");

	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "vssadmin.error");
	cr_assert_eq(r->rec[0].line, 4);
	h_free(r);
}

Test(vssadmin, no_items_gives_no_records)
{
	static const char none[] =
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n"
	    "\n"
	    "No items found that satisfy the query.\n";
	struct h_run *r = h_parse(&parser_vssadmin, "vssadmin.txt", none);

	cr_assert_eq(r->n, 0);
	cr_assert_eq(h_bid(&parser_vssadmin, "vssadmin.txt", none), 8);
	h_free(r);
}

Test(vssadmin, bids)
{
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", storage_en), 24);
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", storage_ptbr), 24);
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", providers), 24);
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", shadows), 24);
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", ds_status), 24);
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", ds_metadata), 24);
	cr_assert_geq(h_bid(&parser_vssadmin, "x.txt", ds_shadows), 24);
	cr_assert_eq(h_bid(&parser_vssadmin, "vssadmin.txt", writers_vssadmin), 0);
	cr_assert_eq(h_bid(&parser_vssadmin, "vssadmin.txt", h_prose), 0);
	/* and the list writers parser leaves these alone */
	cr_assert_eq(h_bid(&parser_vsswriters, "x.txt", storage_en), 0);
	cr_assert_eq(h_bid(&parser_vsswriters, "x.txt", providers), 0);
	cr_assert_eq(h_bid(&parser_vsswriters, "x.txt", shadows), 0);
	cr_assert_eq(h_bid(&parser_vsswriters, "x.txt", ds_status), 0);
}
