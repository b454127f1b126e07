/* Tests for the free space and disk layout parser (fsutil, wmic, WMI list, Get-Volume,
 * diskpart). */
#include "parse_backup_harness.h"

static const char fsutil_new[] =
    "C:\\>fsutil volume diskfree C:\n"
    "Total free bytes                :  35,466,014,720 ( 33.0 GB)\n"
    "Total bytes                     : 127,381,999,616 (118.6 GB)\n"
    "Total quota free bytes          :  35,466,014,720 ( 33.0 GB)\n"
    "Unavailable pool bytes          :               0 (  0.0 KB)\n"
    "Quota unavailable pool bytes    :               0 (  0.0 KB)\n"
    "Used bytes                      :  91,354,013,696 ( 85.1 GB)\n"
    "Total Reserved bytes            :     561,971,200 (535.9 MB)\n"
    "Volume storage reserved bytes   :     543,711,232 (518.5 MB)\n"
    "Available committed bytes       :               0 (  0.0 KB)\n"
    "Pool available bytes            :               0 (  0.0 KB)\n";

static const char fsutil_mid[] =
    "Total free bytes        : 890.5 GB (956,301,750,272 bytes)\n"
    "Total bytes             :   1.8 TB (2,000,381,014,016 bytes)\n"
    "Total quota free bytes  : 890.5 GB (956,301,750,272 bytes)\n";

static const char fsutil_old[] =
    "Total # of free bytes        : 76787392512\n"
    "Total # of bytes             : 135918366720\n"
    "Total # of avail free bytes  : 76787392512\n";

/* French labels, grouping with U+202F and U+00A0, decimal comma in the parentheses. */
static const char fsutil_fr[] =
    "Nombre total d\xe2\x80\x99octets libres          : 2\xe2\x80\xaf" "147\xe2\x80\xaf"
    "483\xe2\x80\xaf" "648 (  2,0 Go)\n"
    "Nombre total d\xe2\x80\x99octets                 : 127\xc2\xa0" "381\xc2\xa0"
    "999\xc2\xa0" "616 (118,6 Go)\n"
    "Nombre total d\xe2\x80\x99octets libres de quota : 2\xe2\x80\xaf" "147\xe2\x80\xaf"
    "483\xe2\x80\xaf" "648 (  2,0 Go)\n";

static const char diskpart_vol[] =
    "Microsoft DiskPart version 10.0.17763.1\n"
    "\n"
    "Copyright (C) Microsoft Corporation.\n"
    "On computer: SRV01\n"
    "\n"
    "DISKPART> list vol\n"
    "\n"
    "  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info\n"
    "  ----------  ---  -----------  -----  ----------  -------  ---------  --------\n"
    "  Volume 0         Windows RE   NTFS   Partition    499 MB  Healthy\n"
    "* Volume 1     C   OSDisk       NTFS   Partition    222 GB  Healthy    Boot\n"
    "  Volume 2         SYSTEM       FAT32  Partition     99 MB  Healthy    System\n"
    "\n"
    "DISKPART> list disk\n"
    "\n"
    "  Disk ###  Status         Size     Free     Dyn  Gpt\n"
    "  --------  -------------  -------  -------  ---  ---\n"
    "  Disk 0    Online          127 GB      0 B        *\n"
    "  Disk 1    Online         1024 GB  1024 GB\n"
    "\n"
    "DISKPART> san\n"
    "\n"
    "SAN Policy  : Offline All\n";

static const char getvolume[] =
    "\n"
    "DriveLetter FriendlyName FileSystemType DriveType HealthStatus OperationalStatus "
    "SizeRemaining      Size\n"
    "----------- ------------ -------------- --------- ------------ ----------------- "
    "-------------      ----\n"
    "C           OSDisk       NTFS           Fixed     Healthy      OK                "
    "     48.86 GB 126.45 GB\n"
    "            Recovery     NTFS           Fixed     Healthy      OK                "
    "     84.87 MB    499 MB\n"
    "D           Temporary... NTFS           Fixed     Healthy      OK                "
    "     14.88 GB     16 GB\n"
    "\n"
    "\n";

