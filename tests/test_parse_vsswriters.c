/* Tests for the `vssadmin list writers` parser (parse_vsswriters.c). */
#include <criterion/criterion.h>
#include <string.h>
#include "parse_harness.h"

static const char writers[] =
    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
    "(C) Copyright 2001-2013 Microsoft Corp.\n"
    "\n"
    "Waiting for responses.\n"
    "These may be delayed if a shadow copy is being prepared.\n"
    "\n"
    "Writer name: 'System Writer'\n"
    "   Writer Id: {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Writer Instance Id: {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\n"
    "   State: [5] Waiting for completion\n"
    "   Last error: No error\n"
    "\n"
    "Writer name: 'Microsoft Hyper-V VSS Writer'\n"
    "   Writer Id: {66841cd4-6ded-4f4b-8f17-fd23f8ddc3de}\n"
    "   Writer Instance Id: {6162e336-7448-4371-93a7-29581512b103}\n"
    "   State: [8] Failed\n"
    "   Last error: Inconsistent shadow copy\n"
    "\n"
    "Writer name: 'NTDS'\n"
    "   Writer Id: {b2014c9e-8711-4c5c-a5a9-3cf384484757}\n"
    "   Writer Instance Id: {d170b355-a523-47ba-a5c8-732244f70e75}\n"
    "   State: [11] Failed\n"
    "   Last error: Non-retryable error\n"
    "\n"
    "Writer name: 'Registry Writer'\n"
    "   Writer Id: {afbab4a2-367d-4d15-a586-71dbb18f8485}\n"
    "   Writer Instance Id: {2a3d6d1e-8c1b-4e5e-9d6f-0c5b3f1e2a77}\n"
    "   State: [1] Stable\n"
    "   Last error: No error\n"
    "\n"
    "Writer name: 'Task Scheduler Writer'\n"
    "   Writer Id: {d61d61c8-d73a-4eee-8cdd-f6f9786b7124}\n"
    "   Writer Instance Id: {1bddd48e-5052-49db-9b07-b96f96727e6b}\n"
    "   State: [9] Failed\n"
    "   Last error: Timed out\n"
    "\n";

Test(vsswriters, english_blocks)
{
	struct run r;

	run_parser(&parser_vsswriters, "vssadmin_list_writers.txt", 0, writers, &r);
	cr_assert_eq(r.rc, 0);
	cr_assert_eq(r.h.n, 5);
	cr_assert_str_eq(r.h.r[0].kind, "vss.writer");
	cr_assert_eq(r.h.r[0].line, 7);
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "System Writer");
	cr_assert_str_eq(hv(&r.h, 0, "writer_id"), "{e8132975-6f93-4464-a53e-1050253ae220}");
	cr_assert_str_eq(hv(&r.h, 0, "instance_id"), "{b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}");
	cr_assert_str_eq(hv(&r.h, 0, "state"), "5");
	cr_assert_str_eq(hv(&r.h, 0, "state_text"), "Waiting for completion");
	cr_assert_str_eq(hv(&r.h, 0, "failed"), "no");
	cr_assert_str_eq(hv(&r.h, 0, "last_error"), "No error");
	cr_assert_str_eq(hv(&r.h, 0, "last_error_code"), "0x00000000");
	cr_assert_eq(r.h.r[0].time.q, TQ_NONE);
	cr_assert(strstr(record_excerpt(&r.h.r[0]), "State: [5] Waiting for completion"));
	run_free(&r);
}

Test(vsswriters, failed_states_and_error_codes)
{
	struct run r;

	run_parser(&parser_vsswriters, "writers.txt", 0, writers, &r);
	cr_assert_str_eq(hv(&r.h, 1, "writer"), "Microsoft Hyper-V VSS Writer");
	cr_assert_str_eq(hv(&r.h, 1, "state"), "8");
	cr_assert_str_eq(hv(&r.h, 1, "failed"), "yes");
	cr_assert_str_eq(hv(&r.h, 1, "last_error_code"), "0x800423F0");
	cr_assert_str_eq(hv(&r.h, 2, "state"), "11");
	cr_assert_str_eq(hv(&r.h, 2, "failed"), "yes");
	cr_assert_str_eq(hv(&r.h, 2, "last_error_code"), "0x800423F4");
	cr_assert_str_eq(hv(&r.h, 3, "failed"), "no");
	cr_assert_str_eq(hv(&r.h, 4, "state"), "9");
	cr_assert_str_eq(hv(&r.h, 4, "last_error"), "Timed out");
	cr_assert_str_eq(hv(&r.h, 4, "last_error_code"), "0x800423F2");
	run_free(&r);
}

Test(vsswriters, utf16le_bom_crlf_as_powershell_writes_it)
{
	unsigned char *b;
	size_t n;
	struct run r;

	b = utf16le_crlf(writers, &n);
	run_parser_env(&parser_vsswriters, "writers.txt", 0, NULL, b, n, 5, &r);
	cr_assert_eq(r.h.n, 5);
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "System Writer");
	cr_assert_str_eq(hv(&r.h, 0, "state_text"), "Waiting for completion");
	cr_assert_str_eq(hv(&r.h, 4, "last_error"), "Timed out");
	cr_assert_str_eq(hv(&r.h, 2, "instance_id"), "{d170b355-a523-47ba-a5c8-732244f70e75}");
	cr_assert_eq(recognise_bytes("output.txt", b, n, NULL), &parser_vsswriters);
	free(b);
	run_free(&r);
}

