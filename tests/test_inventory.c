/* Tests for the inventory: records, notes, duplicate lookup at bundle scale, status names. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>
#include "inventory.h"
#include "limits.h"

Test(inventory, add_defaults_and_lookup)
{
	struct inventory *inv = inventory_new();
	struct inv_entry *e;

	cr_assert_eq(inventory_count(inv), 0);
	cr_assert_not(inventory_has_path(inv, "a.log"));
	e = inventory_add(inv, "Logs/CBEngineCurr.errlog", 0);
	cr_assert_str_eq(e->path, "Logs/CBEngineCurr.errlog");
	cr_assert_eq(e->status, INV_SKIPPED);
	cr_assert_eq(e->size_declared, -1);
	cr_assert_null(e->note);
	cr_assert_null(e->kind);
	cr_assert_eq(e->flags, 0);
	inventory_add(inv, "a.zip!/x.log", 1);
	cr_assert_eq(inventory_count(inv), 2);
	cr_assert_eq(inventory_at(inv, 1)->depth, 1);
	cr_assert(inventory_has_path(inv, "a.zip!/x.log"));
	cr_assert_not(inventory_has_path(inv, "a.zip!/X.log"));
	cr_assert_null(inventory_at(inv, 2));
	cr_assert_null(inventory_at_mut(inv, 99));
	inventory_free(inv);
}

Test(inventory, notes_kind_encoding)
{
	struct inventory *inv = inventory_new();
	struct inv_entry *e = inventory_add(inv, "vssadmin.txt", 0);

	inv_set_note(e, "stopped at line %d", 12);
	cr_assert_str_eq(e->note, "stopped at line 12");
	/* The old note may be an argument of the new one. */
	inv_set_note(e, "%s (again)", e->note);
	cr_assert_str_eq(e->note, "stopped at line 12 (again)");
	inv_append_note(e, "warning: %s", "ZIP bad CRC");
	cr_assert_str_eq(e->note, "stopped at line 12 (again); warning: ZIP bad CRC");
	e = inventory_add(inv, "b.txt", 0);
	inv_append_note(e, "first");
	cr_assert_str_eq(e->note, "first");
	inv_set_kind(e, "vss.writer");
	inv_set_kind(e, "vss.shadowstorage");
	cr_assert_str_eq(e->kind, "vss.shadowstorage");
	inv_set_encoding(e, "utf-16le+bom");
	cr_assert_str_eq(inventory_at(inv, 1)->encoding, "utf-16le+bom");
	inv_set_kind(e, NULL);
	cr_assert_null(e->kind);
	inventory_free(inv);
}

Test(inventory, many_entries_duplicates_found)
{
	struct inventory *inv = inventory_new();
	char path[64];
	int i, dups = 0;

	for (i = 0; i < 150000; i++) {
		snprintf(path, sizeof path, "Logs/%d/WindowsAzureBackup.log", i % 100000);
		if (inventory_has_path(inv, path))
			dups++;
		inventory_add(inv, path, 0);
	}
	cr_assert_eq(dups, 50000);
	cr_assert_eq(inventory_count(inv), 150000);
	cr_assert_str_eq(inventory_at(inv, 123456)->path, "Logs/23456/WindowsAzureBackup.log");
	cr_assert(inventory_has_path(inv, "Logs/99999/WindowsAzureBackup.log"));
	cr_assert_not(inventory_has_path(inv, "Logs/100000/WindowsAzureBackup.log"));
	inventory_free(inv);
}

Test(inventory, status_names)
{
	cr_assert_str_eq(inv_status_name(INV_PARSED), "parsed");
	cr_assert_str_eq(inv_status_name(INV_PARTIAL), "partial");
	cr_assert_str_eq(inv_status_name(INV_CONTAINER), "container");
	cr_assert_str_eq(inv_status_name(INV_SKIPPED), "skipped");
	cr_assert_str_eq(inv_status_name(INV_FAILED), "failed");
	cr_assert_str_eq(inv_status_name(INV_REMAINDER), "unreadable-remainder");
}

Test(inventory, limit_defaults)
{
	struct limits l;

	limits_default(&l);
	cr_assert_eq(l.max_total, 4ULL << 30);
	cr_assert_eq(l.max_entry, 1ULL << 30);
	cr_assert_eq(l.max_ratio, 1000);
	cr_assert_eq(l.max_depth, 4);
	cr_assert_eq(l.max_entries, 100000);
	cr_assert_eq(l.max_line, 64 << 10);
	cr_assert_eq(l.max_nested_spool, 64ULL << 20);
	cr_assert_eq(l.max_seconds, 300);
}