/* wmic writes CR CR LF when redirected; h_utf16le turns each "\n" into CR LF. */
static const char wmic[] =
    "Caption  FreeSpace    Size\r\n"
    "C:       35466014720  127381999616\r\n"
    "D:       15979118592  17177767936\r\n"
    "E:\r\n"
    "\r\n";

static const char wmilist[] =
    "\n"
    "DeviceID     : C:\n"
    "DriveType    : 3\n"
    "ProviderName :\n"
    "FreeSpace    : 2147483648\n"
    "Size         : 136912564224\n"
    "VolumeName   : Windows\n"
    "\n";

Test(volume, fsutil_newer_layout_with_command_line)
{
	struct h_run *r = h_parse(&parser_volume, "fsutil_diskfree.txt", fsutil_new);

	cr_assert_eq(r->rc, 0);
	cr_assert_eq(r->n, 1);
	cr_assert_str_eq(r->rec[0].kind, "volume");
	cr_assert_eq(r->rec[0].line, 2);
	h_expect(r, 0, "volume", "C:");
	h_expect(r, 0, "free_bytes", "35466014720");
	h_expect(r, 0, "total_bytes", "127381999616");
	h_expect(r, 0, "free_pct", "27");
	h_expect(r, 0, "source", "fsutil");
	h_free(r);
}

Test(volume, fsutil_intermediate_and_older_layouts)
{
	struct h_run *r = h_parse(&parser_volume, "diskfree.txt", fsutil_mid);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "free_bytes", "956301750272");
	h_expect(r, 0, "total_bytes", "2000381014016");
	h_expect(r, 0, "free_pct", "47");
	h_expect(r, 0, "volume", NULL);
	h_free(r);
	r = h_parse(&parser_volume, "diskfree.txt", fsutil_old);
	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "free_bytes", "76787392512");
	h_expect(r, 0, "total_bytes", "135918366720");
	h_expect(r, 0, "free_pct", "56");
	h_free(r);
}

Test(volume, fsutil_french_space_grouping)
{
	struct h_run *r = h_parse(&parser_volume, "diskfree.txt", fsutil_fr);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "free_bytes", "2147483648");
	h_expect(r, 0, "total_bytes", "127381999616");
	h_expect(r, 0, "free_pct", "1");
	h_free(r);
}

Test(volume, fsutil_two_outputs_in_one_capture)
{
	struct h_run *r = h_parse(&parser_volume, "diskfree.txt",
	    "fsutil volume diskfree C:\n"
	    "Total # of free bytes        : 76787392512\n"
	    "Total # of bytes             : 135918366720\n"
	    "\n"
	    "Total # of free bytes        : -4096\n"
	    "Total # of bytes             : 1073741824\n");

	cr_assert_eq(r->n, 2);
	h_expect(r, 0, "volume", "C:");
	h_expect(r, 1, "volume", NULL);
	h_expect(r, 1, "free_bytes", "-4096");
	h_expect(r, 1, "free_pct", NULL);
	h_free(r);
}

Test(volume, diskpart_list_vol_disk_and_san)
{
	struct h_run *r = h_parse(&parser_volume, "diskpart.txt", diskpart_vol);

	cr_assert_eq(r->n, 6);
	cr_assert_str_eq(r->rec[0].kind, "volume");
	h_expect(r, 0, "volume", "Windows RE");
	h_expect(r, 0, "volume_number", "0");
	h_expect(r, 0, "total_bytes", "523239424");
	h_expect(r, 0, "info", NULL);
	h_expect(r, 1, "volume", "C:");
	h_expect(r, 1, "label", "OSDisk");
	h_expect(r, 1, "info", "Boot");
	h_expect(r, 2, "volume", "SYSTEM");
	h_expect(r, 2, "file_system", "FAT32");
	h_expect(r, 2, "type", "Partition");
	h_expect(r, 2, "status", "Healthy");
	h_expect(r, 2, "info", "System");
	h_expect(r, 2, "source", "diskpart");
	cr_assert_eq(r->rec[2].line, 12);
	cr_assert_str_eq(r->rec[3].kind, "disk");
	h_expect(r, 3, "disk", "0");
	h_expect(r, 3, "status", "Online");
	h_expect(r, 3, "size", "127 GB");
	h_expect(r, 3, "free", "0 B");
	h_expect(r, 3, "gpt", "yes");
	h_expect(r, 3, "dynamic", "no");
	h_expect(r, 4, "gpt", "no");
	h_expect(r, 4, "free_bytes", "1099511627776");
	cr_assert_str_eq(r->rec[5].kind, "san");
	h_expect(r, 5, "policy", "Offline All");
	h_expect(r, 5, "policy_id", "OfflineAll");
	cr_assert_eq(r->rec[5].line, 23);
	h_free(r);
}