/* Labels in another language (shape as vssadmin prints them, words translated). */
static const char writers_fr[] =
    "vssadmin 1.1 - Outil ligne de commande d'administration du service de cliché instantané\n"
    "\n"
    "Nom de l'enregistreur : 'System Writer'\n"
    "   Id de l'enregistreur : {e8132975-6f93-4464-a53e-1050253ae220}\n"
    "   Id de l'instance de l'enregistreur : {b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}\n"
    "   État : [7] Échec\n"
    "   Dernière erreur : Erreur non renouvelable\n"
    "\n"
    "Nom de l'enregistreur : 'WMI Writer'\n"
    "   Id de l'enregistreur : {a6ad56c2-b509-4e6c-bb19-49d8f43532f0}\n"
    "   Id de l'instance de l'enregistreur : {3e9e5a3e-0b5e-4b4f-9b4e-7c6f0d1a2b3c}\n"
    "   État : [1] Stable\n"
    "   Dernière erreur : Aucune erreur\n";

Test(vsswriters, localised_labels_by_shape)
{
	unsigned char *b;
	size_t n;
	struct run r;
	int bid;

	run_parser(&parser_vsswriters, "writers.txt", 0, writers_fr, &r);
	cr_assert_eq(r.h.n, 2);
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "System Writer");
	cr_assert_str_eq(hv(&r.h, 0, "writer_id"), "{e8132975-6f93-4464-a53e-1050253ae220}");
	cr_assert_str_eq(hv(&r.h, 0, "instance_id"), "{b1c47cec-0e12-4ac6-b84b-9c1d8292a9f3}");
	cr_assert_str_eq(hv(&r.h, 0, "state"), "7");
	cr_assert_str_eq(hv(&r.h, 0, "state_text"), "Échec");
	cr_assert_str_eq(hv(&r.h, 0, "failed"), "yes");
	cr_assert_str_eq(hv(&r.h, 0, "last_error"), "Erreur non renouvelable");
	cr_assert_null(hv(&r.h, 0, "last_error_code"));
	cr_assert_str_eq(hv(&r.h, 1, "failed"), "no");
	run_free(&r);

	b = utf16le_crlf(writers_fr, &n);
	cr_assert_eq(recognise_bytes("sortie.txt", b, n, &bid), &parser_vsswriters);
	cr_assert_geq(bid, 16);
	free(b);
}

Test(vsswriters, names_with_spaces_and_quotes)
{
	struct run r;

	run_parser(&parser_vsswriters, "writers.txt", 0,
	    "Writer name: 'Contoso's \"Line of Business\" Writer'\r\n"
	    "   Writer Id: {11111111-2222-3333-4444-555555555555}\r\n"
	    "   Writer Instance Id: {66666666-7777-8888-9999-aaaaaaaaaaaa}\r\n"
	    "   State: [1] Stable\r\n"
	    "   Last error: Unexpected error\r\n", &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "Contoso's \"Line of Business\" Writer");
	cr_assert_str_eq(hv(&r.h, 0, "last_error"), "Unexpected error");
	cr_assert_null(hv(&r.h, 0, "last_error_code"));
	run_free(&r);
}

Test(vsswriters, blocks_without_state_are_not_writers)
{
	struct run r;

	/* vssadmin list providers output appended to the same capture. */
	run_parser(&parser_vsswriters, "writers.txt", 0,
	    "Writer name: 'ASR Writer'\n"
	    "   Writer Id: {be000cbe-11fe-4426-9c58-531aa6355fc4}\n"
	    "   State: [1] Stable\n"
	    "   Last error: No error\n"
	    "\n"
	    "Provider name: 'Microsoft Software Shadow Copy provider 1.0'\n"
	    "   Provider type: System\n"
	    "   Provider Id: {b5946137-7b9f-4925-af80-51abd60b20d5}\n"
	    "   Version: 1.0.0.7\n", &r);
	cr_assert_eq(r.h.n, 1);
	cr_assert_str_eq(hv(&r.h, 0, "writer"), "ASR Writer");
	cr_assert_null(hv(&r.h, 0, "instance_id"));
	run_free(&r);
}

Test(vsswriters, bids)
{
	static const char shadowstorage[] =
	    "vssadmin 1.1 - Volume Shadow Copy Service administrative command-line tool\n"
	    "(C) Copyright 2001-2013 Microsoft Corp.\n\n"
	    "Shadow Copy Storage association\n"
	    "   For volume: (C:)\\\\?\\Volume{278ce142-19d8-11e1-9176-806e6f6e6963}\\\n";
	int b_full, b_noheader;

	b_full = parser_vsswriters.bid(NULL, writers, strlen(writers));
	b_noheader = parser_vsswriters.bid(NULL, writers + 120, strlen(writers) - 120);
	cr_assert_gt(b_full, b_noheader);
	cr_assert_gt(b_noheader, 0);
	cr_assert_eq(parser_vsswriters.bid(NULL, shadowstorage, strlen(shadowstorage)), 0);
	cr_assert_eq(recognise_bytes("writers.xml", writers, strlen(writers), NULL),
	    &parser_vsswriters);
}
