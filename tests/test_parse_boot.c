/* Tests for the bcdedit / mountvol parser. */
#include "parse_backup_harness.h"

static const char bcd_uefi[] =
    "\n"
    "Windows Boot Manager\n"
    "--------------------\n"
    "identifier              {bootmgr}\n"
    "device                  partition=\\Device\\HarddiskVolume1\n"
    "path                    \\EFI\\Microsoft\\Boot\\bootmgfw.efi\n"
    "description             Windows Boot Manager\n"
    "locale                  en-US\n"
    "inherit                 {globalsettings}\n"
    "default                 {current}\n"
    "resumeobject            {a5c0f2e1-3d4b-11eb-9f3c-00155d000a01}\n"
    "displayorder            {current}\n"
    "toolsdisplayorder       {memdiag}\n"
    "timeout                 30\n"
    "\n"
    "Windows Boot Loader\n"
    "-------------------\n"
    "identifier              {current}\n"
    "device                  partition=C:\n"
    "path                    \\Windows\\system32\\winload.efi\n"
    "description             Windows Server\n"
    "locale                  en-US\n"
    "osdevice                partition=C:\n"
    "systemroot              \\Windows\n";

static const char bcd_bios[] =
    "Windows Boot Manager\n"
    "--------------------\n"
    "identifier              {bootmgr}\n"
    "device                  partition=\\Device\\HarddiskVolume1\n"
    "description             Windows Boot Manager\n"
    "default                 {current}\n"
    "\n"
    "Windows Boot Loader\n"
    "-------------------\n"
    "identifier              {a5c0f2e1-3d4b-11eb-9f3c-00155d000a02}\n"
    "path                    \\Windows\\system32\\winload.exe\n"
    "description             Windows Server (old)\n"
    "\n"
    "Windows Boot Loader\n"
    "-------------------\n"
    "identifier              {current}\n"
    "path                    \\Windows\\system32\\winload.exe\n"
    "description             Windows Server\n";

static const char mountvol_uefi[] =
    "Creates, deletes, or lists a volume mount point.\n"
    "\n"
    "MOUNTVOL [drive:]path VolumeName\n"
    "\n"
    "    /E          Re-enables automatic mounting of new volumes.\n"
    "    /S          Mount the EFI System Partition on the given drive.\n"
    "\n"
    "Possible values for VolumeName along with current mount points are:\n"
    "\n"
    "    \\\\?\\Volume{fd2dcab2-4c85-44b7-bb48-efefa6550fdb}\\\n"
    "        C:\\\n"
    "\n"
    "    \\\\?\\Volume{3eec4ee4-5f65-4b33-a90d-f5e96a0ff2e3}\\\n"
    "        *** NO MOUNT POINTS ***\n"
    "\n"
    "    \\\\?\\Volume{8b027a84-8a98-4d30-9576-af50adcdfa93}\\\n"
    "        D:\\\n"
    "        D:\\Mounted\\Elsewhere\\\n"
    "\n";

static const char mountvol_bios[] =
    "    /N          Disables automatic mounting of new volumes.\n"
    "    /E          Re-enables automatic mounting of new volumes.\n"
    "\n"
    "Possible values for VolumeName along with current mount points are:\n"
    "\n"
    "    \\\\?\\Volume{c2b5b0ba-0000-0000-0000-100000000000}\\\n"
    "        C:\\\n"
    "\n";

Test(boot, bcdedit_uefi)
{
	struct h_run *r = h_parse(&parser_boot, "bcdedit.txt", bcd_uefi);

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "boot");
	h_expect(r, 0, "firmware", "uefi");
	h_expect(r, 0, "bootmgr_path", "\\EFI\\Microsoft\\Boot\\bootmgfw.efi");
	h_expect(r, 0, "loader_path", "\\Windows\\system32\\winload.efi");
	h_expect(r, 0, "source", "bcdedit");
	cr_assert_eq(r->rec[0].line, 20);
	h_free(r);
}

Test(boot, bcdedit_bios_prefers_current_loader_utf16)
{
	size_t n;
	unsigned char *u = h_utf16le(bcd_bios, &n);
	struct h_run *r = h_parse_env(&parser_boot, "bcdedit.txt", u, n, NULL);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "firmware", "bios");
	h_expect(r, 0, "bootmgr_path", NULL);
	h_expect(r, 0, "loader_path", "\\Windows\\system32\\winload.exe");
	cr_assert_eq(r->rec[0].line, 17);
	cr_assert_geq(h_bid_bytes(&parser_boot, "bcdedit.txt", u, n), 24);
	h_free(r);
	free(u);
}

Test(boot, mountvol_volumes_and_efi_option)
{
	struct h_run *r = h_parse(&parser_boot, "mountvol.txt", mountvol_uefi);

	cr_assert_eq(r->n, 4);
	cr_assert_str_eq(r->rec[0].kind, "mount");
	h_expect(r, 0, "volume_guid", "{fd2dcab2-4c85-44b7-bb48-efefa6550fdb}");
	h_expect(r, 0, "mount_points", "C:\\");
	h_expect(r, 0, "mounted", "yes");
	cr_assert_eq(r->rec[0].line, 10);
	h_expect(r, 1, "mount_points", "");
	h_expect(r, 1, "mounted", "no");
	h_expect(r, 2, "mount_points", "D:\\\nD:\\Mounted\\Elsewhere\\");
	cr_assert_str_eq(r->rec[3].kind, "boot");
	h_expect(r, 3, "firmware", "uefi");
	h_expect(r, 3, "source", "mountvol");
	h_free(r);
}

Test(boot, mountvol_usage_without_efi_option_is_bios)
{
	struct h_run *r = h_parse(&parser_boot, "mountvol.txt", mountvol_bios);

	cr_assert_eq(r->n, 2);
	h_expect(r, 1, "firmware", "bios");
	h_free(r);
	/* the listing alone says nothing about the firmware */
	r = h_parse(&parser_boot, "mountvol.txt", strstr(mountvol_bios, "Possible"));
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "mount");
	h_free(r);
}

Test(boot, bids)
{
	cr_assert_geq(h_bid(&parser_boot, "x.txt", bcd_uefi), 24);
	cr_assert_geq(h_bid(&parser_boot, "x.txt", mountvol_uefi), 24);
	cr_assert_eq(h_bid(&parser_boot, "bcdedit.txt", h_prose), 0);
	cr_assert_eq(h_bid(&parser_boot, "x.txt",
	    "The boot configuration data store could not be opened.\nAccess is denied.\n"), 0);
}