Test(volume, get_volume_table_utf16)
{
	size_t n;
	unsigned char *u = h_utf16le(getvolume, &n);
	struct h_run *r = h_parse_env(&parser_volume, "Get-Volume.txt", u, n, NULL);

	cr_assert_eq(r->n, 3);
	h_expect(r, 0, "volume", "C:");
	h_expect(r, 0, "label", "OSDisk");
	h_expect(r, 0, "file_system", "NTFS");
	h_expect(r, 0, "free_bytes", "52463025521");
	h_expect(r, 0, "total_bytes", "135774653645");
	h_expect(r, 0, "free_pct", "38");
	h_expect(r, 0, "health", "Healthy");
	h_expect(r, 0, "approx", "yes");
	h_expect(r, 0, "source", "get-volume");
	h_expect(r, 1, "volume", "Recovery");
	h_expect(r, 1, "total_bytes", "523239424");
	h_expect(r, 2, "label", "Temporary...");
	cr_assert_geq(h_bid_bytes(&parser_volume, "Get-Volume.txt", u, n), 24);
	h_free(r);
	free(u);
}

Test(volume, wmic_utf16_crcrlf)
{
	size_t n;
	unsigned char *u = h_utf16le(wmic, &n);
	struct h_run *r = h_parse_env(&parser_volume, "wmic.txt", u, n, NULL);

	cr_assert_eq(r->n, 3);
	h_expect(r, 0, "volume", "C:");
	h_expect(r, 0, "free_bytes", "35466014720");
	h_expect(r, 0, "total_bytes", "127381999616");
	h_expect(r, 0, "free_pct", "27");
	h_expect(r, 0, "source", "wmic");
	h_expect(r, 0, "approx", NULL);
	h_expect(r, 1, "volume", "D:");
	h_expect(r, 2, "volume", "E:");
	h_expect(r, 2, "free_bytes", NULL);
	cr_assert_geq(h_bid_bytes(&parser_volume, "wmic.txt", u, n), 24);
	h_free(r);
	free(u);
}

Test(volume, wmi_list)
{
	struct h_run *r = h_parse(&parser_volume, "logicaldisk.txt", wmilist);

	cr_assert_eq(r->n, 1);
	h_expect(r, 0, "volume", "C:");
	h_expect(r, 0, "label", "Windows");
	h_expect(r, 0, "drive_type", "3");
	h_expect(r, 0, "free_bytes", "2147483648");
	h_expect(r, 0, "free_pct", "1");
	h_expect(r, 0, "source", "wmi");
	cr_assert_eq(r->rec[0].line, 2);
	h_free(r);
}

Test(volume, bids)
{
	cr_assert_geq(h_bid(&parser_volume, "x.txt", fsutil_new), 24);
	cr_assert_geq(h_bid(&parser_volume, "x.txt", fsutil_mid), 24);
	cr_assert_geq(h_bid(&parser_volume, "x.txt", fsutil_old), 24);
	cr_assert_geq(h_bid(&parser_volume, "x.txt", fsutil_fr), 24);
	cr_assert_geq(h_bid(&parser_volume, "x.txt", diskpart_vol), 32);
	cr_assert_geq(h_bid(&parser_volume, "x.txt", wmilist), 24);
	cr_assert_eq(h_bid(&parser_volume, "x.txt", "\nSAN Policy  : Online All\n"), 16);
	cr_assert_eq(h_bid(&parser_volume, "volume.txt", h_prose), 0);
	cr_assert_eq(h_bid(&parser_volume, "x.txt",
	    "Display Name                                            Name                       "
	    "Install State\n"
	    "------------                                            ----                       "
	    "-------------\n"
	    "[X] Windows Server Backup                               Windows-Server-Backup      "
	    "    Installed\n"), 0);
}
